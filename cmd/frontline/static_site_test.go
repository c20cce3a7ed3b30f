package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/static"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/publish"
	"github.com/frontline-map/frontline/tiles/server"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/protomaps/go-pmtiles/pmtiles"
)

// fileHost is a plain static web host of a published folder: Go's
// http.FileServer (which answers Range) on a loopback port, no frontline
// code in the way. It counts what it sends.
type fileHost struct {
	URL string

	mu       sync.Mutex
	archives int64 // bytes of .pmtiles answers
	json     int64 // bytes of data/*.json answers
	other    int64
	ranges   int // requests with a Range header
}

func (h *fileHost) counts() (archives, json, other int64, ranges int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.archives, h.json, h.other, h.ranges
}

type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

func serveFolder(t testing.TB, dir string) *fileHost {
	t.Helper()
	return serveFolderWith(t, dir, nil)
}

// serveFolderWith is serveFolder with some files (by URL path) answered
// with other bytes than the folder's: another site.json over the same
// archives, say.
func serveFolderWith(t testing.TB, dir string, replaced map[string][]byte) *fileHost {
	t.Helper()
	h := &fileHost{}
	folder := http.FileServer(http.Dir(dir))
	files := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b, ok := replaced[r.URL.Path]; ok {
			http.ServeContent(w, r, r.URL.Path, time.Time{}, bytes.NewReader(b))
			return
		}
		folder.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countingWriter{ResponseWriter: w}
		files.ServeHTTP(cw, r)
		h.mu.Lock()
		defer h.mu.Unlock()
		switch {
		case strings.HasSuffix(r.URL.Path, ".pmtiles"):
			h.archives += cw.n
		case strings.HasSuffix(r.URL.Path, ".json"):
			h.json += cw.n
		default:
			h.other += cw.n
		}
		if r.Header.Get("Range") != "" {
			h.ranges++
		}
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	h.URL = "http://" + ln.Addr().String()
	return h
}

// watchRequests records the URL of every request the page makes.
func watchRequests(t *testing.T, ctx context.Context) func() []string {
	t.Helper()
	var mu sync.Mutex
	var urls []string
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			urls = append(urls, e.Request.URL)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(urls)
	}
}

// offLoopback returns the URLs of us that leave the loopback interface.
func offLoopback(us []string) []string {
	var out []string
	for _, s := range us {
		u, err := url.Parse(s)
		if err != nil {
			out = append(out, s)
			continue
		}
		switch u.Scheme {
		case "data", "blob", "about":
			continue
		}
		if ip := net.ParseIP(u.Hostname()); (ip == nil || !ip.IsLoopback()) && u.Hostname() != "localhost" {
			out = append(out, s)
		}
	}
	return out
}

// shownFigures returns km² per side/status in the panel's figures.
func shownFigures(t *testing.T, ctx context.Context) map[string]float64 {
	return jsEval[map[string]float64](t, ctx, `Object.fromEntries([...document.querySelectorAll('#figures-body tr[data-key]')]
		.map(tr => [tr.dataset.key, Number(tr.querySelector('[data-km2]').dataset.km2)]))`)
}

// apiFigures returns km² per side/status of GET /api/stats for a day, as
// the panel lists them (0.5 km² and more).
func apiFigures(t *testing.T, base, dataset, day string) map[string]float64 {
	t.Helper()
	resp, body := get(t, base+"/api/stats?day="+day+"&dataset="+dataset)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/api/stats?day=%s: %d %s", day, resp.StatusCode, body)
	}
	var st geo.Stats
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range st.Figures {
		if f.AreaKm2 >= 0.5 {
			out[f.Side.String()+"/"+f.Status.String()] = f.AreaKm2
		}
	}
	return out
}

// renderedControl is what the map draws of the control layer: the
// region, side, status and validity of each rendered feature.
func renderedControl(t *testing.T, ctx context.Context) string {
	return jsEval[string](t, ctx, `[...new Set(frontline.map.queryRenderedFeatures()
		.filter(f => f.source === 'frontline' && f.layer.type === 'fill')
		.map(f => [f.properties.region, f.properties.side, f.properties.status, f.properties.from_day].join('/')))].sort().join(' ')`)
}

