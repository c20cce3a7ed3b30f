package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/internal/fake"
)

// TestNoDataBeforeObserved (#20, 5): a day before the dataset's first
// observed day has no map: its day tiles, TileJSON and style answer 404
// saying so, while the days observed, the temporal tiles and the basemap
// answer; every TileJSON of the dataset carries the observed range.
func TestNoDataBeforeObserved(t *testing.T) {
	st := fake.NewStore()
	st.SetDataset(geo.Dataset{Name: "seed", ObservedFrom: geo.MustParseDay("2014-02-27"), ObservedTo: geo.MustParseDay("2025-04-26")})
	h := New(Config{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}).Routes()
	const noData = "seed: no data before 2014-02-27"
	for path, want := range map[string]int{
		"/tiles/2014-02-26/7/74/45.png":       http.StatusNotFound,
		"/tiles/2013-01-01/7/74/45@2x.png":    http.StatusNotFound,
		"/tiles/2013-01-01/7/74/45.mvt":       http.StatusNotFound,
		"/tiles/2013-01-01.json":              http.StatusNotFound,
		"/tiles/2013-01-01.json?format=png":   http.StatusNotFound,
		"/styles/default.json?day=2013-01-01": http.StatusNotFound,
		"/tiles/2014-02-27/7/74/45.png":       http.StatusOK,
		"/tiles/2014-02-27/7/74/45.mvt":       http.StatusOK,
		"/tiles/2014-02-27.json":              http.StatusOK,
		"/tiles/latest/7/74/45.png":           http.StatusOK,
		"/tiles/all/7/74/45.mvt":              http.StatusOK,
		"/tiles/base/7/74/45.mvt":             http.StatusOK,
		"/styles/default.json":                http.StatusOK,
	} {
		w := get(t, h, path)
		if w.Code != want {
			t.Errorf("GET %s: got %d %s, want %d", path, w.Code, w.Body, want)
			continue
		}
		if want == http.StatusNotFound {
			var e struct{ Error string }
			if json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Error != noData || w.Header().Get("Content-Type") != "application/json" {
				t.Errorf("GET %s: body %s, want the error %q", path, w.Body, noData)
			}
		}
	}
	for _, path := range []string{"/tiles/2015-01-01.json", "/tiles/latest.json?format=png2x", "/tiles/all.json"} {
		var tj map[string]any
		if w := get(t, h, path); json.Unmarshal(w.Body.Bytes(), &tj) != nil || tj["frontline:observed_from"] != "2014-02-27" || tj["frontline:observed_to"] != "2025-04-26" {
			t.Errorf("GET %s: observed range %v..%v, want 2014-02-27..2025-04-26", path, tj["frontline:observed_from"], tj["frontline:observed_to"])
		}
	}
	var base map[string]any
	if w := get(t, h, "/tiles/base.json"); json.Unmarshal(w.Body.Bytes(), &base) != nil || base["frontline:observed_from"] != nil {
		t.Errorf("the basemap's TileJSON carries a dataset's observed range: %v", base)
	}
}

// TestGeoNamesCredited (#20, 6): every TileJSON and the style credit
// GeoNames, whose places the tiles draw.
func TestGeoNamesCredited(t *testing.T) {
	h := New(Config{Store: fake.NewStore(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}).Routes()
	for _, path := range []string{"/tiles/2015-01-01.json", "/tiles/2015-01-01.json?format=png", "/tiles/all.json", "/tiles/base.json"} {
		var tj struct{ Attribution string }
		if w := get(t, h, path); json.Unmarshal(w.Body.Bytes(), &tj) != nil || !strings.Contains(tj.Attribution, "GeoNames (CC BY 4.0)") {
			t.Errorf("GET %s: attribution %q, want GeoNames credited", path, tj.Attribution)
		}
		if strings.Contains(tj.Attribution, "approximations") {
			t.Errorf("GET %s: attribution %q: a dataset without an attribution credited with the seed's words", path, tj.Attribution)
		}
	}
	var style struct {
		Sources struct{ Frontline struct{ Attribution string } }
	}
	if w := get(t, h, "/styles/default.json"); json.Unmarshal(w.Body.Bytes(), &style) != nil || !strings.Contains(style.Sources.Frontline.Attribution, "GeoNames") {
		t.Errorf("style: attribution %q, want GeoNames credited", style.Sources.Frontline.Attribution)
	}
}
