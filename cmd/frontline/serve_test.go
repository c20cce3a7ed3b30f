package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/server"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

const testToken = "test-token"

// testServer starts the real server on a loopback port over a seeded
// database; the seed is loaded once and copied for each test.
func testServer(t testing.TB) (string, *store.Store) {
	return testServerWith(t, testSetup{})
}

// testSetup changes what testServerWith starts.
type testSetup struct {
	cfg      server.Config                   // Token and Log are filled in when empty
	imports  importOptions                   // bounds and policy of HTTP imports
	wrap     func(*store.Store) server.Store // puts a store in front of the real one
	timeouts *serverTimeouts                 // the http.Server's; default serve's
	log      io.Writer                       // the server's JSON log; default discarded
	db       string                          // the database served; default a copy of the seed's
}

// testServerWith is testServer with a setup.
func testServerWith(t testing.TB, ts testSetup) (string, *store.Store) {
	t.Helper()
	ctx := context.Background()
	path := ts.db
	if path == "" {
		path = filepath.Join(t.TempDir(), "serve.db")
		copyFile(t, seedDB(t), path)
	}
	s, err := store.Open(ctx, store.Config{Path: path, Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	logw := ts.log
	if logw == nil {
		logw = io.Discard
	}
	log := newLogger(logw, slog.LevelDebug) // serve's: redacted, rate-limited
	cfg := ts.cfg
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	cfg.Log = log
	if ts.wrap != nil {
		cfg.Store = ts.wrap(s)
	}
	srv, err := newServer(ctx, s, cfg, ts.imports)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	to := defaultTimeouts
	if ts.timeouts != nil {
		to = *ts.timeouts
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- serveHTTPWith(sctx, ln, srv.Routes(), log, to) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
		s.Close()
	})
	return "http://" + ln.Addr().String(), s
}

var (
	seedOnce sync.Once
	seedPath string
	seedErr  error
)

func seedDB(t testing.TB) string {
	seedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "frontline-seed")
		if err != nil {
			seedErr = err
			return
		}
		seedPath = filepath.Join(dir, "seed.db")
		s, err := store.Open(context.Background(), store.Config{Path: seedPath})
		if err != nil {
			seedErr = err
			return
		}
		s.DB().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		seedErr = s.Close()
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	return seedPath
}