// staticSiteRun is what checkStaticSite measured.
type staticSiteRun struct {
	firstView, scrub      int64 // bytes sent by the host: first view; 30 days of scrubbing after it
	firstArchive, scrubAr int64 // of which archive bytes
	scrubDays             int   // days scrubbed, within the first day's period
	crossAr               int64 // archive bytes read moving into the period before
}

// checkStaticSite opens the published site at host in Chromium, moves the slider over days (change days, each drawn differently
// from the one before) checking the figures against apiBase's
// /api/stats. Between the two it scrubs up to 30 days back from the first
// day shown, a day at a time, within its period, then moves to the day
// before the period, whose archive is read.
func checkStaticSite(t *testing.T, ctx context.Context, console *consoleLog, requests func() []string,
	host *fileHost, apiBase, dataset string, days []string) staticSiteRun {
	t.Helper()
	var run staticSiteRun
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	openFresh(t, ctx, host.URL+"/")
	jsWait(t, ctx, `!!frontline.figuresDay && frontline.prefetched && !!document.querySelector('#chart path.line') && document.querySelectorAll('#figures-body tr[data-key]').length > 0`, 15*time.Second)
	if n := jsEval[int](t, ctx, `frontline.features`); n == 0 {
		t.Errorf("first view: no control feature drawn")
	}
	a, j, o, ranges := host.counts()
	run.firstView, run.firstArchive = a+j+o, a
	t.Logf("first view of the static site: %d bytes (%d of archives in %d range requests, %d of JSON, %d of the app)", a+j+o, a, ranges, j, o)
	if ranges == 0 {
		t.Errorf("the app read the archives without a Range request")
	}
	if got := jsEval[bool](t, ctx, `[...document.querySelectorAll('.server-only')].every(e => e.hidden)`); !got {
		t.Errorf("links to server routes are shown on the static site")
	}

	// Scrub back up to 30 days from the first day shown, a day at a time,
	// within its period of temporal tiles: the archives are not read
	// again, nor anything else. Then the day before the period: its
	// period's archive is read.
	a0, j0, o0, _ := host.counts()
	first := geo.MustParseDay(jsEval[string](t, ctx, `frontline.day`))
	// The archive in use is the period's, or the last one before it for a
	// day past the last period with versions (the versions then in force
	// are open in it).
	src := jsEval[string](t, ctx, `frontline.map.getSource('frontline').url`)
	m := regexp.MustCompile(`control-(\d{4}-\d{2})\.pmtiles$`).FindStringSubmatch(src)
	if m == nil {
		t.Fatalf("on %s the map reads %s, not a period's archive", first, src)
	}
	inUse, err := tiles.ParsePeriod(m[1])
	if err != nil {
		t.Fatal(err)
	}
	from := inUse.From
	last := first
	for i := 1; i <= 30 && first-geo.Day(i) >= from; i++ {
		last = first - geo.Day(i)
		setSlider(t, ctx, last.String())
		waitDrawn(t, ctx)
	}
	a1, j1, o1, _ := host.counts()
	run.scrub, run.scrubAr, run.scrubDays = a1+j1+o1-(a0+j0+o0), a1-a0, int(first-last)
	t.Logf("scrubbing %d days back from %s within its period: %d bytes (%d of archives, %d of JSON)", run.scrubDays, first, run.scrub, a1-a0, j1-j0)
	prevPeriod := "control-" + tiles.PeriodOf(from-1).String() + ".pmtiles"
	setSlider(t, ctx, (from - 1).String())
	waitDrawn(t, ctx)
	jsWait(t, ctx, `frontline.map.isSourceLoaded('frontline')`, 10*time.Second)
	a2, _, _, _ := host.counts()
	run.crossAr = a2 - a1
	t.Logf("then %s, in the period before: %d bytes of archives", from-1, run.crossAr)
	if src := jsEval[string](t, ctx, `frontline.map.getSource('frontline').url`); !strings.HasSuffix(src, "/"+prevPeriod) {
		t.Errorf("on %s the map reads %s, want %s", from-1, src, prevPeriod)
	}
	if run.crossAr == 0 {
		t.Errorf("moving into the period before read no archive bytes")
	}

	prev := renderedControl(t, ctx)
	for _, day := range days {
		setSlider(t, ctx, day)
		waitDrawn(t, ctx)
		jsWait(t, ctx, fmt.Sprintf(`frontline.figuresDay === %q`, day), 10*time.Second)
		got, want := shownFigures(t, ctx), apiFigures(t, apiBase, dataset, day)
		if len(got) != len(want) {
			t.Errorf("%s: figures shown %v, /api/stats %v", day, got, want)
		}
		for k, w := range want {
			if g, ok := got[k]; !ok || math.Abs(g-w) > 1e-6*max(1, w) {
				t.Errorf("%s: %s shown %v km², /api/stats %v km²", day, k, got[k], w)
			}
		}
		now := renderedControl(t, ctx)
		if now == prev {
			t.Errorf("%s: the map draws the same control features as the day before it", day)
		}
		prev = now
	}

	if errs := console.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if off := offLoopback(requests()); len(off) > 0 {
		t.Errorf("requests off loopback: %v", off)
	}
	return run
}

