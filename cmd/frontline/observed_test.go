package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNotObserved (#20, 5): a day before the seed's first observed day
// (its first version's, 2014-02-27) says "not observed" everywhere: the
// stats (HTTP and CLI), the export, the picture's stamp, and its day tiles
// and TileJSON answer 404; every TileJSON carries the observed range; an
// export after a dataset's last observed day says as of which day it is.
func TestNotObserved(t *testing.T) {
	base, _ := testServer(t)
	db := seededCopy(t)
	var ds struct {
		Datasets []map[string]any
	}
	_, body := get(t, base+"/api/datasets")
	if err := json.Unmarshal(body, &ds); err != nil {
		t.Fatal(err)
	}
	for _, d := range ds.Datasets {
		if d["name"] == "seed" && (d["observed_from"] != "2014-02-27" || d["observed_to"] != nil) {
			t.Errorf("seed: observed %v..%v, want from 2014-02-27, no last day", d["observed_from"], d["observed_to"])
		}
	}
	for path, want := range map[string]bool{
		"/api/stats?day=2013-01-01": false, "/api/stats?day=2013-01-01&by=oblast": false,
		"/api/stats?day=2014-02-27": true, "/api/stats?day=2025-01-20&by=oblast": true,
	} {
		var st struct{ Observed *bool }
		if _, body := get(t, base+path); json.Unmarshal(body, &st) != nil || st.Observed == nil || *st.Observed != want {
			t.Errorf("GET %s: observed %v, want %v: %.200s", path, st.Observed, want, body)
		}
	}
	for _, path := range []string{"/tiles/2013-01-01/6/38/22.mvt", "/tiles/2013-01-01/6/38/22.png", "/tiles/2013-01-01.json"} {
		resp, body := get(t, base+path)
		var e struct{ Error string }
		if resp.StatusCode != http.StatusNotFound || json.Unmarshal(body, &e) != nil || e.Error != "seed: no data before 2014-02-27" {
			t.Errorf("GET %s: %d %s, want 404 seed: no data before 2014-02-27", path, resp.StatusCode, body)
		}
	}
	for _, path := range []string{"/tiles/2025-01-20.json", "/tiles/all.json"} {
		var tj map[string]any
		if _, body := get(t, base+path); json.Unmarshal(body, &tj) != nil || tj["frontline:observed_from"] != "2014-02-27" || tj["frontline:observed_to"] != nil {
			t.Errorf("GET %s: observed %v..%v, want from 2014-02-27", path, tj["frontline:observed_from"], tj["frontline:observed_to"])
		}
	}
	if resp, _ := get(t, base+"/snapshot.png?day=2013-01-01&width=300&height=200"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /snapshot.png of 2013-01-01: %d, want a picture stamped no data", resp.StatusCode)
	}
	if _, pj := snapshotCLI(t, db, "ukraine-2013-test.png", "--day", "2013-01-01"); pj.Stamp != "no data before 27 Feb 2014" || pj.Figures.Observed {
		t.Errorf("snapshot of 2013-01-01: stamp %q, observed %v; want no data before 27 Feb 2014", pj.Stamp, pj.Figures.Observed)
	}

	_, out, _ := runCLI(t, db, "", "stats", "--day", "2013-01-01", "--json")
	if !strings.Contains(out, `"observed": false`) {
		t.Errorf("stats --json of 2013-01-01: %.300s, want observed false", out)
	}
	if _, out, _ := runCLI(t, db, "", "stats", "--day", "2013-01-01"); !strings.Contains(out, "not observed: no data before 2014-02-27") {
		t.Errorf("stats of 2013-01-01: %.300s", out)
	}
	if _, out, _ := runCLI(t, db, "", "stats", "--day", "2025-01-20", "--json"); !strings.Contains(out, `"observed": true`) {
		t.Errorf("stats --json of 2025-01-20: %.300s, want observed true", out)
	}
	var fc map[string]any
	if _, out, _ := runCLI(t, db, "", "export", "--day", "2013-01-01", "-o", "-"); json.Unmarshal([]byte(out), &fc) != nil || fc["observed"] != false {
		t.Errorf("export of 2013-01-01: observed %v, want false", fc["observed"])
	}
	// A series observed from 2025-01-01 to 2025-01-03.
	series := filepath.Join(t.TempDir(), "series")
	writeSeriesDir(t, series)
	if code, _, stderr := runCLI(t, db, "", "import", "--dataset", "extra", "--region", "extra-area", "--side", "ru", "--status", "occupied", series); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	for day, want := range map[string]any{"2025-02-01": "2025-01-03", "2025-01-02": nil} {
		fc = nil
		if _, out, _ := runCLI(t, db, "", "export", "--dataset", "extra", "--day", day, "-o", "-"); json.Unmarshal([]byte(out), &fc) != nil || fc["as_of"] != want || fc["observed"] != true {
			t.Errorf("export of %s: as of %v, observed %v; want as of %v", day, fc["as_of"], fc["observed"], want)
		}
	}
}

// TestCreditsRight (#20, 6): a dataset without an attribution is credited
// by its name, never as the seed, in TileJSON, the style and the PMTiles
// metadata, which all credit GeoNames.
func TestCreditsRight(t *testing.T) {
	db := seededCopy(t)
	series := filepath.Join(t.TempDir(), "series")
	writeSeriesDir(t, series)
	if code, _, stderr := runCLI(t, db, "", "import", "--dataset", "extra", "--region", "extra-area", "--side", "ru", "--status", "occupied", series); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	base, _ := serveOn(t, db)
	check := func(what, attribution string) {
		t.Helper()
		if !strings.HasPrefix(attribution, "Control: extra · ") || !strings.Contains(attribution, "GeoNames (CC BY 4.0)") || strings.Contains(attribution, "seed") {
			t.Errorf("%s: attribution %q, want the dataset's name and GeoNames, not the seed", what, attribution)
		}
	}
	for _, path := range []string{"/tiles/2025-01-02.json?dataset=extra", "/tiles/all.json?dataset=extra", "/tiles/2025-01-02.json?dataset=extra&format=png"} {
		var tj struct{ Attribution string }
		_, body := get(t, base+path)
		json.Unmarshal(body, &tj)
		check(path, tj.Attribution)
	}
	var style struct {
		Sources struct{ Frontline struct{ Attribution string } }
	}
	_, body := get(t, base+"/styles/default.json?dataset=extra")
	json.Unmarshal(body, &style)
	check("style", style.Sources.Frontline.Attribution)
	out := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := runCLI(t, db, "", "publish", "--dataset", "extra", "--out", out, "--maxzoom", "4", "--app=false"); code != 0 {
		t.Fatalf("publish: %d %s", code, stderr)
	}
	_, meta, _ := readArchive(t, filepath.Join(out, "control.pmtiles"))
	a, _ := meta["attribution"].(string)
	check("control.pmtiles", a)
	_, meta, _ = readArchive(t, filepath.Join(out, "basemap.pmtiles"))
	if a, _ := meta["attribution"].(string); !strings.Contains(a, "GeoNames") {
		t.Errorf("basemap.pmtiles: attribution %q, want GeoNames", a)
	}
}

// TestWebAppNoData (#20, 5 and 6): the app says "no data before" the
// dataset's first observed day, as it says "as of" after its last, and its
// footer credits the control areas in the shown dataset's own words.
func TestWebAppNoData(t *testing.T) {
	ctx, console := startBrowser(t)
	db := seededCopy(t)
	series := filepath.Join(t.TempDir(), "series")
	writeSeriesDir(t, series)
	if code, _, stderr := runCLI(t, db, "", "import", "--dataset", "extra", "--region", "extra-area", "--side", "ru", "--status", "occupied", series); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	base, _ := serveOn(t, db)
	stamp := `document.getElementById('stamp').innerText.replace(/\s+/g, ' ')`
	notice := `document.getElementById('day-asof').hidden ? '' : document.getElementById('day-asof').innerText`
	footer := `document.getElementById('footer-control').innerText`

	openFresh(t, ctx, base+"/?day=2014-01-15")
	if got := jsEval[string](t, ctx, `frontline.noData`); got != "2014-02-27" {
		t.Errorf("15 January 2014: frontline.noData %q, want 2014-02-27", got)
	}
	if got := jsEval[string](t, ctx, stamp); !strings.Contains(got, "no data before 27 Feb 2014") {
		t.Errorf("15 January 2014: stamp %q, want no data before 27 Feb 2014", got)
	}
	if got := jsEval[string](t, ctx, notice); !strings.Contains(got, "No data before 27 Feb 2014") {
		t.Errorf("15 January 2014: the panel's notice %q", got)
	}
	jsWait(t, ctx, `document.getElementById('figures-body').innerText.includes('No data before')`, 5*time.Second)
	if got := jsEval[string](t, ctx, footer); !strings.Contains(got, "seed data are approximations") {
		t.Errorf("the seed's footer: %q", got)
	}
	jsEval[bool](t, ctx, `(frontline.setDay('2014-03-01'), true)`)
	if got := jsEval[string](t, ctx, stamp); jsEval[string](t, ctx, `frontline.noData`) != "" || strings.Contains(got, "no data") || jsEval[string](t, ctx, notice) != "" {
		t.Errorf("1 March 2014, observed: stamp %q, notice %q", got, jsEval[string](t, ctx, notice))
	}

	openFresh(t, ctx, base+"/?dataset=extra&day=2025-01-02")
	if got := jsEval[string](t, ctx, footer); strings.Contains(got, "seed") || !strings.Contains(got, "extra") {
		t.Errorf("the footer over the extra dataset: %q, want it named, not the seed", got)
	}
	jsEval[bool](t, ctx, `(frontline.setDay('2024-12-20'), true)`)
	if got := jsEval[string](t, ctx, `frontline.noData`); got != "2025-01-01" {
		t.Errorf("extra before its first day: frontline.noData %q, want 2025-01-01", got)
	}
	if errs := console.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}