func copyFile(t testing.TB, from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(t testing.TB, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gzip
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func decodePNG(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	return img
}

// crimeaTile is the z7 tile over northern Crimea and the coast north of it.
var crimeaTile = maptile.At(orb.Point{34.3, 45.6}, 7)

func tilePath(day string, t maptile.Tile, ext string) string {
	return fmt.Sprintf("/tiles/%s/%d/%d/%d.%s", day, t.Z, t.X, t.Y, ext)
}

// pixelAt returns the pixel of a 256 px tile image at a lon/lat.
func pixelAt(img image.Image, t maptile.Tile, p orb.Point) (r, g, b, a uint32) {
	frac := maptile.Fraction(p, t.Z)
	x := int((frac[0] - float64(t.X)) * float64(img.Bounds().Dx()))
	y := int((frac[1] - float64(t.Y)) * float64(img.Bounds().Dy()))
	r, g, b, a = img.At(x, y).RGBA()
	return r >> 8, g >> 8, b >> 8, a >> 8
}

// tilePixelLonLat returns the lon/lat of the centre of a pixel of a 256 px tile.
func tilePixelLonLat(t maptile.Tile, x, y int) orb.Point {
	n := float64(uint64(1) << t.Z)
	fx := (float64(t.X) + (float64(x)+0.5)/256) / n
	fy := (float64(t.Y) + (float64(y)+0.5)/256) / n
	lon := fx*360 - 180
	lat := math.Atan(math.Sinh(math.Pi*(1-2*fy))) * 180 / math.Pi
	return orb.Point{lon, lat}
}

func TestPNGTileCrimeaChanges(t *testing.T) {
	base, _ := testServer(t)
	simferopol := orb.Point{34.0, 45.5} // steppe of northern Crimea, away from labels
	// The seed observes from its first version's day (Crimea's seizure,
	// 2014-02-27): a day before it has no map, not a map without occupation (#20).
	resp, body := get(t, base+tilePath("2013-01-01", crimeaTile, "png"))
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), `"seed: no data before 2014-02-27"`) {
		t.Errorf("2013-01-01: got %d %s, want 404 no data before 2014-02-27", resp.StatusCode, body)
	}
	resp, body = get(t, base+tilePath("2015-01-01", crimeaTile, "png"))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("2015-01-01: got %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	img := decodePNG(t, body)
	checkGolden(t, "crimea-2015-01-01.png", img, 2, 0)
	if r, g, b, _ := pixelAt(img, crimeaTile, simferopol); r <= g+30 || r <= b+30 {
		t.Errorf("Simferopol on 2015-01-01: got rgb(%d,%d,%d), want the occupied red", r, g, b)
	}
	// The control drawn that day lies in Crimea: every pixel of the
	// overlay lies inside Crimea's bounding box (plus the outline's width).
	_, body = get(t, base+tilePath("2015-01-01", crimeaTile, "png")+"?layers=control")
	overlay := decodePNG(t, body)
	crimea := orb.Bound{Min: orb.Point{32.4, 44.3}, Max: orb.Point{36.7, 46.3}}
	drawn := 0
	for y := 0; y < 256; y++ {
		for x := 0; x < 256; x++ {
			if _, _, _, a := overlay.At(x, y).RGBA(); a == 0 {
				continue
			}
			drawn++
			if p := tilePixelLonLat(crimeaTile, x, y); !crimea.Pad(0.05).Contains(p) {
				t.Fatalf("pixel %d,%d at %v drawn outside Crimea", x, y, p)
			}
		}
	}
	if drawn < 1000 {
		t.Errorf("only %d pixels drawn, want Crimea filled", drawn)
	}
}

func TestTileCachingAndETags(t *testing.T) {
	base, _ := testServer(t)
	path := tilePath("2016-01-01", crimeaTile, "png")
	r1, b1 := get(t, base+path)
	etag := r1.Header.Get("ETag")
	if etag == "" || !strings.Contains(r1.Header.Get("Cache-Control"), "max-age=86400") {
		t.Fatalf("got ETag %q, Cache-Control %q", etag, r1.Header.Get("Cache-Control"))
	}
	// Another day with the same control over this tile: same content, same ETag.
	r2, b2 := get(t, base+tilePath("2017-06-01", crimeaTile, "png"))
	if r2.Header.Get("ETag") != etag || !bytes.Equal(b1, b2) {
		t.Errorf("same content on two days: ETags %s and %s", etag, r2.Header.Get("ETag"))
	}
	r3, b3 := get(t, base+path, "If-None-Match", etag)
	if r3.StatusCode != http.StatusNotModified || len(b3) != 0 {
		t.Errorf("If-None-Match: got %d with %d bytes, want 304 and no body", r3.StatusCode, len(b3))
	}
	_, m := get(t, base+"/metrics")
	if !strings.Contains(string(m), `frontline_tile_renders_total{kind="png"} 1`) {
		t.Errorf("metrics: want exactly one png render for one content, got:\n%s", grep(string(m), "renders_total"))
	}
	r4, _ := get(t, base+tilePath("latest", crimeaTile, "png"))
	if !strings.Contains(r4.Header.Get("Cache-Control"), "max-age=60") {
		t.Errorf("latest: got Cache-Control %q, want short", r4.Header.Get("Cache-Control"))
	}
	if r4.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("CORS header missing")
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestMVTTile(t *testing.T) {
	base, _ := testServer(t)
	resp, body := get(t, base+tilePath("2015-01-01", crimeaTile, "mvt"), "Accept-Encoding", "gzip")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("got %d, encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	layers, err := mvt.UnmarshalGzipped(body)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]*mvt.Layer{}
	for _, l := range layers {
		names[l.Name] = l
		if l.Version != 2 {
			t.Errorf("layer %s version %d, want 2", l.Name, l.Version)
		}
	}
	for _, want := range []string{"boundaries", "control"} {
		if names[want] == nil {
			t.Errorf("missing layer %s", want)
		}
	}
	ctl := names["control"]
	ctl.ProjectToWGS84(crimeaTile)
	found := false
	for _, f := range ctl.Features {
		if f.Properties["region"] == "crimea" && f.Properties["side"] == "ru" && f.Properties["status"] == "occupied" {
			found = true
			if !f.Geometry.Bound().Contains(orb.Point{34.0, 45.5}) {
				t.Errorf("crimea feature at %v, want it over northern Crimea", f.Geometry.Bound())
			}
		}
	}
	if !found {
		t.Errorf("no ru occupied crimea feature on 2015-01-01")
	}
	// Without Accept-Encoding the body is plain.
	resp, body = get(t, base+tilePath("2015-01-01", crimeaTile, "mvt"))
	if resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip sent to a client that did not ask for it")
	}
	if _, err := mvt.Unmarshal(body); err != nil {
		t.Errorf("plain mvt: %v", err)
	}
}

func TestTemporalTile(t *testing.T) {
	base, _ := testServer(t)
	kursk := maptile.At(orb.Point{35.27, 51.19}, 8)
	// [from_day, to_day) of the kursk-incursion features of a temporal tile.
	incursion := func(path string) [][2]float64 {
		resp, body := get(t, base+path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
		layers, err := mvt.Unmarshal(body)
		if err != nil {
			t.Fatal(err)
		}
		var days [][2]float64
		for _, l := range layers {
			for _, f := range l.Features {
				if l.Name != "control" || f.Properties["region"] != "kursk-incursion" {
					continue
				}
				from, ok := f.Properties["from_day"].(float64)
				to, ok2 := f.Properties["to_day"].(float64)
				if !ok || !ok2 {
					t.Errorf("from_day, to_day: got %T, %T, want numbers", f.Properties["from_day"], f.Properties["to_day"])
				}
				for _, k := range []string{"source", "version_id", "valid_from", "valid_to"} {
					if _, ok := f.Properties[k]; ok {
						t.Errorf("a temporal feature carries %s (#23: provenance is the API's)", k)
					}
				}
				days = append(days, [2]float64{from, to})
			}
		}
		return days
	}
	all := incursion(fmt.Sprintf("/tiles/all/%d/%d/%d.mvt", kursk.Z, kursk.X, kursk.Y))
	if len(all) < 5 {
		t.Errorf("kursk incursion versions in the temporal tile: got %v, want its history", all)
	}
	// One period's tile holds the versions on the map on some day of it:
	// on each of its days, as many as the whole history's.
	p := tiles.PeriodOf(geo.MustParseDay("2024-08-20"))
	in := incursion(fmt.Sprintf("/tiles/all/%s/%d/%d/%d.mvt", p, kursk.Z, kursk.X, kursk.Y))
	on := func(fs [][2]float64, d geo.Day) (n int) {
		for _, f := range fs {
			if f[0] <= float64(d) && float64(d) < f[1] {
				n++
			}
		}
		return n
	}
	for d := p.From; d < p.To; d++ {
		if on(in, d) != on(all, d) {
			t.Errorf("the incursion on %s: %d features in the period %s's tile, %d in the whole history's", d, on(in, d), p, on(all, d))
		}
	}
	for _, f := range in {
		if f[1] <= float64(p.From) || f[0] >= float64(p.To) {
			t.Errorf("a feature of days %v in the tile of the period %s (%v)", f, p, p.Validity)
		}
	}
	if on(in, geo.MustParseDay("2024-08-20")) == 0 {
		t.Errorf("no incursion on 2024-08-20 in the period %s: %v", p, in)
	}
	if resp, _ := get(t, base+fmt.Sprintf("/tiles/all/2024-08/%d/%d/%d.mvt", kursk.Z, kursk.X, kursk.Y)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a period that does not start a quarter: got %d, want 400", resp.StatusCode)
	}
	var tj map[string]any
	_, body := get(t, base+"/tiles/all.json?day=2024-08-20")
	if err := json.Unmarshal(body, &tj); err != nil || tj["frontline:period"] != "2024-07" || !strings.Contains(fmt.Sprint(tj["tiles"]), "/tiles/all/2024-07/{z}/{x}/{y}.mvt") {
		t.Errorf("TileJSON of the period of 2024-08-20: %v %s", err, body)
	}
}

func TestHTTPErrors(t *testing.T) {
	base, _ := testServer(t)
	type tcase struct {
		path string
		code int
	}
	tcases := map[string]tcase{
		"impossible day":    {"/tiles/2024-02-30/5/18/11.png", 400},
		"bad day":           {"/tiles/yesterday/5/18/11.png", 400},
		"x outside":         {"/tiles/2024-01-01/5/32/11.png", 400},
		"zoom too deep":     {"/tiles/2024-01-01/25/0/0.png", 400},
		"bad extension":     {"/tiles/2024-01-01/5/18/11.gif", 400},
		"bad layers":        {"/tiles/2024-01-01/5/18/11.png?layers=roads", 400},
		"unknown dataset":   {"/tiles/2024-01-01/5/18/11.png?dataset=nope", 404},
		"unknown path":      {"/nope/at/all", 404},
		"stats bad day":     {"/api/stats?day=2023-13-01", 400},
		"diff missing to":   {"/api/diff?from=2024-01-01", 400},
		"bbox inverted":     {"/api/timeline?bbox=40,50,30,45", 400},
		"unknown region":    {"/api/regions/atlantis", 404},
		"history unknown":   {"/api/regions/atlantis/history", 404},
		"article not num":   {"/api/articles/abc", 400},
		"article missing":   {"/api/articles/99999", 404},
		"style unknown":     {"/styles/neon.json", 400},
		"tilejson bad day":  {"/tiles/2024-02-31.json", 400},
		"temporal png":      {"/tiles/all/5/18/11.png", 400},
		"articles bad from": {"/api/articles?from=2024-1-1", 400},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			resp, body := get(t, base+tc.path)
			if resp.StatusCode != tc.code {
				t.Fatalf("got %d, want %d: %s", resp.StatusCode, tc.code, body)
			}
			var e struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
				t.Errorf("body %q: want a JSON error", body)
			}
		})
	}
}

