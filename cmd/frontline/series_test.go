package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/geo"
)

// TestSeriesAPI: GET /api/series on SQLite and on PostgreSQL (with the seed
// and a small series dataset) answers every change day with the figures
// /api/stats gives that day, as JSON and as CSV, under ETags that
// If-None-Match turns into 304s (as /api/stats's); a day past the data's
// end is "as of" its last observed day; bad requests are 400 JSON.
func TestSeriesAPI(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "series.db")
		copyFile(t, seedDB(t), db)
		checkSeriesAPI(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		checkSeriesAPI(t, pgtest.URL(t)) // seeded when opened
	})
}

func checkSeriesAPI(t *testing.T, db string) {
	dir := filepath.Join(t.TempDir(), "series")
	writeSeriesDir(t, dir)
	if code, _, stderr := runCLI(t, db, "", "import", "--dataset", "extra", "--region", "extra-area", "--side", "ru", "--status", "occupied", dir); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	base, _ := testServerWith(t, testSetup{db: db})
	var tl struct{ Days []struct{ Day string } }
	if _, body := get(t, base+"/api/timeline"); json.Unmarshal(body, &tl) != nil || len(tl.Days) < 10 {
		t.Fatalf("timeline: %s", body)
	}
	var fs geo.FigureSeries
	resp, body := get(t, base+"/api/series")
	if err := json.Unmarshal(body, &fs); err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("series: %d %s %v %s", resp.StatusCode, resp.Header.Get("Content-Type"), err, body[:min(300, len(body))])
	}
	if len(fs.Days) != len(tl.Days) || fs.Dataset != "seed" || fs.From.String() != tl.Days[0].Day || fs.ReferenceKm2 < 590000 {
		t.Fatalf("series: %d entries of %s from %s (Ukraine %.0f km²), want the %d change days of seed from %s",
			len(fs.Days), fs.Dataset, fs.From, fs.ReferenceKm2, len(tl.Days), tl.Days[0].Day)
	}
	for i, e := range fs.Days {
		if e.Day.String() != tl.Days[i].Day {
			t.Fatalf("entry %d: %s, want %s", i, e.Day, tl.Days[i].Day)
		}
		if i%4 != 0 && i != len(fs.Days)-1 {
			continue
		}
		var st geo.Stats
		_, b := get(t, base+"/api/stats?day="+e.Day.String())
		if err := json.Unmarshal(b, &st); err != nil || len(st.Figures) != len(e.Figures) {
			t.Fatalf("%s: %d figures in the series, stats %v %s", e.Day, len(e.Figures), err, b)
		}
		for k, f := range st.Figures {
			g := e.Figures[k]
			if g.Side != f.Side || g.Status != f.Status || math.Abs(g.AreaKm2-f.AreaKm2) > 1e-4 || math.Abs(g.Share-f.Share) > 1e-8 {
				t.Errorf("%s: series %+v, stats %+v", e.Day, g, f)
			}
		}
	}
	checkTagged(t, base+"/api/series", resp.Header, body)
	for _, p := range []string{"/api/stats?day=2024-08-20", "/api/stats?day=2024-08-20&by=oblast"} {
		r, b := get(t, base+p)
		checkTagged(t, base+p, r.Header, b)
		if r2, _ := get(t, base+strings.Replace(p, "2024-08-20", "2022-03-01", 1)); r2.Header.Get("ETag") == r.Header.Get("ETag") {
			t.Errorf("%s: another day's figures have the same ETag %s", p, r.Header.Get("ETag"))
		}
	}
	checkSeriesCSV(t, base, fs)

	var by geo.FigureSeries
	if _, b := get(t, base+"/api/series?by=oblast&from=2024-08-20&to=2024-12-31"); json.Unmarshal(b, &by) != nil ||
		by.By != "oblast" || len(by.Areas) < 27 || len(by.Days) == 0 || by.Days[0].Day.String() != "2024-08-20" || len(by.Days[0].Areas) == 0 {
		t.Errorf("by oblast from 2024-08-20: %s", b[:min(400, len(b))])
	}
	// Past the data's end: the map of the last observed day.
	var past geo.FigureSeries
	if _, b := get(t, base+"/api/series?dataset=extra&from=2025-01-02&to=2025-06-01"); json.Unmarshal(b, &past) != nil ||
		past.AsOf.String() != "2025-01-03" || len(past.Days) != 2 || past.Days[1].Day.String() != "2025-01-03" {
		t.Errorf("extra to 2025-06-01: %s, want 2 entries as of 2025-01-03", b)
	}
	for p, code := range map[string]int{
		"/api/series?from=2024-13-01": 400, "/api/series?to=yesterday": 400, "/api/series?from=2025-01-01&to=2024-01-01": 400,
		"/api/series?by=county": 400, "/api/series?format=xml": 400, "/api/series?dataset=nope": 404,
	} {
		r, b := get(t, base+p)
		var e struct {
			Error  string
			Status int
		}
		if r.StatusCode != code || json.Unmarshal(b, &e) != nil || e.Status != code || e.Error == "" || r.Header.Get("ETag") != "" {
			t.Errorf("%s: got %d %s, want %d with a JSON error", p, r.StatusCode, b, code)
		}
	}
}

