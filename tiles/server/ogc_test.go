package server

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/tiles/internal/fake"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// TestOGCAndWMTSTilesAreXYZTiles: every OGC API - Tiles and WMTS tile is
// the XYZ tile of the same day, the same bytes under the same ETag
// (issue #21), with the OGC order z/y/x.
func TestOGCAndWMTSTilesAreXYZTiles(t *testing.T) {
	s, _ := seedLikeServer()
	h := s.Routes()
	tl := maptile.At(orb.Point{38.3, 47.9}, 7)
	zyx := fmt.Sprintf("%d/%d/%d", tl.Z, tl.Y, tl.X)
	kvp := fmt.Sprintf("/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=seed&STYLE=default&FORMAT=image/png&TILEMATRIXSET=WebMercatorQuad&TILEMATRIX=%d&TILEROW=%d&TILECOL=%d", tl.Z, tl.Y, tl.X)
	xyz := func(day, ext string) string { return fmt.Sprintf("/tiles/%s/%d/%d/%d.%s", day, tl.Z, tl.X, tl.Y, ext) }
	for name, tc := range map[string]struct{ path, want string }{
		"ogc map tile":            {"/ogc/collections/seed/map/tiles/WebMercatorQuad/" + zyx + "?datetime=2025-01-20", xyz("2025-01-20", "png")},
		"ogc map tile, other day": {"/ogc/collections/seed/map/tiles/WebMercatorQuad/" + zyx + "?datetime=2023-03-05", xyz("2023-03-05", "png")},
		"ogc map tile, date-time": {"/ogc/collections/seed/map/tiles/WebMercatorQuad/" + zyx + "?datetime=2025-01-20T12:00:00Z", xyz("2025-01-20", "png")},
		"ogc map tile, latest":    {"/ogc/collections/seed/map/tiles/WebMercatorQuad/" + zyx, xyz("latest", "png")},
		"ogc vector tile":         {"/ogc/collections/seed/tiles/WebMercatorQuad/" + zyx + "?datetime=2025-01-20", xyz("2025-01-20", "mvt")},
		"wmts kvp":                {kvp + "&TIME=2025-01-20", xyz("2025-01-20", "png")},
		"wmts kvp, default time":  {fmt.Sprintf("/wmts?service=WMTS&request=GetTile&layer=seed&format=image/png&tilematrixset=WebMercatorQuad&tilematrix=%d&tilerow=%d&tilecol=%d", tl.Z, tl.Y, tl.X), xyz("latest", "png")},
		"wmts rest":               {"/wmts/1.0.0/seed/default/2025-01-20/WebMercatorQuad/" + zyx + ".png", xyz("2025-01-20", "png")},
		"wmts rest, alias":        {"/wmts/1.0.0/seed/default/2025-01-20/GoogleMapsCompatible/" + zyx + ".png", xyz("2025-01-20", "png")},
	} {
		t.Run(name, func(t *testing.T) {
			want := get(t, h, tc.want, "Accept-Encoding", "gzip")
			got := get(t, h, tc.path, "Accept-Encoding", "gzip")
			if got.Code != 200 || want.Code != 200 {
				t.Fatalf("got %d %s, want 200 (XYZ %d)", got.Code, got.Body, want.Code)
			}
			if got.Body.String() != want.Body.String() {
				t.Errorf("got %d bytes, want the XYZ tile's %d", got.Body.Len(), want.Body.Len())
			}
			for _, k := range []string{"ETag", "Content-Type", "Content-Encoding", "Cache-Control"} {
				if g, w := got.Header().Get(k), want.Header().Get(k); g != w {
					t.Errorf("%s: got %q, want %q", k, g, w)
				}
			}
			if w := get(t, h, tc.path, "Accept-Encoding", "gzip", "If-None-Match", want.Header().Get("ETag")); w.Code != 304 {
				t.Errorf("If-None-Match: got %d, want 304", w.Code)
			}
		})
	}
}