func TestAPI(t *testing.T) {
	base, _ := testServer(t)
	var st struct {
		Figures []struct {
			Side, Status string
			Share        float64
		}
		Articles []struct{ Regions []string }
	}
	resp, body := get(t, base+"/api/stats?day=2025-01-20")
	if err := json.Unmarshal(body, &st); err != nil || resp.StatusCode != 200 {
		t.Fatalf("stats: %d %v %s", resp.StatusCode, err, body)
	}
	if len(st.Figures) == 0 || st.Figures[0].Side != "ru" || st.Figures[0].Share < 0.15 {
		t.Errorf("stats figures: %+v", st.Figures)
	}
	if len(st.Articles) == 0 || !strings.Contains(strings.Join(st.Articles[0].Regions, ","), "kursk-incursion") {
		t.Errorf("stats articles: %+v", st.Articles)
	}
	var tl struct {
		Days []struct {
			Day      string
			Articles []any
		}
	}
	_, body = get(t, base+"/api/timeline")
	if err := json.Unmarshal(body, &tl); err != nil || len(tl.Days) < 10 || tl.Days[0].Day != "2014-02-27" {
		t.Errorf("timeline: %v %s", err, body[:min(200, len(body))])
	}
	var tj map[string]any
	_, body = get(t, base+"/tiles/2025-01-20.json")
	if err := json.Unmarshal(body, &tj); err != nil || tj["tilejson"] != "3.0.0" || tj["vector_layers"] == nil {
		t.Errorf("tilejson: %v %s", err, body)
	}
	var style map[string]any
	_, body = get(t, base+"/styles/default.json")
	if err := json.Unmarshal(body, &style); err != nil || style["version"] != float64(8) {
		t.Errorf("style: %v %s", err, body)
	}
	for _, p := range []string{"/api/regions", "/api/regions/crimea", "/api/regions/kursk-incursion/history", "/api/articles?region=crimea", "/api/diff?from=2024-08-01&to=2024-08-31", "/healthz", "/api/datasets", "/"} {
		if resp, body := get(t, base+p); resp.StatusCode != 200 {
			t.Errorf("%s: got %d: %s", p, resp.StatusCode, body)
		}
	}
}