// TestStaticSite publishes the seed with the CLI (archives, data and the
// web app), serves the folder with a plain file server and no frontline
// process, and uses the app in Chromium: the map draws, the slider moves
// the map over change days, the figures equal a frontline server's
// /api/stats, scrubbing reads no archive bytes, the "as of" notice shows
// after the last observed day, and nothing is fetched off loopback.
func TestStaticSite(t *testing.T) {
	ctx, console := startBrowser(t)
	requests := watchRequests(t, ctx)
	db := seededCopy(t)
	dir := filepath.Join(t.TempDir(), "site")
	code, stdout, stderr := runCLI(t, db, "", "publish", "--out", dir, "--maxzoom", "8")
	if code != exitOK {
		t.Fatalf("publish: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "web app:") {
		t.Errorf("summary does not mention the web app: %s", stdout)
	}
	for _, f := range []string{"index.html", "site.json", "js/main.js", "vendor/pmtiles/pmtiles.js", "vendor/maplibre-gl/maplibre-gl.mjs",
		"data/regions.json", "data/articles.json", "data/history/crimea.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("published site: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "examples")); err == nil {
		t.Errorf("the static site carries examples/, which need a server")
	}
	// site.json lists an archive for each period, and each is there.
	var sj static.Site
	if b, err := os.ReadFile(filepath.Join(dir, "site.json")); err != nil || json.Unmarshal(b, &sj) != nil {
		t.Fatalf("site.json: %v", err)
	}
	if sj.Periods == nil || sj.Periods.Months != tiles.PeriodMonths || len(sj.Periods.Archives) < 2 {
		t.Fatalf("site.json periods: %+v", sj.Periods)
	}
	for p, f := range sj.Periods.Archives {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil || f != "control-"+p+".pmtiles" {
			t.Errorf("period %s: archive %s: %v", p, f, err)
		}
	}
	// The seed records no observed range: give the published copy one, to
	// see the app's "as of" notice past it.
	dsPath := filepath.Join(dir, "data", "datasets.json")
	var dsj map[string]any
	if b, err := os.ReadFile(dsPath); err != nil || json.Unmarshal(b, &dsj) != nil {
		t.Fatalf("datasets.json: %v", err)
	}
	dsj["datasets"].([]any)[0].(map[string]any)["observed_to"] = "2025-04-26"
	b, _ := json.Marshal(dsj)
	if err := os.WriteFile(dsPath, b, 0o644); err != nil {
		t.Fatal(err)
	}

	apiBase, _ := testServerWith(t, testSetup{cfg: server.Config{PMTilesDir: dir}})
	host := serveFolder(t, dir)
	run := checkStaticSite(t, ctx, console, requests, host, apiBase, "seed", []string{"2022-02-24", "2022-04-07", "2022-11-11", "2024-08-15"})
	if run.scrubDays < 7 {
		t.Errorf("scrubbed %d days within the period, want a week at least", run.scrubDays)
	}
	if run.scrubAr != 0 {
		t.Errorf("scrubbing %d days within a period read %d archive bytes, want none", run.scrubDays, run.scrubAr)
	}
	if run.scrub != 0 {
		t.Errorf("scrubbing %d days within a period read %d bytes, want none", run.scrubDays, run.scrub)
	}

	// Each subtest opens a tab of its own.
	t.Run("as of", func(t *testing.T) {
		ctx := newTab(t, ctx, 1280, 800)
		openFresh(t, ctx, host.URL+"/")
		setSlider(t, ctx, "2025-06-01")
		waitDrawn(t, ctx)
		if got := jsEval[string](t, ctx, `frontline.asOf`); got != "2025-04-26" {
			t.Errorf("asOf on 2025-06-01: %q, want 2025-04-26", got)
		}
		if txt := jsEval[string](t, ctx, `document.getElementById('stamp-asof').hidden ? '' : document.getElementById('stamp-asof').textContent`); !strings.Contains(txt, "as of") {
			t.Errorf("map stamp: %q, want the as-of notice", txt)
		}
	})

	t.Run("region and compare", func(t *testing.T) {
		ctx := newTab(t, ctx, 1280, 800)
		openFresh(t, ctx, host.URL+"/#day=2025-06-01")
		// The panel's region history and the compare table read the published files.
		jsWait(t, ctx, `!!document.querySelector('#articles-body .chip')`, 10*time.Second)
		jsEval[bool](t, ctx, `(document.querySelector('#articles-body .chip').click(), true)`)
		jsWait(t, ctx, `!document.getElementById('selection').hidden && document.querySelectorAll('#selection-body li, #selection-body tr').length > 0`, 10*time.Second)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("compare-on"))); err != nil {
			t.Fatal(err)
		}
		jsWait(t, ctx, `!!document.querySelector('#diff table')`, 10*time.Second)
		if txt := jsEval[string](t, ctx, `document.getElementById('diff').innerText`); !strings.Contains(txt, "Net change") {
			t.Errorf("compare on the static site: %q, want the net change note", txt)
		}
	})

	t.Run("archives on a frontline server", func(t *testing.T) {
		// The same app, its site.json pointing at the archives a frontline
		// server serves (GET /pmtiles/{name}.pmtiles, another origin).
		site, _ := json.Marshal(map[string]string{"dataset": "seed", "data": "data/",
			"control": apiBase + "/pmtiles/control.pmtiles", "basemap": apiBase + "/pmtiles/basemap.pmtiles"})
		host := serveFolderWith(t, dir, map[string][]byte{"/site.json": site})
		ctx := newTab(t, ctx, 1280, 800)
		requests := watchRequests(t, ctx)
		n0 := len(requests())
		openFresh(t, ctx, host.URL+"/#day=2022-04-07")
		if n := jsEval[int](t, ctx, `frontline.features`); n == 0 {
			t.Errorf("no control feature drawn from the server's archives")
		}
		var fromServer int
		for _, u := range requests()[n0:] {
			if strings.HasSuffix(u, ".pmtiles") {
				if !strings.HasPrefix(u, apiBase+"/pmtiles/") {
					t.Errorf("archive read from %s; want the server's /pmtiles", u)
				}
				fromServer++
			}
		}
		if fromServer == 0 {
			t.Errorf("the page made no request to the server's archives")
		}
		_, m := get(t, apiBase+"/metrics")
		if !strings.Contains(string(m), `route="pmtiles"`) {
			t.Errorf("the server counted no /pmtiles request")
		}
	})
}