// TestOGCDocuments: the landing page, conformance, collections, tilesets
// and tile matrix set say what OGC API - Tiles 1.0 asks of them, with
// absolute URLs on the request's host (and Vary) or on Config.PublicURL.
func TestOGCDocuments(t *testing.T) {
	s, _ := seedLikeServer()
	h := s.Routes()
	doc := func(t *testing.T, path string) map[string]any {
		t.Helper()
		w := get(t, h, path)
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("%s: got %d %s %s, want 200 JSON", path, w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		if v := w.Header().Values("Vary"); !strings.Contains(strings.Join(v, ","), "Host, X-Forwarded-Proto") {
			t.Errorf("%s: got Vary %q, want Host, X-Forwarded-Proto", path, v)
		}
		var m map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	hrefOf := func(m map[string]any, rel string) string {
		links, _ := m["links"].([]any)
		for _, l := range links {
			if l := l.(map[string]any); l["rel"] == rel {
				return l["href"].(string)
			}
		}
		return ""
	}
	landing := doc(t, "/ogc")
	for rel, want := range map[string]string{
		"self": "http://frontline/ogc", "service-desc": "http://frontline/ogc/api", relConformance: "http://frontline/ogc/conformance",
		"data": "http://frontline/ogc/collections", relTilingSchemes: "http://frontline/ogc/tileMatrixSets",
	} {
		if got := hrefOf(landing, rel); got != want {
			t.Errorf("landing link %s: got %q, want %q", rel, got, want)
		}
	}
	conf := fmt.Sprint(doc(t, "/ogc/conformance")["conformsTo"])
	for _, c := range []string{"ogcapi-common-1/1.0/conf/core", "ogcapi-common-1/1.0/conf/landing-page", "ogcapi-tiles-1/1.0/conf/core",
		"ogcapi-tiles-1/1.0/conf/geodata-tilesets", "ogcapi-tiles-1/1.0/conf/datetime", "tms/2.0/conf/tilematrixsetlimits"} {
		if !strings.Contains(conf, c) {
			t.Errorf("conformance lacks %s: %s", c, conf)
		}
	}
	cols := doc(t, "/ogc/collections")["collections"].([]any)
	seed := cols[0].(map[string]any)
	if seed["id"] != "seed" || len(seed["frontline:changeDays"].([]any)) == 0 || hrefOf(seed, relTilesetsMap) != "http://frontline/ogc/collections/seed/map/tiles" {
		t.Errorf("collection: got %v", seed)
	}
	if got := fmt.Sprint(seed["extent"].(map[string]any)["temporal"]); !strings.Contains(got, "T00:00:00Z") {
		t.Errorf("temporal extent: got %s", got)
	}
	ts := doc(t, "/ogc/collections/seed/map/tiles/WebMercatorQuad")
	if ts["dataType"] != "map" || ts["tileMatrixSetURI"] != tmsURI || len(ts["tileMatrixSetLimits"].([]any)) != 19 ||
		hrefOf(ts, "item") != "http://frontline/ogc/collections/seed/map/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}" ||
		hrefOf(ts, relTilingScheme) != "http://frontline/ogc/tileMatrixSets/WebMercatorQuad" {
		t.Errorf("map tileset: got %v", ts)
	}
	if vts := doc(t, "/ogc/collections/seed/tiles/WebMercatorQuad"); vts["dataType"] != "vector" || vts["layers"] == nil {
		t.Errorf("vector tileset: got %v", vts)
	}
	if l := doc(t, "/ogc/collections/seed/tiles")["tilesets"].([]any); len(l) != 1 {
		t.Errorf("tilesets: got %v", l)
	}
	tms := doc(t, "/ogc/tileMatrixSets/WebMercatorQuad")
	m0 := tms["tileMatrices"].([]any)[0].(map[string]any)
	if len(tms["tileMatrices"].([]any)) != 19 || m0["scaleDenominator"].(float64) < 559082264 || m0["scaleDenominator"].(float64) > 559082265 {
		t.Errorf("tile matrix set: got %v", m0)
	}
	if w := get(t, h, "/ogc/collections?f=html"); w.Code != 200 || !strings.Contains(w.Body.String(), `href="http://frontline/ogc/collections/seed/tiles?f=html"`) {
		t.Errorf("HTML collections: got %d %s", w.Code, w.Body)
	}
	if w := get(t, h, "/ogc", "Accept", "text/html,application/xhtml+xml"); !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Errorf("a browser's landing page: got %s", w.Header().Get("Content-Type"))
	}
	t.Run("public URL", func(t *testing.T) {
		st, bm := fake.SeedLike()
		h := New(Config{Store: st, Basemap: bm, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), PublicURL: "https://maps.example.org/fl/"}).Routes()
		for _, path := range []string{"/ogc", "/wmts/1.0.0/WMTSCapabilities.xml", "/tiles/2025-01-20.json"} {
			w := get(t, h, path)
			if !strings.Contains(w.Body.String(), "https://maps.example.org/fl/") || strings.Contains(w.Body.String(), "http://frontline") {
				t.Errorf("%s: got %s, want URLs on the public URL", path, w.Body)
			}
			if v := w.Header().Values("Vary"); strings.Contains(strings.Join(v, ","), "Host") {
				t.Errorf("%s: got Vary %q, want none by Host", path, v)
			}
		}
	})
}