func post(t testing.TB, url, token, body string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestEditsOverHTTP(t *testing.T) {
	base, _ := testServer(t)
	// A tile far from any seed control, before the edit.
	tile := maptile.At(orb.Point{30.5, 50.45}, 7) // Kyiv
	path := tilePath("2030-01-01", tile, "png")
	r0, b0 := get(t, base+path)
	other := maptile.At(orb.Point{24.0, 49.84}, 7) // Lviv
	ro, _ := get(t, base+tilePath("2030-01-01", other, "png"))
	fc := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"test-kyiv","side":"ru","status":"contested","valid_from":"2029-01-01","source":"test"},
	 "geometry":{"type":"Polygon","coordinates":[[[30.3,50.3],[30.7,50.3],[30.7,50.6],[30.3,50.6],[30.3,50.3]]]}}]}`
	for name, tc := range map[string]struct {
		token, body string
		code        int
	}{
		"no token":    {"", fc, 401},
		"wrong token": {"nope", fc, 401},
		"broken json": {testToken, `{"type":`, 400},
		"bad ring":    {testToken, strings.Replace(fc, "[30.3,50.3]]]", "[30.3,50.4]]]", 1), 400},
	} {
		resp, body := post(t, base+"/api/import?dataset=seed", tc.token, tc.body)
		if resp.StatusCode != tc.code {
			t.Errorf("%s: got %d, want %d: %s", name, resp.StatusCode, tc.code, body)
		}
	}
	if r, b := get(t, base+path); r.Header.Get("ETag") != r0.Header.Get("ETag") || !bytes.Equal(b, b0) {
		t.Fatalf("a refused edit changed the tile")
	}
	resp, body := post(t, base+"/api/import?dataset=seed", testToken, fc)
	if resp.StatusCode != 200 {
		t.Fatalf("import: got %d: %s", resp.StatusCode, body)
	}
	r1, _ := get(t, base+path)
	if r1.Header.Get("ETag") == r0.Header.Get("ETag") {
		t.Errorf("the edited tile kept its ETag")
	}
	if r2, _ := get(t, base+tilePath("2030-01-01", other, "png")); r2.Header.Get("ETag") != ro.Header.Get("ETag") {
		t.Errorf("a tile the edit does not touch changed its ETag")
	}
	art := `{"title":"Test report on Kherson","url":"https://example.org/a","outlet":"Example","published":"2024-05-01","summary":"Fighting near Kherson and in Zaporizhzhia oblast."}`
	if resp, body := post(t, base+"/api/articles", "", art); resp.StatusCode != 401 {
		t.Errorf("article without token: got %d %s", resp.StatusCode, body)
	}
	resp, body = post(t, base+"/api/articles", testToken, art)
	if resp.StatusCode != 201 || !strings.Contains(string(body), "kherson-oblast") || !strings.Contains(string(body), "zaporizhzhia-oblast") {
		t.Errorf("article: got %d %s", resp.StatusCode, body)
	}
}

func TestGDALReadsMVT(t *testing.T) {
	ogr, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo (Debian gdal-bin) not installed: skipping")
	}
	base, _ := testServer(t)
	url := "MVT:" + base + tilePath("2015-01-01", crimeaTile, "mvt")
	out, err := exec.Command(ogr, "-ro", "-al", "-so", url).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	for _, want := range []string{"Layer name: control", "Layer name: boundaries", "region: String", "Feature Count"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("ogrinfo output lacks %q:\n%s", want, out)
		}
	}
	out, err = exec.Command(ogr, "-ro", url, "control", "-where", "region = 'crimea'").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("MULTIPOLYGON")) && !bytes.Contains(out, []byte("POLYGON")) {
		t.Errorf("ogrinfo control features: %v\n%s", err, out)
	}
}
