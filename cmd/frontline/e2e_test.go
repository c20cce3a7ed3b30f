package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"

	"github.com/chromedp/cdproto"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser tests drive Debian's Chromium (headless, WebGL through
// SwiftShader) against the real server and the embedded web app. Besides
// checking, they log the timings of the map (page load to the first drawn
// map, redraw after a change of day) and, with FRONTLINE_SCREENSHOTS=1, save
// the README's screenshots to static/testdata/screenshots.

const chromiumPath = "/usr/bin/chromium"

// vendorDir is where `npm ci` (static/copy-vendor.mjs) puts MapLibre and
// Leaflet, which the binary embeds.
var vendorDir = filepath.Join("..", "..", "static", "app", "vendor")

// screenshotDir receives the README's screenshots when FRONTLINE_SCREENSHOTS=1.
var screenshotDir = filepath.Join("..", "..", "static", "testdata", "screenshots")

// startBrowser starts a fresh headless Chromium for one test and returns the
// context of its first tab and the messages its console receives. Tests
// whose subtests each want a page of their own open more tabs with newTab.
func startBrowser(t *testing.T) (context.Context, *consoleLog) {
	t.Helper()
	bctx := launchBrowser(t)
	return bctx, prepareTab(t, bctx)
}

// launchBrowser starts a headless Chromium that lives as long as the test
// and returns the context of its first tab.
func launchBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromiumPath); err != nil {
		t.Skipf("browser tests need Chromium at %s (Debian: apt-get install chromium): skipping", chromiumPath)
	}
	if _, err := os.Stat(filepath.Join(vendorDir, "maplibre-gl", "maplibre-gl.mjs")); err != nil {
		t.Fatalf("static/app/vendor is missing: run `npm ci` in static/ (make test does it), then test again: %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-component-update", true),
		// WebGL without a GPU: SwiftShader. Chromium falls back to it by
		// itself but warns that the fallback is deprecated; this flag opts in.
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	// A bound on the whole browser, generous for a loaded machine; each
	// wait within has its own.
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// prepareTab watches a tab's console and turns its HTTP cache off.
func prepareTab(t *testing.T, ctx context.Context) *consoleLog {
	t.Helper()
	console := watchConsole(ctx)
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	// A tab opened beside another is not focused: let it act as if it
	// were, for key events and focus handlers.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	return console
}

// newTab opens a tab of the browser of bctx (launchBrowser) for one
// subtest, with a viewport of w×h CSS pixels, and closes it when the
// subtest ends, after checking that its console received no error. So no
// subtest depends on the page another one left.
func newTab(t *testing.T, bctx context.Context, w, h int64, opts ...chromedp.EmulateViewportOption) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		t.Fatalf("open a tab: %v", err)
	}
	console := prepareTab(t, ctx)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h, opts...)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { checkConsole(t, ctx, console) })
	return ctx
}

// checkConsole fails t if the page's console received an error. A round
// trip to the page first brings in the events it sent before.
func checkConsole(t *testing.T, ctx context.Context, console *consoleLog) {
	t.Helper()
	chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`0`))
	if errs := console.Errors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// consoleLog keeps the errors a page reports: uncaught exceptions,
// console.error calls and error entries of the browser log (failed loads).
type consoleLog struct {
	mu     sync.Mutex
	errors []string
}

func watchConsole(ctx context.Context) *consoleLog {
	c := &consoleLog{}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				c.mu.Lock()
				c.errors = append(c.errors, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
				c.mu.Unlock()
			}
		}
	}()
	return c
}

func (c *consoleLog) Errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.errors)
}

// tileRequestsRE matches a request counter of a tile route, whatever the
// order of its labels.
var tileRequestsRE = regexp.MustCompile(`^frontline_http_requests_total\{(?:.*,)?route="(tile[^"]*)"[^}]*\} (\S+)$`)

