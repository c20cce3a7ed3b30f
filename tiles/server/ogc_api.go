package server

import (
	"encoding/json"
	"net/http"
	"strings"
)

// ogcAPI serves GET /ogc/api: the API definition, OpenAPI 3.0, of every
// /ogc path (OGC API - Common /req/oas30, Tiles /req/oas30).
func (s *Server) ogcAPI(w http.ResponseWriter, r *http.Request) {
	base := s.baseURL(w, r) + "/ogc"
	if r.URL.Query().Get("f") == "html" {
		writeOGCHTML(w, r, map[string]any{"title": "frontline OGC API definition", "links": docLinks(base+"/api", "The API definition")})
		return
	}
	paths := map[string]any{}
	for _, p := range []struct{ path, id, summary, media string }{
		{"/", "getLandingPage", "Landing page", mimeJSON},
		{"/conformance", "getConformance", "Conformance classes", mimeJSON},
		{"/api", "getAPI", "This API definition", mimeOpenAPI},
		{"/collections", "getCollections", "Collections: one per dataset", mimeJSON},
		{"/collections/{collectionId}", "getCollection", "A collection", mimeJSON},
		{"/collections/{collectionId}/tiles", "getVectorTilesets", "The collection's vector tilesets", mimeJSON},
		{"/collections/{collectionId}/tiles/{tileMatrixSetId}", "getVectorTileset", "A vector tileset", mimeJSON},
		{"/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", "getVectorTile", "A vector tile (MVT) of a day", "application/vnd.mapbox-vector-tile"},
		{"/collections/{collectionId}/map/tiles", "getMapTilesets", "The collection's map tilesets", mimeJSON},
		{"/collections/{collectionId}/map/tiles/{tileMatrixSetId}", "getMapTileset", "A map tileset", mimeJSON},
		{"/collections/{collectionId}/map/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", "getMapTile", "A map tile (PNG) of a day", "image/png"},
		{"/tileMatrixSets", "getTileMatrixSets", "Tile matrix sets", mimeJSON},
		{"/tileMatrixSets/{tileMatrixSetId}", "getTileMatrixSet", "A tile matrix set's definition", mimeJSON},
	} {
		var params []any
		for _, name := range []string{"collectionId", "tileMatrixSetId", "tileMatrix", "tileRow", "tileCol"} {
			if strings.Contains(p.path, "{"+name+"}") {
				params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
			}
		}
		if strings.HasSuffix(p.path, "{tileCol}") {
			params = append(params, map[string]any{"name": "datetime", "in": "query", "required": false,
				"description": "The day: YYYY-MM-DD, an RFC 3339 date-time, or an interval (its end); absent: the latest day the map changed",
				"schema":      map[string]any{"type": "string"}})
		} else if p.media == mimeJSON {
			params = append(params, map[string]any{"name": "f", "in": "query", "required": false, "schema": map[string]any{"type": "string", "enum": []string{"json", "html"}}})
		}
		paths[p.path] = map[string]any{"get": map[string]any{
			"operationId": p.id, "summary": p.summary, "parameters": params,
			"responses": map[string]any{
				"200": map[string]any{"description": p.summary, "content": map[string]any{p.media: map[string]any{}}},
				"400": map[string]any{"description": "A bad parameter"},
				"404": map[string]any{"description": "No such collection, tile matrix set or tile (outside the limits), or a day before the dataset's first observed day"},
			},
		}}
	}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "frontline: OGC API - Tiles", "version": "1.0.0"},
		"servers": []any{map[string]any{"url": base}},
		"paths":   paths,
	}
	w.Header().Set("Content-Type", mimeOpenAPI)
	w.Header().Set("Cache-Control", "public, max-age=300")
	if r.Method != http.MethodHead {
		json.NewEncoder(w).Encode(doc)
	}
}