// checkTagged checks that an answer has an ETag that If-None-Match turns
// into a 304 without a body, and that another ETag does not.
func checkTagged(t *testing.T, url string, resp0 interface{ Get(string) string }, body []byte) {
	t.Helper()
	etag := resp0.Get("ETag")
	if len(etag) < 10 || !strings.HasPrefix(etag, `"`) || len(body) == 0 {
		t.Fatalf("%s: ETag %q on %d bytes, want a strong ETag", url, etag, len(body))
	}
	r, b := get(t, url, "If-None-Match", etag)
	if r.StatusCode != 304 || len(b) != 0 || r.Header.Get("ETag") != etag {
		t.Errorf("%s with If-None-Match %s: got %d, %d bytes, ETag %s, want 304 and none", url, etag, r.StatusCode, len(b), r.Header.Get("ETag"))
	}
	if r, b := get(t, url, "If-None-Match", `"other"`); r.StatusCode != 200 || !bytes.Equal(b, body) {
		t.Errorf("%s with another ETag: got %d, want 200 and the same bytes", url, r.StatusCode)
	}
}

// checkSeriesCSV: the CSV of the whole series has the documented header,
// the same rows for every entry, and the JSON's figures (0 where a day's
// map has none of a side and status).
func checkSeriesCSV(t *testing.T, base string, fs geo.FigureSeries) {
	t.Helper()
	resp, body := get(t, base+"/api/series?format=csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "frontline-seed-") {
		t.Fatalf("csv: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	checkTagged(t, base+"/api/series?format=csv", resp.Header, body)
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("csv: %v %s", err, body[:min(200, len(body))])
	}
	if h := strings.Join(rows[0], ","); h != "day,reference,side,status,area_km2,inside_km2,share" {
		t.Errorf("csv header: %s", h)
	}
	rows = rows[1:]
	if len(rows)%len(fs.Days) != 0 {
		t.Fatalf("csv: %d rows for %d days, want as many for each", len(rows), len(fs.Days))
	}
	per := len(rows) / len(fs.Days)
	for i, e := range fs.Days {
		want := map[string]geo.SeriesFigure{}
		for _, f := range e.Figures {
			want[f.Side.String()+" "+f.Status.String()] = f
		}
		for _, r := range rows[i*per : (i+1)*per] {
			km2, _ := strconv.ParseFloat(r[4], 64)
			if r[0] != e.Day.String() || r[1] != "UA" || km2 != want[r[2]+" "+r[3]].AreaKm2 {
				t.Fatalf("csv row %v: want day %s, UA, %.4f km²", r, e.Day, want[r[2]+" "+r[3]].AreaKm2)
			}
		}
	}
}
