package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// tinySeries writes a series of one file a day (map-YYYY-MM-DD.geojson)
// of a box in Donbas whose east edge is the day's value, and returns its
// folder.
func tinySeries(t *testing.T, days map[string]float64) string {
	t.Helper()
	dir := t.TempDir()
	for day, east := range days {
		body := fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[36,47],[%g,47],[%g,48],[36,48],[36,47]]]}}]}`, east, east)
		if err := os.WriteFile(filepath.Join(dir, "map-"+day+".geojson"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// tinyDays are three days of a series that ends on 2026-08-22.
var tinyDays = map[string]float64{"2026-08-20": 37.0, "2026-08-21": 37.1, "2026-08-22": 37.2}

// TestDatasetMetadataCLI: a series import records the observed range; a
// day after it is answered "as of" its last day by stats (text and JSON,
// by oblast too), /api/stats and the snapshot's stamp, whose ETag moves
// when the range does; the attribution and licence set with `datasets
// set` show in TileJSON, the style, /api/datasets and the snapshot's
// footer.
func TestDatasetMetadataCLI(t *testing.T) {
	db := seededCopy(t)
	cli := func(want int, args ...string) string {
		t.Helper()
		code, out, stderr := runCLI(t, db, "", args...)
		if code != want {
			t.Fatalf("%v: exit %d, want %d: %s%s", args, code, want, out, stderr)
		}
		return out + stderr
	}
	cli(exitOK, "import", "--dataset", "tiny", "--region", "tiny-occupied", "--side", "ru", "--status", "occupied",
		"--title", "Tiny series", tinySeries(t, tinyDays))

	var list struct {
		Default  string
		Datasets []geo.Dataset
	}
	if err := json.Unmarshal([]byte(cli(exitOK, "datasets", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	var tiny geo.Dataset
	for _, d := range list.Datasets {
		if d.Name == "tiny" {
			tiny = d
		}
	}
	if tiny.Title != "Tiny series" || tiny.ObservedFrom != geo.MustParseDay("2026-08-20") || tiny.ObservedTo != geo.MustParseDay("2026-08-22") {
		t.Errorf("datasets --json: tiny is %+v; want its title and observed 2026-08-20..2026-08-22", tiny)
	}
	if out := cli(exitOK, "datasets"); !strings.Contains(out, "tiny                 Tiny series") || !strings.Contains(out, "observed: 2026-08-20 to 2026-08-22") ||
		!strings.Contains(out, "licence: Apache-2.0") {
		t.Errorf("datasets: %s", out)
	}

	// Stats of a day after the last observed day.
	if out := cli(exitOK, "stats", "--dataset", "tiny", "--day", "2026-12-01"); !strings.Contains(out, "as of 2026-08-22") {
		t.Errorf("stats text: %s; want as of 2026-08-22", out)
	}
	if out := cli(exitOK, "stats", "--dataset", "tiny", "--day", "2026-12-01", "--by", "oblast"); !strings.Contains(out, "as of 2026-08-22") {
		t.Errorf("stats by oblast: %s; want as of 2026-08-22", out)
	}
	for _, args := range [][]string{{}, {"--by", "oblast"}} {
		var st struct {
			Day  string
			AsOf string `json:"as_of"`
		}
		out := cli(exitOK, append([]string{"stats", "--dataset", "tiny", "--day", "2026-12-01", "--json"}, args...)...)
		if err := json.Unmarshal([]byte(out), &st); err != nil || st.Day != "2026-12-01" || st.AsOf != "2026-08-22" {
			t.Errorf("stats --json %v: %v %s; want as_of 2026-08-22", args, err, out)
		}
	}
	if out := cli(exitOK, "stats", "--dataset", "tiny", "--day", "2026-08-21", "--json"); strings.Contains(out, "as_of") {
		t.Errorf("stats of a day within the observed range: %s; want no as_of", out)
	}
	if out := cli(exitOK, "stats", "--dataset", "tiny", "--day", "2026-08-21"); strings.Contains(out, "as of") {
		t.Errorf("stats text of a day within the observed range: %s", out)
	}

	// datasets set: the credit, and what it refuses.
	out := cli(exitOK, "datasets", "set", "tiny", "--attribution", "DeepStateMap", "--license", "GPL-3.0", "--source-url", "https://deepstatemap.live")
	if !strings.Contains(out, "attribution: DeepStateMap") || !strings.Contains(out, "licence: GPL-3.0") {
		t.Errorf("datasets set printed %q", out)
	}
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"datasets", "set", "nope", "--title", "x"}, exitRejected, "not found"},
		{[]string{"datasets", "set", "tiny"}, exitUsage, "nothing to change"},
		{[]string{"datasets", "set", "--title", "x"}, exitUsage, "NAME"},
		{[]string{"datasets", "set", "tiny", "--title", strings.Repeat("x", 501)}, exitUsage, "at most 500"},
		{[]string{"datasets", "set", "tiny", "--source-url", "ftp://x"}, exitUsage, "--source-url"},
		{[]string{"import", "--dataset", "tiny", "--license", strings.Repeat("x", 501), "x.geojson"}, exitUsage, "--license"},
	} {
		if out := cli(tc.code, tc.args...); !strings.Contains(out, tc.says) {
			t.Errorf("%v: %q, want it to say %q", tc.args, out, tc.says)
		}
	}

	// A snapshot of a day after the last observed day.
	_, after := snapshotCLI(t, db, "tiny-after.png", "--dataset", "tiny", "--day", "2026-12-01", "--bbox", "35,46,39,49")
	if after.Stamp != "map as of 22 Aug 2026" || after.Figures.AsOf != "2026-08-22" {
		t.Errorf("snapshot of 2026-12-01: stamp %q, as of %q; want map as of 22 Aug 2026", after.Stamp, after.Figures.AsOf)
	}
	if !strings.HasPrefix(after.Attribution, "Data: DeepStateMap (GPL-3.0) · ") {
		t.Errorf("snapshot credits %q: want the dataset's attribution and licence first", after.Attribution)
	}
	_, within := snapshotCLI(t, db, "tiny-within.png", "--dataset", "tiny", "--day", "2026-08-22", "--bbox", "35,46,39,49")
	if within.Stamp != "22 AUG 2026" || within.Figures.AsOf != "" {
		t.Errorf("snapshot of 2026-08-22: stamp %q, as of %q", within.Stamp, within.Figures.AsOf)
	}

	// Over HTTP.
	base, _ := serveDB(t, db)
	getJSON := func(path string, v any) {
		t.Helper()
		resp, body := get(t, base+path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, cut(body))
		}
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	const credit = `<a href="https://deepstatemap.live">DeepStateMap (GPL-3.0)</a>`
	var tj struct{ Name, Attribution string }
	getJSON("/tiles/2026-08-22.json?dataset=tiny", &tj)
	if tj.Name != "Tiny series 2026-08-22" || !strings.Contains(tj.Attribution, credit) {
		t.Errorf("TileJSON: %+v; want the title and %s", tj, credit)
	}
	var style struct {
		Metadata map[string]string
		Sources  struct{ Frontline struct{ Attribution string } }
	}
	getJSON("/styles/default.json?dataset=tiny&day=2026-08-22", &style)
	if !strings.Contains(style.Sources.Frontline.Attribution, credit) || style.Metadata["frontline:license"] != "GPL-3.0" ||
		style.Metadata["frontline:attribution"] != "DeepStateMap" || style.Metadata["frontline:observed_to"] != "2026-08-22" {
		t.Errorf("style: %+v", style)
	}
	getJSON("/api/datasets", &list)
	for _, d := range list.Datasets {
		if d.Name == "tiny" && (d.Attribution != "DeepStateMap" || d.License != "GPL-3.0" || d.SourceURL != "https://deepstatemap.live" || d.ObservedTo != geo.MustParseDay("2026-08-22")) {
			t.Errorf("/api/datasets: tiny is %+v", d)
		}
	}
	for _, q := range []string{"", "&by=oblast"} {
		var st struct {
			AsOf string `json:"as_of"`
		}
		getJSON("/api/stats?dataset=tiny&day=2026-12-01"+q, &st)
		if st.AsOf != "2026-08-22" {
			t.Errorf("/api/stats%s: as_of %q, want 2026-08-22", q, st.AsOf)
		}
	}
	resp, _ := get(t, base+"/snapshot.png?dataset=tiny&day=2026-12-01&bbox=35,46,39,49")
	if etag := resp.Header.Get("ETag"); etag != `"`+after.ETag+`"` {
		t.Errorf("GET /snapshot.png: ETag %s, want the CLI's %q", etag, after.ETag)
	}

	// A later file that changes nothing on the map widens the observed
	// range: the same versions, no longer "as of", another ETag.
	if out := cli(exitOK, "import", "--dataset", "tiny", "--region", "tiny-occupied", "--side", "ru", "--status", "occupied",
		tinySeries(t, map[string]float64{"2026-12-05": tinyDays["2026-08-22"]})); !strings.Contains(out, "0 versions inserted") {
		t.Fatalf("importing an unchanged later day: %s", out)
	}
	_, again := snapshotCLI(t, db, "tiny-again.png", "--dataset", "tiny", "--day", "2026-12-01", "--bbox", "35,46,39,49")
	if again.Stamp != "1 DEC 2026" || again.Figures.AsOf != "" || again.ETag == after.ETag {
		t.Errorf("2026-12-01 within the widened range: stamp %q, as of %q, ETag %s (was %s)", again.Stamp, again.Figures.AsOf, again.ETag, after.ETag)
	}
}