// TestWMTSCapabilities: a Layer per dataset with a Time dimension of its
// change days (the default the latest), the WebMercatorQuad matrix set
// and both KVP and RESTful URLs.
func TestWMTSCapabilities(t *testing.T) {
	s, st := seedLikeServer()
	h := s.Routes()
	days, _ := st.ChangeDays(t.Context(), "seed", orb.Bound{})
	for _, path := range []string{"/wmts?SERVICE=WMTS&REQUEST=GetCapabilities", "/wmts?request=getcapabilities", "/wmts/1.0.0/WMTSCapabilities.xml"} {
		w := get(t, h, path)
		body := w.Body.String()
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/xml") {
			t.Fatalf("%s: got %d %s", path, w.Code, body)
		}
		for _, want := range []string{
			"<ows:Identifier>seed</ows:Identifier>", "<ows:Identifier>Time</ows:Identifier>",
			"<Default>" + days[len(days)-1].String() + "</Default>", "<Value>" + days[0].String() + "</Value>",
			"<ows:Identifier>WebMercatorQuad</ows:Identifier>", "urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible",
			`template="http://frontline/wmts/1.0.0/seed/{Style}/{Time}/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png"`,
			`xlink:href="http://frontline/wmts?"`, "<TileMatrixSetLimits>",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
		if strings.Count(body, "<Value>") != len(days) {
			t.Errorf("%s: got %d Time values, want %d", path, strings.Count(body, "<Value>"), len(days))
		}
	}
}

// TestOGCAndWMTSErrors: OGC requests fail with the JSON errors of every
// route, WMTS requests with OWS exception reports, each with its status.
func TestOGCAndWMTSErrors(t *testing.T) {
	s, _ := seedLikeServer()
	h := s.Routes()
	const kvp = "/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=seed&STYLE=default&FORMAT=image/png&TILEMATRIXSET=WebMercatorQuad&TILEMATRIX=7"
	for name, tc := range map[string]struct {
		path, code string // code: the OWS exceptionCode, "" for a JSON error
		status     int
	}{
		"ogc outside the limits":     {"/ogc/collections/seed/map/tiles/WebMercatorQuad/7/0/0", "", 404},
		"ogc zoom beyond the matrix": {"/ogc/collections/seed/tiles/WebMercatorQuad/19/0/0", "", 404},
		"ogc other matrix set":       {"/ogc/collections/seed/tiles/WorldCRS84Quad/7/44/77", "", 404},
		"ogc unknown collection":     {"/ogc/collections/nosuch/tiles/WebMercatorQuad/7/44/77", "", 404},
		"ogc bad datetime":           {"/ogc/collections/seed/tiles/WebMercatorQuad/7/44/77?datetime=yesterday", "", 400},
		"ogc bad f":                  {"/ogc/collections?f=xml", "", 400},
		"wmts missing row":           {kvp + "&TILECOL=77", "MissingParameterValue", 400},
		"wmts out of range":          {kvp + "&TILEROW=0&TILECOL=0", "TileOutOfRange", 400},
		"wmts unknown layer":         {strings.Replace(kvp, "LAYER=seed", "LAYER=nosuch", 1) + "&TILEROW=44&TILECOL=77", "InvalidParameterValue", 400},
		"wmts bad time":              {kvp + "&TILEROW=44&TILECOL=77&TIME=soon", "InvalidParameterValue", 400},
		"wmts jpeg":                  {strings.Replace(kvp, "image/png", "image/jpeg", 1) + "&TILEROW=44&TILECOL=77", "InvalidParameterValue", 400},
		"wmts other service":         {"/wmts?SERVICE=WMS&REQUEST=GetCapabilities", "InvalidParameterValue", 400},
		"wmts no request":            {"/wmts?SERVICE=WMTS", "MissingParameterValue", 400},
		"wmts feature info":          {"/wmts?SERVICE=WMTS&REQUEST=GetFeatureInfo", "OperationNotSupported", 501},
		"wmts rest out of range":     {"/wmts/1.0.0/seed/default/2025-01-20/WebMercatorQuad/7/0/0.png", "TileOutOfRange", 404},
		"wmts rest unknown layer":    {"/wmts/1.0.0/nosuch/default/2025-01-20/WebMercatorQuad/7/44/77.png", "InvalidParameterValue", 404},
	} {
		t.Run(name, func(t *testing.T) {
			w := get(t, h, tc.path)
			if w.Code != tc.status {
				t.Errorf("got %d %s, want %d", w.Code, w.Body, tc.status)
			}
			if tc.code == "" {
				if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
					t.Errorf("got %s, want a JSON error", w.Header().Get("Content-Type"))
				}
				return
			}
			if !strings.Contains(w.Body.String(), `<ExceptionReport xmlns="http://www.opengis.net/ows/1.1"`) ||
				!strings.Contains(w.Body.String(), `exceptionCode="`+tc.code+`"`) {
				t.Errorf("got %s, want an exception report of %s", w.Body, tc.code)
			}
		})
	}
}
