package server

import (
	"net/http"
	"strconv"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/service"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb/maptile"
)

// tilesetKind is what a collection's tilesets are: vector tiles under
// /tiles, map tiles under /map/tiles.
type tilesetKind struct {
	dataType string // OGC's: vector or map
	path     string // under the collection
	format   service.Format
}

var (
	vectorTilesets = tilesetKind{"vector", "/tiles", service.MVT}
	mapTilesets    = tilesetKind{"map", "/map/tiles", service.PNG}
)

// ogcTilesets serves GET /ogc/collections/{collection}/tiles (and
// /map/tiles): the list of the collection's tilesets, one per tile matrix
// set.
func (s *Server) ogcTilesets(k tilesetKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		meta, err := s.collection(r.Context(), mux.Vars(r)["collection"])
		if err != nil {
			s.fail(w, r, err)
			return
		}
		self := s.baseURL(w, r) + "/ogc/collections/" + meta.Name + k.path
		title := tileJSONName(meta) + ": " + k.dataType + " tilesets"
		ts := map[string]any{
			"title":            tileJSONName(meta) + " (" + k.dataType + ", " + tmsID + ")",
			"dataType":         k.dataType,
			"crs":              crs3857,
			"tileMatrixSetURI": tmsURI,
			"links": []link{
				{Href: self + "/" + tmsID, Rel: "self", Type: mimeJSON, Title: "The tileset"},
				{Href: s.baseURL(w, r) + "/ogc/tileMatrixSets/" + tmsID, Rel: relTilingScheme, Type: mimeJSON, Title: tmsID},
			},
		}
		s.writeOGC(w, r, map[string]any{"title": title, "links": docLinks(self, title), "tilesets": []map[string]any{ts}})
	}
}

// ogcTileset serves GET /ogc/collections/{collection}/tiles/WebMercatorQuad
// (and /map/tiles/...): the tileset's metadata, with its limits and the
// template of its tiles.
func (s *Server) ogcTileset(k tilesetKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v := mux.Vars(r)
		if v["tms"] != tmsID {
			s.fail(w, r, notFoundf("tile matrix set %s: this API has %s", geo.Echo(v["tms"]), tmsID))
			return
		}
		meta, err := s.collection(r.Context(), v["collection"])
		if err != nil {
			s.fail(w, r, err)
			return
		}
		base := s.baseURL(w, r) + "/ogc"
		col := base + "/collections/" + meta.Name
		self := col + k.path + "/" + tmsID
		title := tileJSONName(meta) + " (" + k.dataType + ", " + tmsID + ")"
		doc := map[string]any{
			"title":               title,
			"description":         "The map of any day: add datetime=YYYY-MM-DD to a tile's URL (absent: the latest day the map changed). Each day's tiles are the same bytes as /tiles/{day}/{z}/{x}/{y}." + k.format.String() + ".",
			"dataType":            k.dataType,
			"crs":                 crs3857,
			"tileMatrixSetURI":    tmsURI,
			"tileMatrixSetLimits": ogcLimits(),
			"boundingBox": map[string]any{
				"lowerLeft":  []float64{mapBounds.Min[0], mapBounds.Min[1]},
				"upperRight": []float64{mapBounds.Max[0], mapBounds.Max[1]},
				"crs":        crsCRS84,
			},
			"attribution": AttributionOf(meta),
			"links": append(docLinks(self, title),
				link{Href: base + "/tileMatrixSets/" + tmsID, Rel: relTilingScheme, Type: mimeJSON, Title: tmsID},
				link{Href: col, Rel: "collection", Type: mimeJSON, Title: tileJSONName(meta)},
				link{Href: self + "/{tileMatrix}/{tileRow}/{tileCol}", Rel: "item", Type: k.format.ContentType(), Title: "A tile of the latest day; add ?datetime=YYYY-MM-DD for another", Templated: true}),
		}
		if k.format == service.MVT {
			layers := make([]map[string]any, len(tiles.VectorLayers))
			for i, l := range tiles.VectorLayers {
				layers[i] = map[string]any{"id": l.ID, "description": l.Description, "dataType": "vector", "minTileMatrix": "0", "maxTileMatrix": strconv.Itoa(tiles.MaxZoom)}
			}
			doc["layers"] = layers
		}
		s.writeOGC(w, r, doc)
	}
}

// ogcLimits are the tile matrix set limits of every zoom in JSON
// (OGC 17-083r4 TileMatrixSetLimits).
func ogcLimits() []map[string]any {
	out := make([]map[string]any, 0, tiles.MaxZoom+1)
	for z := maptile.Zoom(0); z <= tiles.MaxZoom; z++ {
		l := limitsAt(z)
		out = append(out, map[string]any{"tileMatrix": strconv.Itoa(int(z)),
			"minTileRow": l.minRow, "maxTileRow": l.maxRow, "minTileCol": l.minCol, "maxTileCol": l.maxCol})
	}
	return out
}

// ogcTileMatrixSets serves GET /ogc/tileMatrixSets.
func (s *Server) ogcTileMatrixSets(w http.ResponseWriter, r *http.Request) {
	base := s.baseURL(w, r) + "/ogc/tileMatrixSets"
	s.writeOGC(w, r, map[string]any{
		"title": "Tile matrix sets",
		"links": docLinks(base, "Tile matrix sets"),
		"tileMatrixSets": []map[string]any{{
			"id": tmsID, "title": "Google Maps Compatible for the World", "uri": tmsURI, "crs": crs3857,
			"links": []link{{Href: base + "/" + tmsID, Rel: relTilingScheme, Type: mimeJSON, Title: tmsID}},
		}},
	})
}

// ogcTileMatrixSet serves GET /ogc/tileMatrixSets/WebMercatorQuad: its
// definition as OGC 17-083r4 (2.0) JSON encodes it.
func (s *Server) ogcTileMatrixSet(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["tms"]
	if id != tmsID {
		s.fail(w, r, notFoundf("tile matrix set %s: this API has %s", geo.Echo(id), tmsID))
		return
	}
	matrices := make([]map[string]any, 0, tiles.MaxZoom+1)
	for z := maptile.Zoom(0); z <= tiles.MaxZoom; z++ {
		n := uint64(1) << z
		matrices = append(matrices, map[string]any{
			"id": strconv.Itoa(int(z)), "scaleDenominator": scaleDenominator(z), "cellSize": cellSize(z),
			"cornerOfOrigin": "topLeft", "pointOfOrigin": []float64{-mercatorOrigin, mercatorOrigin},
			"tileWidth": tileSize, "tileHeight": tileSize, "matrixWidth": n, "matrixHeight": n,
		})
	}
	self := s.baseURL(w, r) + "/ogc/tileMatrixSets/" + tmsID
	s.writeOGC(w, r, map[string]any{
		"id": tmsID, "title": "Google Maps Compatible for the World", "uri": tmsURI,
		"crs": crs3857, "orderedAxes": []string{"E", "N"}, "wellKnownScaleSet": wkssURI,
		"tileMatrices": matrices,
		"links":        docLinks(self, tmsID),
	})
}