// TestStaticSiteRealSeries publishes the real DeepStateMap series (where
// ../shared has it) to zoom 8, checks a sample of control.pmtiles against
// the server's /tiles/all tiles byte for byte, and uses the static site in
// Chromium over three change days, logging the bytes a reader downloads
// for the first view of Ukraine and for 30 days of scrubbing after it
// (BENCHMARKS.md).
func TestStaticSiteRealSeries(t *testing.T) {
	base, s := testServer(t)
	loadRealSeries(t, s)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "site")
	bm, err := loadBasemap(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := s.Dataset(ctx, "deepstate")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	sum, err := publish.Publish(ctx, s, publish.Options{Dataset: "deepstate", Dir: dir, MinZoom: 0, MaxZoom: 8,
		Basemap: bm, Attribution: server.AttributionOf(ds)})
	if err != nil {
		t.Fatal(err)
	}
	site := static.Site{Dataset: "deepstate", Control: "control.pmtiles", Basemap: "basemap.pmtiles", Data: "data/",
		Periods: &static.SitePeriods{Months: tiles.PeriodMonths, Archives: sum.Periods}}
	if _, err := static.WriteSite(site, func(name string, b []byte) error { return publish.WriteFile(dir, name, b) }); err != nil {
		t.Fatal(err)
	}
	t.Logf("published the real series z0-8 in %s: control %d tiles (%d stored), basemap %d tiles",
		time.Since(start).Round(time.Millisecond), sum.Archives[0].Stats.Addressed, sum.Archives[0].Stats.Contents, sum.Archives[1].Stats.Addressed)

	_, _, got := readArchive(t, filepath.Join(dir, "control.pmtiles"))
	n := 0
	for id, body := range got {
		if id%5 != 0 {
			continue
		}
		z, x, y := pmtiles.IDToZxy(id)
		resp, want := get(t, fmt.Sprintf("%s/tiles/all/%d/%d/%d.mvt?dataset=deepstate", base, z, x, y))
		if resp.StatusCode != http.StatusOK || !bytes.Equal(gunzipT(t, body), want) {
			t.Errorf("tile %d/%d/%d: archive and server differ (%d and %d bytes, status %d)", z, x, y, len(gunzipT(t, body)), len(want), resp.StatusCode)
		}
		n++
	}
	if n < 10 {
		t.Errorf("compared %d tiles, want a sample of at least 10", n)
	}

	var tl geo.Timeline
	if b, err := os.ReadFile(filepath.Join(dir, "data", "timeline.json")); err != nil || json.Unmarshal(b, &tl) != nil || len(tl.Days) < 100 {
		t.Fatalf("timeline.json: %v", err)
	}
	var days []string
	for _, i := range []int{len(tl.Days) / 3, len(tl.Days) / 2, 2 * len(tl.Days) / 3} {
		days = append(days, tl.Days[i].Day.String())
	}
	bctx, console := startBrowser(t)
	requests := watchRequests(t, bctx)
	host := serveFolder(t, dir)
	run := checkStaticSite(t, bctx, console, requests, host, base, "deepstate", days)

	// Hundreds of change days make a readable timeline: grouped ticks, at
	// least 6 px apart on average, as tall as their changes.
	ticks := jsEval[[3]float64](t, bctx, `(() => { const ts = [...document.querySelectorAll('.tick')];
		return [ts.length, ts.filter(t => t.classList.contains('bucket') && /change days? in /.test(t.title)).length, document.querySelector('.track').clientWidth]; })()`)
	if ticks[0] == 0 || ticks[0]*6 > ticks[2] || ticks[1] != ticks[0] {
		t.Errorf("timeline of %d change days: %v ticks (%v grouped) on a %v px track; want groups at least 6 px apart", len(tl.Days), ticks[0], ticks[1], ticks[2])
	}
	if run.scrub != 0 {
		t.Errorf("scrubbing %d days within a period read %d bytes (%d of archives), want none", run.scrubDays, run.scrub, run.scrubAr)
	}
}
