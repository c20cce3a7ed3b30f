package main

import (
	"encoding/json"
	"fmt"
	"image"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWebAppSizes opens the app on the seed at four window sizes and
// checks what a reader sees first: the day's front whole in the map, no
// band of the map left without the basemap (land reaches the top, left
// and right edges), water drawn, and place labels that do not overlap.
// With FRONTLINE_SCREENSHOTS=1 it saves each view under
// static/testdata/screenshots.
func TestWebAppSizes(t *testing.T) {
	bctx := launchBrowser(t)
	base, _ := testServer(t)
	const day = "2025-01-20"
	resp, body := get(t, base+"/api/stats?day="+day)
	var st struct{ BBox []float64 }
	if err := json.Unmarshal(body, &st); resp.StatusCode != http.StatusOK || err != nil || len(st.BBox) != 4 {
		t.Fatalf("/api/stats?day=%s: %d, bbox %v (%v)", day, resp.StatusCode, st.BBox, err)
	}
	front := st.BBox
	for _, size := range []struct {
		w, h   int64
		mobile bool
	}{{390, 844, true}, {1280, 800, false}, {1280, 2400, false}, {1920, 1080, false}} {
		name := fmt.Sprintf("%dx%d", size.w, size.h)
		t.Run(name, func(t *testing.T) {
			opts := []chromedp.EmulateViewportOption{}
			if size.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			ctx := newTab(t, bctx, size.w, size.h, opts...)
			openFresh(t, ctx, base+"/?day="+day)
			jsWait(t, ctx, `document.querySelectorAll('.place-label').length > 0`, 10*time.Second)
			b := jsEval[[4]float64](t, ctx, `(() => { const b = frontline.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; })()`)
			if b[0] > front[0] || b[1] > front[1] || b[2] < front[2] || b[3] < front[3] {
				t.Errorf("the first view %v does not hold the front %v", b, front)
			}
			if n := jsEval[int](t, ctx, `frontline.map.queryRenderedFeatures({layers: ['water-area', 'water-river']}).length`); n == 0 {
				t.Errorf("no water drawn")
			}
			if size.w >= 1280 { // on a phone the towns may take its place
				jsWait(t, ctx, `[...document.querySelectorAll('.river-label')].some(e => e.textContent === 'Dnipro')`, 5*time.Second)
			}
			overlaps := jsEval[[]string](t, ctx, `(() => {
				const ls = [...document.querySelectorAll('.place-label')].map(e => [e.textContent, e.getBoundingClientRect()]), out = [];
				ls.push(['the date stamp', document.getElementById('stamp').getBoundingClientRect()]);
				for (let i = 0; i < ls.length; i++) for (let j = i + 1; j < ls.length; j++) {
					const a = ls[i][1], b = ls[j][1];
					if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(ls[i][0] + '/' + ls[j][0]);
				}
				return out; })()`)
			if len(overlaps) > 0 {
				t.Errorf("place labels overlap: %v", overlaps)
			}
			img := pageScreenshot(t, ctx)
			r := jsEval[[4]float64](t, ctx, `(() => { const r = document.getElementById('map').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()`)
			m := image.Rect(int(r[0]), int(r[1]), int(r[2]), int(r[3]))
			bw, bh := max(4, m.Dx()/25), max(4, m.Dy()/25)
			for edge, band := range map[string]image.Rectangle{
				"top":   image.Rect(m.Min.X, m.Min.Y+40, m.Max.X, m.Min.Y+40+bh), // below the date stamp's row
				"left":  image.Rect(m.Min.X, m.Min.Y, m.Min.X+bw, m.Max.Y),
				"right": image.Rect(m.Max.X-bw-50, m.Min.Y, m.Max.X-50, m.Max.Y), // clear of the zoom buttons
			} {
				if f := landShare(img, band); f < 0.2 {
					t.Errorf("the %s band of the map is %.0f%% land: want the basemap to reach the edge", edge, 100*f)
				}
			}
			saveScreenshot(t, ctx, "size-"+name+".png")
		})
	}
	t.Run("embed", func(t *testing.T) {
		// The iframe of README: map and timeline, no panel, the link's day and view.
		ctx := newTab(t, bctx, 800, 500)
		openFresh(t, ctx, base+"/?embed=1&day=2022-04-07&z=6&lat=48.5&lon=35")
		got := jsEval[[4]float64](t, ctx, `[getComputedStyle(document.getElementById('panel')).display === 'none' ? 1 : 0,
			document.getElementById('map').getBoundingClientRect().width, innerWidth, frontline.map.getZoom()]`)
		if got[0] != 1 || got[1] != got[2] || got[3] < 5.99 || got[3] > 6.01 {
			t.Errorf("embed: panel hidden %v, map %v px wide of %v, zoom %v", got[0] == 1, got[1], got[2], got[3])
		}
		if day := jsEval[string](t, ctx, `frontline.day`); day != "2022-04-07" {
			t.Errorf("embed: day %s", day)
		}
		jsWait(t, ctx, `document.getElementById('embed-link').href.includes('day=2022-04-07') && !document.getElementById('embed-link').href.includes('embed')`, 3*time.Second)
		jsWait(t, ctx, `location.search.includes('embed=1')`, 3*time.Second)
	})
}

// landShare is the share of pixels of r in img of the app's land colours
// (Ukraine's #f3f0e8, its neighbours' #ebe8e0), within a few levels.
func landShare(img image.Image, r image.Rectangle) float64 {
	r = r.Intersect(img.Bounds())
	land, n := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			c := rgbAt(img, image.Pt(x, y))
			n++
			for _, l := range [][3]int{{0xf3, 0xf0, 0xe8}, {0xeb, 0xe8, 0xe0}} {
				if abs(int(c.R)-l[0]) <= 6 && abs(int(c.G)-l[1]) <= 6 && abs(int(c.B)-l[2]) <= 6 {
					land++
					break
				}
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(land) / float64(n)
}

// TestWebAppUkrainian: the interface follows the browser's language or
// the switch: in Ukrainian its headings, buttons and dates are Ukrainian,
// and switching back gives English again.
func TestWebAppUkrainian(t *testing.T) {
	ctx, console := startBrowser(t)
	base, _ := testServer(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	texts := `[document.documentElement.lang, document.getElementById('figures-h').textContent,
		document.getElementById('day-long').textContent, document.querySelector('#legend-list li').textContent,
		document.getElementById('play').title, document.querySelector('#panel footer').innerText.slice(0, 40)].join('|')`
	openFresh(t, ctx, base+"/?day=2025-01-20")
	en := jsEval[string](t, ctx, texts)
	if !strings.HasPrefix(en, "en|Area held|Monday, 20 January 2025|") {
		t.Errorf("English: %q", en)
	}
	// The switch, as a reader uses it.
	jsEval[bool](t, ctx, `(() => { const s = document.getElementById('lang'); s.value = 'uk'; s.dispatchEvent(new Event('change')); return true; })()`)
	// The switch reloads the page: wait for the new one, ready (jsWait
	// polls again in the new page when the old one goes away under it).
	jsWait(t, ctx, `document.documentElement.lang === 'uk' && !!window.frontline && window.frontline.ready === true`, 30*time.Second)
	ukr := jsEval[string](t, ctx, texts)
	for _, want := range []string{"uk|Утримувана територія|", "20 січня 2025", "Окуповано Росією", "Відтворити", "пробіл"} {
		if !strings.Contains(ukr, want) {
			t.Errorf("Ukrainian: %q lacks %q", ukr, want)
		}
	}
	if got := jsEval[string](t, ctx, `frontline.day`); got != "2025-01-20" {
		t.Errorf("the switch lost the day: %s", got)
	}
	// Remembered on the next visit, and back to English.
	openFresh(t, ctx, base+"/?day=2025-01-20")
	if got := jsEval[string](t, ctx, `document.documentElement.lang`); got != "uk" {
		t.Errorf("the next visit: lang %q, want uk remembered", got)
	}
	openFresh(t, ctx, base+"/?day=2025-01-20&lang=en")
	if got := jsEval[string](t, ctx, texts); got != en {
		t.Errorf("back to English: %q, want %q", got, en)
	}
	if errs := console.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestWebAppSideBySide: ?compare=NAME shows a second dataset beside the
// first on the same day, the two views moving together, each credited.
func TestWebAppSideBySide(t *testing.T) {
	ctx, console := startBrowser(t)
	base, _ := testServer(t)
	if resp, body := postToken(t, base+"/api/import?dataset=tiny&series=1&region=tiny-occupied&side=ru&status=occupied", testToken,
		tarGz(t, [2]string{"map-2025-01-20.geojson", collection(square(36, 47, 1, ""))})); resp.StatusCode != http.StatusOK {
		t.Fatalf("import: %d %s", resp.StatusCode, cut(body))
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	openFresh(t, ctx, base+"/?day=2025-01-20&compare=tiny&z=6&lat=47.5&lon=36.5")
	jsWait(t, ctx, `!!frontline.map2 && frontline.map2.loaded() && frontline.map2.queryRenderedFeatures().some(f => f.source === 'frontline')`, 15*time.Second)
	got := jsEval[[3]float64](t, ctx, `[document.getElementById('map').getBoundingClientRect().width, document.getElementById('map2').getBoundingClientRect().width,
		frontline.map2.queryRenderedFeatures().filter(f => f.source === 'frontline' && f.properties.region === 'tiny-occupied').length]`)
	if got[0] < 300 || got[1] < 300 || got[2] == 0 {
		t.Errorf("side by side: widths %v and %v, tiny's features on the second map %v", got[0], got[1], got[2])
	}
	if txt := jsEval[string](t, ctx, `document.getElementById('map2-title').textContent + ' | ' + document.getElementById('credit2').innerText`); !strings.Contains(txt, "tiny") {
		t.Errorf("the second map's title and credit: %q", txt)
	}
	jsEval[bool](t, ctx, `(frontline.map.jumpTo({center: [35, 48], zoom: 7}), true)`)
	if c := jsEval[string](t, ctx, `(() => { const c = frontline.map2.getCenter(); return c.lng.toFixed(2) + ',' + c.lat.toFixed(2) + ',' + frontline.map2.getZoom().toFixed(1); })()`); c != "35.00,48.00,7.0" {
		t.Errorf("the second map did not follow the first: %s", c)
	}
	jsWait(t, ctx, `location.search.includes('compare=tiny')`, 3*time.Second)
	if errs := console.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestStyleTextWithOurGlyphs: GET /styles/default.json draws place and
// river names in MapLibre with our glyphs (GET /fonts/...), nothing
// loaded from elsewhere; the font route answers 404 and 400 to what it
// does not have.
func TestStyleTextWithOurGlyphs(t *testing.T) {
	ctx, console := startBrowser(t)
	requests := watchRequests(t, ctx)
	base, _ := testServer(t)
	for path, want := range map[string]int{"/fonts/Go%20Regular/0-255.pbf": 200, "/fonts/Go%20Bold,Go%20Regular/1024-1279.pbf": 200,
		"/fonts/Comic%20Sans/0-255.pbf": 404, "/fonts/Go%20Regular/1-256.pbf": 400, "/fonts/Go%20Regular/0-99.pbf": 400} {
		if resp, body := get(t, base+path); resp.StatusCode != want || (want == 200 && len(body) < 1000) {
			t.Errorf("%s: %d, %d bytes; want %d", path, resp.StatusCode, len(body), want)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1000, 700)); err != nil {
		t.Fatal(err)
	}
	openFresh(t, ctx, base+"/?day=2025-01-20")
	got := jsEval[[2]int](t, ctx, `(async () => {
		const maplibregl = await import('/vendor/maplibre-gl/maplibre-gl.mjs');
		const div = document.createElement('div');
		div.style.cssText = 'position:fixed;left:0;top:0;width:900px;height:600px;z-index:99';
		document.body.append(div);
		const m = new maplibregl.Map({container: div, style: '/styles/default.json?day=2025-01-20', center: [34.9, 48.3], zoom: 7});
		await new Promise(r => m.once('idle', r));
		return [m.queryRenderedFeatures({layers: ['place-names-capital', 'place-names-regional', 'place-names-town', 'place-names-small']}).length, m.queryRenderedFeatures({layers: ['river-names']}).length];
	})()`)
	if got[0] == 0 || got[1] == 0 {
		t.Errorf("names drawn with our glyphs: %d places, %d rivers; want both", got[0], got[1])
	}
	fonts := 0
	for _, u := range requests() {
		if strings.Contains(u, "/fonts/") {
			fonts++
		}
	}
	if fonts == 0 {
		t.Errorf("MapLibre asked for no glyphs")
	}
	if off := offLoopback(requests()); len(off) > 0 {
		t.Errorf("requests off loopback: %v", off)
	}
	if errs := console.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestTownsNearTheFront: at zoom 8 the small towns near the day's front
// line are labelled (they are the towns in the news) and those far from
// it are not yet.
func TestTownsNearTheFront(t *testing.T) {
	ctx, console := startBrowser(t)
	base, _ := testServer(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	small := `new Promise(r => setTimeout(() => r([...document.querySelectorAll('.place-label.rank-4')].map(e => e.textContent)), 400))`
	openFresh(t, ctx, base+"/?day=2025-01-20&z=8&lat=46.75&lon=33.0") // the lower Dnipro
	if err := jsPoll(ctx, `document.querySelectorAll('.place-label.rank-4').length > 0`, 15*time.Second); err != nil {
		t.Logf("no small town labelled within 15 s: %v", err)
	}
	near := jsEval[[]string](t, ctx, small)
	if len(near) == 0 {
		t.Errorf("no small town labelled near the front at zoom 8")
	}
	openFresh(t, ctx, base+"/?day=2025-01-20&z=8&lat=49.8&lon=24.0") // Lviv, far from it
	// The labels are placed (Lviv's own); small reads the small towns'
	// well after the labels' 60 ms debounce.
	jsWait(t, ctx, `document.querySelectorAll('.place-label').length > 0`, 15*time.Second)
	if far := jsEval[[]string](t, ctx, small); len(far) != 0 {
		t.Errorf("small towns labelled far from the front at zoom 8: %v", far)
	}
	t.Logf("small towns near the front at zoom 8: %v", near)
	if errs := console.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
