package server

import (
	"net/http"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// OGC API - Tiles 1.0 (OGC 20-057) with OGC API - Common Part 1, under
// /ogc: a landing page, the conformance declaration, a collection per
// dataset (/ogc/collections) with vector and map tilesets in the
// WebMercatorQuad tile matrix set (/ogc/tileMatrixSets). Every document
// is JSON, or HTML for a person (?f=html, or a browser's Accept), and
// links to the others by absolute URLs on Server.baseURL. The tiles are
// the tile service's (ogc_tile.go).

// ogcConformance are the conformance classes /ogc/conformance declares.
// Not claimed: Tiles dataset-tilesets and collections-selection (tiles of
// all datasets at once would overlay maps that disagree), the XML, JPEG,
// TIFF, netCDF and GeoJSON encodings, and Common Part 2 (a draft).
var ogcConformance = []string{
	"http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/landing-page",
	"http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/json",
	"http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/html",
	"http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/oas30",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/datetime",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/png",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
	"http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
	"http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
	"http://www.opengis.net/spec/tms/2.0/conf/tilematrixsetlimits",
	"http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixsetlimits",
	"http://www.opengis.net/spec/tms/2.0/conf/tilesetmetadata",
	"http://www.opengis.net/spec/tms/2.0/conf/json-tilesetmetadata",
}

// Link relations of OGC API documents (OGC's link relation register).
const (
	relOGC            = "http://www.opengis.net/def/rel/ogc/1.0/"
	relConformance    = relOGC + "conformance"
	relData           = relOGC + "data"
	relTilingSchemes  = relOGC + "tiling-schemes"
	relTilingScheme   = relOGC + "tiling-scheme"
	relTilesetsVector = relOGC + "tilesets-vector"
	relTilesetsMap    = relOGC + "tilesets-map"
	mimeJSON          = "application/json"
	mimeHTML          = "text/html"
	mimeOpenAPI       = "application/vnd.oai.openapi+json;version=3.0"
)

// link is an OGC API link (RFC 8288 in JSON).
type link struct {
	Href      string `json:"href"`
	Rel       string `json:"rel"`
	Type      string `json:"type,omitempty"`
	Title     string `json:"title,omitempty"`
	Templated bool   `json:"templated,omitempty"`
}

// docLinks are a document's self link (JSON) and its HTML alternate.
func docLinks(href, title string) []link {
	return []link{
		{Href: href, Rel: "self", Type: mimeJSON, Title: title},
		{Href: href + "?f=html", Rel: "alternate", Type: mimeHTML, Title: title + " (HTML)"},
	}
}

// ogcLanding serves GET /ogc: the landing page. Its conformance and
// collections links carry both OGC's relation IRIs (Common) and the short
// names OGC API - Features registered (conformance, data).
func (s *Server) ogcLanding(w http.ResponseWriter, r *http.Request) {
	base := s.baseURL(w, r) + "/ogc"
	doc := map[string]any{
		"title":       "frontline: OGC API - Tiles",
		"description": "Dated maps of territorial control in the war in Ukraine: a collection per dataset, vector (MVT) and map (PNG) tiles of any day (datetime=YYYY-MM-DD) in WebMercatorQuad. WMTS 1.0.0 at /wmts.",
		"attribution": BasemapAttribution,
		"links": append(docLinks(base, "This landing page"),
			link{Href: base + "/api", Rel: "service-desc", Type: mimeOpenAPI, Title: "The API definition (OpenAPI 3.0)"},
			link{Href: base + "/conformance", Rel: relConformance, Type: mimeJSON, Title: "Conformance classes"},
			link{Href: base + "/conformance", Rel: "conformance", Type: mimeJSON, Title: "Conformance classes"},
			link{Href: base + "/collections", Rel: relData, Type: mimeJSON, Title: "Collections: one per dataset"},
			link{Href: base + "/collections", Rel: "data", Type: mimeJSON, Title: "Collections: one per dataset"},
			link{Href: base + "/tileMatrixSets", Rel: relTilingSchemes, Type: mimeJSON, Title: "Tile matrix sets"}),
	}
	s.writeOGC(w, r, doc)
}

// ogcConformanceDoc serves GET /ogc/conformance.
func (s *Server) ogcConformanceDoc(w http.ResponseWriter, r *http.Request) {
	base := s.baseURL(w, r) + "/ogc"
	s.writeOGC(w, r, map[string]any{
		"title":      "Conformance",
		"conformsTo": ogcConformance,
		"links":      docLinks(base+"/conformance", "Conformance"),
	})
}

// writeOGC writes an OGC API document as JSON, or as HTML when the client
// asks for it (?f=html, or Accept preferring text/html as browsers do).
// Answers vary by Accept.
func (s *Server) writeOGC(w http.ResponseWriter, r *http.Request, doc map[string]any) {
	w.Header().Add("Vary", "Accept")
	switch f := r.URL.Query().Get("f"); f {
	case "json":
	case "html":
		writeOGCHTML(w, r, doc)
		return
	case "":
		if prefersHTML(r.Header.Get("Accept")) {
			writeOGCHTML(w, r, doc)
			return
		}
	default:
		s.fail(w, r, geo.Invalidf("f %s: want json or html", geo.Echo(f)))
		return
	}
	writeJSON(w, r, http.StatusOK, doc)
}

// prefersHTML reports whether an Accept header names text/html before
// any JSON type, as a browser's does.
func prefersHTML(accept string) bool {
	h := strings.Index(accept, mimeHTML)
	j := strings.Index(accept, "json")
	return h >= 0 && (j < 0 || h < j)
}

// ogcRoutes adds the routes of /ogc with get (Routes' helper).
func (s *Server) ogcRoutes(get func(path, name string, h http.HandlerFunc)) {
	get("/ogc", "ogc_landing", s.ogcLanding)
	get("/ogc/", "ogc_landing", s.ogcLanding)
	get("/ogc/conformance", "ogc_conformance", s.ogcConformanceDoc)
	get("/ogc/api", "ogc_api", s.ogcAPI)
	get("/ogc/collections", "ogc_collections", s.ogcCollections)
	get("/ogc/collections/{collection}", "ogc_collection", s.ogcCollection)
	get("/ogc/tileMatrixSets", "ogc_tms", s.ogcTileMatrixSets)
	get("/ogc/tileMatrixSets/{tms}", "ogc_tms", s.ogcTileMatrixSet)
	for _, k := range []tilesetKind{vectorTilesets, mapTilesets} {
		prefix := "/ogc/collections/{collection}" + k.path
		get(prefix, "ogc_tilesets", s.ogcTilesets(k))
		get(prefix+"/{tms}", "ogc_tileset", s.ogcTileset(k))
		get(prefix+"/{tms}/{z}/{y}/{x}", "ogc_tile_"+k.dataType, s.ogcTile(k.format))
	}
}
