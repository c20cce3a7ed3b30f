package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/internal/fake"
)

// TestEditDataset: PATCH /api/datasets/{name} takes a bearer token, sets
// the fields of its body and refuses what it cannot take; TileJSON and the
// style then credit the dataset's attribution and licence (escaped: they
// are shown as HTML).
func TestEditDataset(t *testing.T) {
	st := fake.NewStore()
	s := New(Config{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Token: "t"})
	h := s.Routes()
	patch := func(path, token, body string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest(http.MethodPatch, "http://frontline"+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	// Read once, so that the server's memory of the datasets is warm: the
	// edit must refresh it.
	get(t, h, "/tiles/2015-01-01.json")

	body := `{"attribution": "DeepStateMap <b>", "license": "GPL-3.0", "source_url": "https://deepstatemap.live/?a=1&b=2"}`
	for name, tc := range map[string]struct {
		path, token, body string
		code              int
		says              string
	}{
		"no token":        {"/api/datasets/seed", "", body, 401, "bearer token"},
		"wrong token":     {"/api/datasets/seed", "x", body, 401, "bearer token"},
		"unknown dataset": {"/api/datasets/nope", "t", body, 404, "not found"},
		"bad name":        {"/api/datasets/No_Such", "t", body, 400, "bad dataset name"},
		"over-long":       {"/api/datasets/seed", "t", `{"title": "` + strings.Repeat("x", geo.MaxDatasetText+1) + `"}`, 400, "at most 500"},
		"bad url":         {"/api/datasets/seed", "t", `{"source_url": "javascript:alert(1)"}`, 400, "http(s) URL"},
		"unknown member":  {"/api/datasets/seed", "t", `{"titel": "x"}`, 400, "unknown member"},
		"not a string":    {"/api/datasets/seed", "t", `{"title": 1}`, 400, "want a string"},
		"null":            {"/api/datasets/seed", "t", `{"title": null}`, 400, "want a string"},
		"nothing":         {"/api/datasets/seed", "t", `{}`, 400, "nothing to change"},
		"empty body":      {"/api/datasets/seed", "t", ``, 400, "empty body"},
		"broken JSON":     {"/api/datasets/seed", "t", `{"title":`, 400, "bad JSON"},
		"too large":       {"/api/datasets/seed", "t", `{"title": "` + strings.Repeat(" ", maxDatasetBody) + `"}`, 413, "too large"},
	} {
		w := patch(tc.path, tc.token, tc.body)
		var e struct{ Error string }
		if w.Code != tc.code || json.Unmarshal(w.Body.Bytes(), &e) != nil || !strings.Contains(e.Error, tc.says) {
			t.Errorf("%s: got %d %s, want %d saying %q", name, w.Code, w.Body, tc.code, tc.says)
		}
	}
	if len(st.Actors) != 0 {
		t.Fatalf("refused edits reached the store: %v", st.Actors)
	}

	w := patch("/api/datasets/seed", "t", body)
	var d geo.Dataset
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &d) != nil || d.Attribution != "DeepStateMap <b>" || d.License != "GPL-3.0" ||
		w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("edit: got %d %s", w.Code, w.Body)
	}
	if len(st.Actors) != 1 || st.Actors[0] != "admin" {
		t.Errorf("the edit's actor: %v, want admin", st.Actors)
	}
	if w := get(t, h, "/api/datasets/seed"); w.Code != 200 || !strings.Contains(w.Body.String(), `"license":"GPL-3.0"`) {
		t.Errorf("GET /api/datasets/seed: %d %s", w.Code, w.Body)
	}
	if w := get(t, h, "/api/datasets/nope"); w.Code != 404 {
		t.Errorf("GET /api/datasets/nope: %d", w.Code)
	}
	const credit = `Control: <a href="https://deepstatemap.live/?a=1&amp;b=2">DeepStateMap &lt;b&gt; (GPL-3.0)</a> · boundaries: Natural Earth (public domain) · towns: GeoNames (CC BY 4.0)`
	for _, path := range []string{"/tiles/2015-01-01.json", "/tiles/all.json", "/tiles/latest.json?format=png"} {
		var tj struct{ Name, Attribution string }
		if w := get(t, h, path); json.Unmarshal(w.Body.Bytes(), &tj) != nil || tj.Attribution != credit {
			t.Errorf("%s: attribution %q, want %q", path, tj.Attribution, credit)
		}
	}
	var style struct {
		Metadata map[string]string
		Sources  struct{ Frontline struct{ Attribution string } }
	}
	if w := get(t, h, "/styles/default.json"); json.Unmarshal(w.Body.Bytes(), &style) != nil || style.Sources.Frontline.Attribution != credit ||
		style.Metadata["frontline:license"] != "GPL-3.0" || style.Metadata["frontline:attribution"] != "DeepStateMap <b>" || style.Metadata["frontline:dataset"] != "seed" {
		t.Errorf("style: %+v", style)
	}

	// A title names the tiles, a description describes them.
	patch("/api/datasets/seed", "t", `{"title": "Seed map", "description": "What the seed is."}`)
	var tj struct{ Name, Description string }
	if w := get(t, h, "/tiles/2015-01-01.json"); json.Unmarshal(w.Body.Bytes(), &tj) != nil || tj.Name != "Seed map 2015-01-01" || tj.Description != "What the seed is." {
		t.Errorf("tilejson: %+v", tj)
	}
	if w := get(t, h, "/tiles/all.json"); json.Unmarshal(w.Body.Bytes(), &tj) != nil || tj.Name != "Seed map through time" || !strings.HasPrefix(tj.Description, "What the seed is. Every version") {
		t.Errorf("temporal tilejson: %+v", tj)
	}
}

// TestAttributionOf (#20, 6): a dataset is credited with its own words:
// its attribution and licence, or its title or name, never the seed's;
// GeoNames is credited beside Natural Earth, whose places are drawn.
func TestAttributionOf(t *testing.T) {
	const base = " · boundaries: Natural Earth (public domain) · towns: GeoNames (CC BY 4.0)"
	for name, tc := range map[string]struct {
		d    geo.Dataset
		want string
	}{
		"no attribution: its name":  {geo.Dataset{Name: "deepstate"}, "Control: deepstate" + base},
		"no attribution: its title": {geo.Dataset{Name: "deepstate", Title: "DeepStateMap <daily>"}, "Control: DeepStateMap &lt;daily&gt;" + base},
		"a licence alone":           {geo.Dataset{Name: "open", License: "CC0-1.0"}, "Control: open (CC0-1.0)" + base},
		"attribution and licence":   {geo.Dataset{Name: "deepstate", Title: "T", Attribution: "DeepStateMap", License: "GPL-3.0"}, "Control: DeepStateMap (GPL-3.0)" + base},
		"linked":                    {geo.Dataset{Name: "deepstate", SourceURL: "https://deepstatemap.live"}, `Control: <a href="https://deepstatemap.live">deepstate</a>` + base},
	} {
		if got := AttributionOf(tc.d); got != tc.want {
			t.Errorf("%s: got %q, want %q", name, got, tc.want)
		}
		if strings.Contains(AttributionOf(tc.d), "seed") {
			t.Errorf("%s: credited with the seed's words", name)
		}
	}
}