// tileRequests returns how many tile requests (raster, vector and temporal
// tiles; not TileJSON) the server has answered, from its /metrics. The
// browser fetches vector tiles in MapLibre's web workers, whose requests the
// page's network events do not show; with the browser cache off (see
// startBrowser) every fetch reaches the server, so its count is the
// browser's.
func tileRequests(t *testing.T, base string) int {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	n := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		m := tileRequestsRE.FindStringSubmatch(sc.Text())
		if m == nil || m[1] == "tilejson" {
			continue
		}
		c, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		n += int(c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// jsEval evaluates a JavaScript expression (awaiting a promise) into a T.
func jsEval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := runInPage(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// jsWait polls a JavaScript condition until it holds.
func jsWait(t *testing.T, ctx context.Context, cond string, timeout time.Duration) {
	t.Helper()
	if err := jsPoll(ctx, cond, timeout); err != nil {
		t.Fatalf("waiting for %s: %v", cond, err)
	}
}

// jsPoll polls a JavaScript condition until it holds, for at most timeout.
func jsPoll(ctx context.Context, cond string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout+5*time.Second) // retries after a navigation included
	defer cancel()
	_, err := runInPage(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(20*time.Millisecond)))
	return err
}

// jsWaitEqual polls a JavaScript expression until it is want, and fails
// t with what it is when it is not within timeout.
func jsWaitEqual(t *testing.T, ctx context.Context, expr, want string, timeout time.Duration) {
	t.Helper()
	if err := jsPoll(ctx, fmt.Sprintf(`(%s) === %q`, expr, want), timeout); err != nil {
		t.Fatalf("%s: got %s, want %s within %s (%v)", expr, jsEval[string](t, ctx, expr), want, timeout, err)
	}
}

// runInPage runs an action that evaluates JavaScript in the page, again
// while it fails because the page's JavaScript context went away under it:
// it ran while the page navigated (a reload, a new URL, the app's own
// reload), before chromedp saw the new context ("Cannot find context with
// specified id"). A loaded machine makes that window wide.
func runInPage[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	for {
		v, err := chromedp.Run(ctx, a)
		if err == nil || !contextGone(err) {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, err
		case <-time.After(20 * time.Millisecond): // the new context's event is on its way
		}
	}
}

// contextGone reports whether err says that the page's JavaScript context
// went away (the page navigated) while an evaluation ran or was sent.
func contextGone(err error) bool {
	var pe *cdproto.Error
	if !errors.As(err, &pe) {
		return false
	}
	for _, m := range []string{"Cannot find context with specified id", "Execution context was destroyed",
		"Cannot find default execution context", "Inspected target navigated or closed"} {
		if strings.Contains(pe.Message, m) {
			return true
		}
	}
	return false
}

// waitReady waits until the map has drawn its first frame with every tile.
func waitReady(t *testing.T, ctx context.Context) {
	t.Helper()
	jsWait(t, ctx, `window.frontline && window.frontline.ready === true`, 30*time.Second)
}

// openFresh loads url as a new page (a URL that differs from the current
// one only in its fragment would not reload) and waits for the map.
func openFresh(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
}

// waitDrawn waits for the map's idle after the last change of day and
// returns how long the redraw took in the browser (ms).
func waitDrawn(t *testing.T, ctx context.Context) float64 {
	t.Helper()
	jsWait(t, ctx, `window.frontline.drawn === true`, 15*time.Second)
	return jsEval[float64](t, ctx, `frontline.timings.redraws.at(-1) ?? -1`)
}

// setSlider moves the timeline slider to a day the way a user's drag does:
// a new value and an input event.
func setSlider(t *testing.T, ctx context.Context, day string) {
	t.Helper()
	jsEval[bool](t, ctx, fmt.Sprintf(`(() => {
		const s = document.getElementById('slider');
		s.value = Date.parse(%q + 'T00:00:00Z') / 86400000;
		s.dispatchEvent(new Event('input', {bubbles: true}));
		return true;
	})()`, day))
}

func pageScreenshot(t *testing.T, ctx context.Context) image.Image {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// saveScreenshot writes the viewport to static/testdata/screenshots/name
// when FRONTLINE_SCREENSHOTS=1.
func saveScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("FRONTLINE_SCREENSHOTS") != "1" {
		return
	}
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(screenshotDir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// mapPoint returns where [lon, lat] is on the page, in CSS pixels.
func mapPoint(t *testing.T, ctx context.Context, lon, lat float64) [2]float64 {
	t.Helper()
	return jsEval[[2]float64](t, ctx, fmt.Sprintf(`(() => {
		const m = frontline.map, r = m.getContainer().getBoundingClientRect(), p = m.project([%f, %f]);
		return [r.left + p.x, r.top + p.y];
	})()`, lon, lat))
}

// pagePixel returns the mean colour of a 7×7 px box of img (a screenshot
// of the page) around [lon, lat] on the map.
func pagePixel(t *testing.T, ctx context.Context, img image.Image, lon, lat float64) [3]float64 {
	t.Helper()
	p := mapPoint(t, ctx, lon, lat)
	var sum [3]float64
	n := 0
	for y := int(p[1]) - 3; y <= int(p[1])+3; y++ {
		for x := int(p[0]) - 3; x <= int(p[0])+3; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			sum[0] += float64(r >> 8)
			sum[1] += float64(g >> 8)
			sum[2] += float64(b >> 8)
			n++
		}
	}
	for i := range sum {
		sum[i] /= float64(n)
	}
	return sum
}

func medianMS(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// northKyiv is a point of Kyiv oblast north of the capital, occupied from
// 2022-02-24 until early April 2022 in the seed data.
var northKyiv = [2]float64{30.05, 51.2}

// kyivView is a view of the north of Ukraine in which northKyiv is drawn
// large enough to sample its colour.
const kyivView = "&z=6&lat=50&lon=31"

// TestWebApp drives the web app on the seed. Each subtest opens its own
// tab at its own link and makes the data it needs, so that each stands
// alone (go test -run 'TestWebApp/compare' works) and none sees the page
// another left; every wait is for a condition in the page.
func TestWebApp(t *testing.T) {
	bctx := launchBrowser(t)
	base, st := testServer(t)

	t.Run("loads", func(t *testing.T) {
		ctx := newTab(t, bctx, 1280, 800)
		openFresh(t, ctx, base+"/#day=2022-02-20&z=5.2&lat=48.4&lon=31.3")
		ms := jsEval[float64](t, ctx, `frontline.timings.firstIdle`)
		features := jsEval[int](t, ctx, `frontline.features`)
		n := tileRequests(t, base)
		t.Logf("page load to the first idle map with control drawn: %.0f ms (%d control features drawn, %d tile requests)", ms, features, n)
		if features == 0 {
			t.Errorf("no control feature drawn on 2022-02-20 over Ukraine")
		}
		if n == 0 {
			t.Errorf("the server counted no tile request: the count of the slider's test would prove nothing")
		}
		if n := jsEval[int](t, ctx, `frontline.map.queryRenderedFeatures({layers: ['water-area', 'water-river']}).length`); n == 0 {
			t.Errorf("no water feature drawn over Ukraine")
		}
		kakhovka := `frontline.map.queryRenderedFeatures({layers: ['water-area']}).filter(f => f.properties.name === 'Kakhovka Reservoir').length`
		if n := jsEval[int](t, ctx, kakhovka); n == 0 {
			t.Errorf("the Kakhovka reservoir is not drawn on 2022-02-20")
		}
		// Drained after the dam's destruction on 2023-06-06.
		jsEval[bool](t, ctx, `(frontline.setDay('2024-01-01'), true)`)
		waitDrawn(t, ctx)
		if n := jsEval[int](t, ctx, kakhovka); n != 0 {
			t.Errorf("the Kakhovka reservoir is drawn on 2024-01-01")
		}
		jsEval[bool](t, ctx, `(frontline.setDay('2022-02-20'), true)`)
		waitDrawn(t, ctx)
		if got := jsEval[string](t, ctx, `document.getElementById('date').value`); got != "2022-02-20" {
			t.Errorf("date field: got %s, want 2022-02-20", got)
		}
	})

	t.Run("chart from one series request", func(t *testing.T) {
		ctx := newTab(t, bctx, 1280, 800)
		requests := watchRequests(t, ctx)
		openFresh(t, ctx, base+"/#day=2016-06-01")
		jsWait(t, ctx, `frontline.chartPoints > 0 && !!document.querySelector('#chart path.line')`, 15*time.Second)
		var tl struct{ Days []struct{ Day string } }
		if _, body := get(t, base+"/api/timeline"); json.Unmarshal(body, &tl) != nil || len(tl.Days) < 10 {
			t.Fatalf("timeline: %s", body)
		}
		// The line is a step (H, V) on each change day.
		steps := jsEval[int](t, ctx, `(document.querySelector('#chart path.line').getAttribute('d').match(/V/g) ?? []).length`)
		if n := jsEval[int](t, ctx, `frontline.chartPoints`); n != len(tl.Days) || steps != len(tl.Days) {
			t.Errorf("chart: %d points, %d steps drawn, want the %d change days", n, steps, len(tl.Days))
		}
		series, stats := 0, 0
		for _, u := range requests() {
			switch {
			case strings.Contains(u, "/api/series"):
				series++
			case strings.Contains(u, "/api/stats"):
				stats++
			}
		}
		// The panel's figures of the day, and those of change days within a
		// month of it (none in 2016) prefetched: no request a change day.
		if series != 1 || stats > 3 {
			t.Errorf("the page asked /api/series %d times and /api/stats %d times, want 1 and at most 3", series, stats)
		}
	})

	t.Run("slider filters without tile requests", func(t *testing.T) {
		ctx := newTab(t, bctx, 1280, 800)
		openFresh(t, ctx, base+"/#day=2022-02-20"+kyivView)
		before := pagePixel(t, ctx, pageScreenshot(t, ctx), northKyiv[0], northKyiv[1])
		n0 := tileRequests(t, base)
		setSlider(t, ctx, "2022-03-25")
		ms := waitDrawn(t, ctx)
		after := pagePixel(t, ctx, pageScreenshot(t, ctx), northKyiv[0], northKyiv[1])
		n1 := tileRequests(t, base)
		t.Logf("redraw after the slider moved 2022-02-20 → 2022-03-25: %.0f ms", ms)
		if got := jsEval[string](t, ctx, `frontline.day`); got != "2022-03-25" {
			t.Fatalf("day: got %s, want 2022-03-25", got)
		}
		// Occupied ground is drawn in translucent red over the pale land.
		if d := after[0] - after[2]; d < 25 || after[1] > before[1]-20 {
			t.Errorf("north of Kyiv: colour %v on 2022-02-20, %v on 2022-03-25: want it to turn red", before, after)
		}
		if n1 != n0 {
			t.Errorf("moving the slider sent %d tile requests, want none", n1-n0)
		}
		jsWait(t, ctx, `location.search.includes('day=2022-03-25')`, 5*time.Second)
	})

	t.Run("crossing a period loads its tiles", func(t *testing.T) {
		// The map reads the temporal tiles of the day's period (three
		// months): a day in the next period points the source at its
		// tiles, and the compare outline of a day in another period reads
		// that period's.
		ctx := newTab(t, bctx, 1280, 800)
		openFresh(t, ctx, base+"/#day=2022-03-25"+kyivView)
		url := `frontline.map.getSource('frontline').url`
		if got := jsEval[string](t, ctx, url); !strings.Contains(got, "period=2022-01") {
			t.Errorf("source on 2022-03-25: %s, want the period 2022-01", got)
		}
		n0 := tileRequests(t, base)
		setSlider(t, ctx, "2022-04-07")
		waitDrawn(t, ctx)
		jsWait(t, ctx, `frontline.map.isSourceLoaded('frontline')`, 10*time.Second)
		if got := jsEval[string](t, ctx, url); !strings.Contains(got, "period=2022-04") {
			t.Errorf("source on 2022-04-07: %s, want the period 2022-04", got)
		}
		if tileRequests(t, base) <= n0 {
			t.Errorf("moving into the next period sent no tile request")
		}
		if renderedControl(t, ctx) == "" {
			t.Errorf("no control feature drawn on 2022-04-07")
		}
		openFresh(t, ctx, base+"/#day=2022-04-07&before=2022-03-25"+kyivView)
		jsWait(t, ctx, `frontline.map.isSourceLoaded('frontline-before') && frontline.map.getLayoutProperty('before-line-other', 'visibility') === 'visible'`, 10*time.Second)
		waitDrawn(t, ctx)
		if got := jsEval[string](t, ctx, `frontline.map.getSource('frontline-before').url`); !strings.Contains(got, "period=2022-01") {
			t.Errorf("compare outline's source: %s, want the period 2022-01", got)
		}
		if n := jsEval[int](t, ctx, `frontline.map.queryRenderedFeatures({layers: ['before-line-other']}).length`); n == 0 {
			t.Errorf("no compare outline of 2022-03-25 drawn")
		}
	})

	t.Run("keyboard and buttons step the day", func(t *testing.T) {
		ctx := newTab(t, bctx, 1280, 800)
		openFresh(t, ctx, base+"/#day=2022-03-25"+kyivView)
		var redraws []float64
		type step struct {
			keys string
			mods []chromedp.Modifier
			want string
		}
		for _, s := range []step{
			{kb.ArrowRight, nil, "2022-03-26"},
			{kb.ArrowRight, []chromedp.Modifier{chromedp.ModifierShift}, "2022-04-02"},
			{kb.ArrowLeft, nil, "2022-04-01"},
			{kb.ArrowLeft, []chromedp.Modifier{chromedp.ModifierShift}, "2022-03-25"},
			{kb.ArrowLeft, nil, "2022-03-24"},
			{kb.ArrowRight, nil, "2022-03-25"},
		} {
			if err := chromedp.Do(ctx, chromedp.KeyEvent(s.keys, chromedp.KeyModifiers(s.mods...))); err != nil {
				t.Fatal(err)
			}
			jsWaitEqual(t, ctx, `frontline.day`, s.want, 5*time.Second)
			redraws = append(redraws, waitDrawn(t, ctx))
		}
		t.Logf("redraw after a one-day or one-week step: median %.0f ms of %d (%v)", medianMS(redraws), len(redraws), redraws)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-step="next-change"]`))); err != nil {
			t.Fatal(err)
		}
		jsWaitEqual(t, ctx, `frontline.day`, "2022-03-26", 5*time.Second) // the next change from 2022-03-25 (Trostianets retaken)
		if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
			t.Fatal(err)
		}
		jsWait(t, ctx, `document.getElementById('play').classList.contains('playing')`, 5*time.Second)
		// Play until the day has moved, however slow the browser is.
		if err := jsPoll(ctx, `frontline.day > '2022-03-26'`, 20*time.Second); err != nil {
			t.Fatalf("play: the day did not move past 2022-03-26 within 20 s (day %s, playing %v): %v", jsEval[string](t, ctx, `frontline.day`),
				jsEval[bool](t, ctx, `document.getElementById('play').classList.contains('playing')`), err)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
			t.Fatal(err)
		}
		if err := jsPoll(ctx, `!document.getElementById('play').classList.contains('playing')`, 5*time.Second); err != nil {
			t.Errorf("space did not pause: %v", err)
		}
		if got := jsEval[string](t, ctx, `frontline.day`); got <= "2022-03-26" {
			t.Errorf("play: day %s, want it past 2022-03-26", got)
		}
		// A click on the chart picks the day under the pointer.
		box := jsEval[[4]float64](t, ctx, `(() => { const r = document.querySelector('#chart svg').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`)
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(box[0]+box[2]*0.5, box[1]+box[3]*0.5)); err != nil {
			t.Fatal(err)
		}
		if err := jsPoll(ctx, `frontline.day >= '2018-01-01' && frontline.day <= '2020-12-31'`, 5*time.Second); err != nil {
			t.Errorf("a click in the middle of the chart: day %s, want about 2019", jsEval[string](t, ctx, `frontline.day`))
		}
		waitDrawn(t, ctx)
	})

	t.Run("permalink survives a reload", func(t *testing.T) {
		ctx := newTab(t, bctx, 1280, 800)
		openFresh(t, ctx, base+"/#day=2022-02-20&z=5.2&lat=48.4&lon=31.3")
		jsEval[bool](t, ctx, `(frontline.setDay('2022-03-25'), frontline.map.jumpTo({center: [31, 50], zoom: 6}), true)`)
		jsWait(t, ctx, `location.search.includes('day=2022-03-25') && location.search.includes('z=6&')`, 5*time.Second)
		hash := jsEval[string](t, ctx, `location.search`)
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		waitReady(t, ctx)
		if got := jsEval[string](t, ctx, `frontline.day + ' ' + document.getElementById('date').value + ' ' + document.getElementById('slider').value`); got != "2022-03-25 2022-03-25 19076" {
			t.Errorf("after reloading %s: day, date field, slider: got %s, want 2022-03-25 2022-03-25 19076", hash, got)
		}
		if got := jsEval[string](t, ctx, `(() => { const c = frontline.map.getCenter(); return frontline.map.getZoom().toFixed(1) + ' ' + c.lng.toFixed(1) + ' ' + c.lat.toFixed(1); })()`); got != "6.0 31.0 50.0" {
			t.Errorf("after reloading %s: view %s, want 6.0 31.0 50.0", hash, got)
		}
		after := pagePixel(t, ctx, pageScreenshot(t, ctx), northKyiv[0], northKyiv[1])
		if after[0]-after[2] < 25 {
			t.Errorf("north of Kyiv after the reload: colour %v, want red", after)
		}
	})

	t.Run("compare two days", func(t *testing.T) {
		ctx := newTab(t, bctx, 1280, 800)
		openFresh(t, ctx, base+"/#day=2022-03-25"+kyivView)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("compare-on"))); err != nil {
			t.Fatal(err)
		}
		jsWait(t, ctx, `!!document.querySelector('#diff table')`, 10*time.Second)
		text := jsEval[string](t, ctx, `document.getElementById('diff').innerText`)
		if !strings.Contains(text, "gained") || !strings.Contains(text, "Russia") {
			t.Errorf("diff panel: got %q, want gained/lost per side", text)
		}
		if v := jsEval[string](t, ctx, `frontline.map.getLayoutProperty('before-line', 'visibility')`); v != "visible" {
			t.Errorf("before outline: visibility %q, want visible", v)
		}
		jsWait(t, ctx, `location.search.includes('before=2022-03-21')`, 5*time.Second)
	})

	t.Run("click shows the region and its articles", func(t *testing.T) {
		ctx := newTab(t, bctx, 1280, 800)
		openFresh(t, ctx, base+"/#day=2022-03-25"+kyivView)
		p := mapPoint(t, ctx, northKyiv[0], northKyiv[1])
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(p[0], p[1])); err != nil {
			t.Fatal(err)
		}
		// The validity and source come from the region's history (#23:
		// the tiles carry what a version draws, not which version it is).
		jsWait(t, ctx, `!!document.querySelector('.maplibregl-popup') && !document.querySelector('.popup-articles').textContent.includes('Loading') && !document.querySelector('.maplibregl-popup').innerText.includes('…')`, 10*time.Second)
		popup := jsEval[string](t, ctx, `document.querySelector('.maplibregl-popup').innerText`)
		for _, want := range []string{"Kyiv", "Russian-occupied", "2022", " · "} {
			if !strings.Contains(popup, want) {
				t.Errorf("popup %q lacks %q", popup, want)
			}
		}
		if err := jsPoll(ctx, `!document.getElementById('selection').hidden`, 5*time.Second); err != nil {
			t.Errorf("the panel does not show the selected region: %v", err)
		}
	})

	t.Run("snapshot button", func(t *testing.T) {
		resp, err := http.Get(base + "/snapshot.png?day=2022-03-25&bbox=22,44,41,53&width=120&height=80")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound {
			t.Skip("GET /snapshot.png answers 404: the snapshot route is not built yet")
		}
		ctx := newTab(t, bctx, 1280, 800)
		openFresh(t, ctx, base+"/#day=2022-03-25"+kyivView)
		jsWait(t, ctx, `document.getElementById('snapshot').href.includes('day=2022-03-25')`, 5*time.Second)
		href := jsEval[string](t, ctx, `document.getElementById('snapshot').href`)
		for _, want := range []string{"/snapshot.png?", "day=2022-03-25", "bbox=", "width=1200", "height=800"} {
			if !strings.Contains(href, want) {
				t.Errorf("snapshot link %s lacks %s", href, want)
			}
		}
		got := jsEval[string](t, ctx, `fetch(document.getElementById('snapshot').href).then(async r => {
			const b = new Uint8Array(await r.arrayBuffer());
			return r.status + ' ' + r.headers.get('Content-Type') + ' ' + Array.from(b.slice(1, 4), c => String.fromCharCode(c)).join('');
		})`)
		if got != "200 image/png PNG" {
			t.Errorf("snapshot: got %q, want 200 image/png PNG", got)
		}
	})

	t.Run("wide screenshot", func(t *testing.T) {
		ctx := newTab(t, bctx, 1280, 800)
		openFresh(t, ctx, base+"/#day=2025-01-20")
		jsWait(t, ctx, `document.querySelectorAll('#figures-body tr[data-key]').length > 0 && !!document.querySelector('#chart path.line')`, 10*time.Second)
		saveScreenshot(t, ctx, "wide.png")
	})

	t.Run("narrow screen", func(t *testing.T) {
		ctx := newTab(t, bctx, 390, 844, chromedp.EmulateMobile)
		openFresh(t, ctx, base+"/#day=2025-01-20")
		jsWait(t, ctx, `!!document.querySelector('#chart path.line')`, 10*time.Second)
		sizes := jsEval[[4]float64](t, ctx, `(() => {
			const m = document.getElementById('map').getBoundingClientRect(), p = document.getElementById('panel').getBoundingClientRect();
			return [document.documentElement.scrollWidth, window.innerWidth, m.bottom, p.top];
		})()`)
		if sizes[0] > sizes[1] {
			t.Errorf("horizontal overflow at 390 px: page %v px wide", sizes[0])
		}
		if sizes[3] < sizes[2] {
			t.Errorf("the panel (top %v) is not below the map (bottom %v)", sizes[3], sizes[2])
		}
		wide := jsEval[[]string](t, ctx, `[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('.maplibregl-map')).map(e => e.tagName + '#' + e.id + '.' + e.className)`)
		if len(wide) > 0 {
			t.Errorf("elements past the right edge at 390 px: %v", wide)
		}
		saveScreenshot(t, ctx, "narrow.png")
	})

	t.Run("leaflet example", func(t *testing.T) {
		ctx := newTab(t, bctx, 1280, 800)
		n0 := tileRequests(t, base)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/examples/leaflet.html#day=2022-03-25")); err != nil {
			t.Fatal(err)
		}
		jsWait(t, ctx, `document.querySelectorAll('img.leaflet-tile-loaded').length >= 4`, 30*time.Second)
		src := jsEval[string](t, ctx, `document.querySelector('img.leaflet-tile-loaded').src`)
		if !strings.Contains(src, "/tiles/2022-03-25/") || !strings.Contains(src, ".png?dataset=seed") {
			t.Errorf("leaflet tile %s: want a raster tile of 2022-03-25 of the seed", src)
		}
		jsWait(t, ctx, `document.querySelector('.leaflet-control-attribution')?.innerText.includes('Natural Earth')`, 10*time.Second)
		if got := jsEval[string](t, ctx, `document.querySelector('.leaflet-control-attribution').innerText`); !strings.Contains(got, "Schematic approximation drawn by frontline; Natural Earth (Apache-2.0)") {
			t.Errorf("leaflet credit %q: want the seed's attribution and licence", got)
		}
		jsWait(t, ctx, `document.getElementById('dataset').options.length > 0`, 10*time.Second)
		if got := jsEval[string](t, ctx, `[...document.getElementById('dataset').options].map(o => o.textContent).join('|')`); !strings.Contains(got, "frontline seed") {
			t.Errorf("leaflet dataset choice %q: want the datasets by title", got)
		}
		if tileRequests(t, base) <= n0 {
			t.Errorf("the server saw no raster tile request")
		}
	})

	t.Run("dataset credit and as of", func(t *testing.T) {
		addTinyDataset(t, base, st)
		ctx := newTab(t, bctx, 1280, 800)
		// The seed's attribution and licence, open on the map.
		openFresh(t, ctx, base+"/#day=2025-01-20")
		attrib := `(() => { const c = document.querySelector('.maplibregl-ctrl-attrib');
			return (c.classList.contains('maplibregl-compact-show') ? 'open ' : 'folded ') + c.querySelector('.maplibregl-ctrl-attrib-inner').innerText; })()`
		jsWait(t, ctx, `document.querySelector('.maplibregl-ctrl-attrib-inner')?.innerText.includes('Apache-2.0')`, 10*time.Second)
		if got := jsEval[string](t, ctx, attrib); !strings.Contains(got, "Data: Schematic approximation drawn by frontline; Natural Earth (Apache-2.0)") {
			t.Errorf("the attribution control: %q; want the seed's attribution and licence", got)
		}
		if got := jsEval[string](t, ctx, `document.getElementById('credit').innerText`); !strings.Contains(got, "Schematic approximation drawn by frontline; Natural Earth (Apache-2.0)") {
			t.Errorf("the credit on the map: %q; want the seed's attribution and licence", got)
		}
		if jsEval[bool](t, ctx, `!document.getElementById('stamp-asof').hidden`) || jsEval[string](t, ctx, `frontline.asOf`) != "" {
			t.Errorf("the seed has no observed range, yet the map says as of")
		}

		// tiny: a series that ends on 2026-08-22, credited to DeepStateMap.
		openFresh(t, ctx, base+"/#dataset=tiny&day=2026-09-01")
		jsWait(t, ctx, `document.querySelector('.maplibregl-ctrl-attrib-inner')?.innerText.includes('GPL-3.0')`, 10*time.Second)
		if got := jsEval[string](t, ctx, attrib); !strings.Contains(got, "Data: DeepStateMap (GPL-3.0)") || strings.Contains(got, "Apache") {
			t.Errorf("the attribution control of tiny: %q", got)
		}
		if href := jsEval[string](t, ctx, `document.querySelector('.maplibregl-ctrl-attrib-inner a[href^="https://deepstatemap"]')?.href ?? ''`); href != "https://deepstatemap.live/" {
			t.Errorf("the credit links to %q, want the source URL", href)
		}
		stamp := `document.getElementById('stamp').innerText.replace(/\s+/g, ' ')`
		if got := jsEval[string](t, ctx, stamp); jsEval[string](t, ctx, `frontline.asOf`) != "2026-08-22" || !strings.Contains(got, "map as of 22 Aug 2026") {
			t.Errorf("1 September 2026, after the last observed day: stamp %q, frontline.asOf %q", got, jsEval[string](t, ctx, `frontline.asOf`))
		}
		if got := jsEval[string](t, ctx, `document.getElementById('day-asof').hidden ? '' : document.getElementById('day-asof').innerText`); !strings.Contains(got, "22 Aug 2026") {
			t.Errorf("the panel's as-of note: %q", got)
		}
		jsEval[bool](t, ctx, `(frontline.setDay('2026-08-21'), true)`)
		if got := jsEval[string](t, ctx, stamp); jsEval[string](t, ctx, `frontline.asOf`) != "" || strings.Contains(got, "as of") || !jsEval[bool](t, ctx, `document.getElementById('day-asof').hidden`) {
			t.Errorf("21 August 2026, within the observed range: stamp %q", got)
		}
	})

	t.Run("the link's query", func(t *testing.T) {
		addTinyDataset(t, base, st)
		ctx := newTab(t, bctx, 1280, 800)
		// The canonical permalink: dataset and day in the query.
		openFresh(t, ctx, base+"/?dataset=tiny&day=2026-08-21")
		if got := jsEval[string](t, ctx, `frontline.day + ' ' + document.getElementById('dataset').selectedOptions[0].textContent`); got != "2026-08-21 Tiny DeepStateMap" {
			t.Errorf("?dataset=tiny&day=2026-08-21: day and dataset shown %q, want 2026-08-21 and the dataset's title", got)
		}
		credit := `(() => { const e = document.getElementById('credit'), r = e.getBoundingClientRect();
			return r.width > 0 && r.height > 0 && r.bottom <= innerHeight && r.right <= innerWidth ? e.innerText : ''; })()`
		if got := jsEval[string](t, ctx, credit); !strings.Contains(got, "DeepStateMap (GPL-3.0)") {
			t.Errorf("the credit on the map: %q, want DeepStateMap (GPL-3.0) visible", got)
		}
		jsEval[bool](t, ctx, `(frontline.setDay('2026-08-20'), true)`)
		jsWait(t, ctx, `location.search.includes('dataset=tiny') && location.search.includes('day=2026-08-20')`, 5*time.Second)
		// An unknown dataset and a day that is not one fall back, saying so.
		openFresh(t, ctx, base+"/?dataset=nope&day=2025-02-30")
		note := jsEval[string](t, ctx, `document.getElementById('notice').hidden ? '' : document.getElementById('notice').innerText`)
		if !strings.Contains(note, "nope") || !strings.Contains(note, "2025-02-30") {
			t.Errorf("notice for ?dataset=nope&day=2025-02-30: %q", note)
		}
		if got := jsEval[string](t, ctx, `document.getElementById('dataset').value`); got != "seed" {
			t.Errorf("dataset after an unknown one: %q, want the default", got)
		}
		if !jsEval[bool](t, ctx, `document.getElementById('boot-error').hidden`) {
			t.Errorf("the app failed to start: %s", jsEval[string](t, ctx, `document.getElementById('boot-error').innerText`))
		}
	})
}

// addTinyDataset imports over HTTP, as an editor would, a series "tiny"
// of three days that ends on 2026-08-22, titled and credited to
// DeepStateMap. Importing it again changes nothing, so every subtest that
// needs it calls it.
func addTinyDataset(t *testing.T, base string, st *store.Store) {
	t.Helper()
	var files [][2]string
	for day, east := range tinyDays {
		files = append(files, [2]string{"map-" + day + ".geojson", collection(square(36, 47, east-36, ""))})
	}
	if resp, body := postToken(t, base+"/api/import?dataset=tiny&series=1&region=tiny-occupied&side=ru&status=occupied", testToken, tarGz(t, files...)); resp.StatusCode != http.StatusOK {
		t.Fatalf("import: %d %s", resp.StatusCode, cut(body))
	}
	req, _ := http.NewRequest(http.MethodPatch, base+"/api/datasets/tiny", strings.NewReader(`{"title": "Tiny DeepStateMap", "attribution": "DeepStateMap", "license": "GPL-3.0", "source_url": "https://deepstatemap.live"}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("PATCH /api/datasets/tiny: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PATCH /api/datasets/tiny: %s", resp.Status)
	}
	if d, err := st.Dataset(context.Background(), "tiny"); err != nil || d.ObservedTo != geo.MustParseDay("2026-08-22") {
		t.Fatalf("tiny: %+v, %v", d, err)
	}
}