// TestEditDatasetHTTP: PATCH /api/datasets/{name} needs a bearer token,
// writes an audit row naming its holder, and refuses unknown datasets and
// bad values.
func TestEditDatasetHTTP(t *testing.T) {
	base, s := testServer(t)
	ctx := context.Background()
	token, err := s.AddEditor(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	patch := func(path, token, body string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPatch, base+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, b
	}
	body := `{"attribution": "DeepStateMap", "license": "GPL-3.0"}`
	before := lastAudit(t, s)
	for name, tc := range map[string]struct {
		path, token, body string
		code              int
	}{
		"no token":    {"/api/datasets/seed", "", body, http.StatusUnauthorized},
		"wrong token": {"/api/datasets/seed", "nope", body, http.StatusUnauthorized},
		"unknown":     {"/api/datasets/nope", testToken, body, http.StatusNotFound},
		"over-long":   {"/api/datasets/seed", testToken, `{"description": "` + strings.Repeat("x", 501) + `"}`, http.StatusBadRequest},
		"bad member":  {"/api/datasets/seed", testToken, `{"licence": "GPL-3.0"}`, http.StatusBadRequest},
	} {
		resp, b := patch(tc.path, tc.token, tc.body)
		if resp.StatusCode != tc.code {
			t.Errorf("%s: got %d %s, want %d", name, resp.StatusCode, cut(b), tc.code)
		}
		wantJSONError(t, name, resp, b, tc.code)
	}
	if a := lastAudit(t, s); a.ID != before.ID {
		t.Errorf("a refused edit was audited: %+v", a)
	}
	for _, tc := range []struct{ token, actor, body string }{
		{testToken, "admin", body},
		{token, "editor:alice", `{"title": "Seed, edited", "source_url": "https://example.org/seed"}`},
	} {
		resp, b := patch("/api/datasets/seed", tc.token, tc.body)
		var d geo.Dataset
		if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &d) != nil || d.Name != "seed" {
			t.Fatalf("PATCH as %s: %d %s", tc.actor, resp.StatusCode, cut(b))
		}
		if a := lastAudit(t, s); a.Actor != tc.actor || a.Entity != "dataset" || a.Action != "update" || !strings.HasPrefix(a.Detail, "seed ") {
			t.Errorf("audit of the edit as %s: %+v", tc.actor, a)
		}
	}
	d, err := s.Dataset(ctx, store.SeedDataset)
	if err != nil || d.Attribution != "DeepStateMap" || d.License != "GPL-3.0" || d.Title != "Seed, edited" || d.SourceURL != "https://example.org/seed" {
		t.Errorf("stored: %+v, %v", d, err)
	}
	var tj struct{ Attribution string }
	_, b := get(t, base+"/tiles/2025-01-20.json")
	if json.Unmarshal(b, &tj) != nil || !strings.Contains(tj.Attribution, `<a href="https://example.org/seed">DeepStateMap (GPL-3.0)</a>`) {
		t.Errorf("TileJSON after the edit: %s", b)
	}
}
