package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestWebAppPlaceSearch types town names into the search box of the web
// app in headless Chromium, as a person would, and checks that the map
// flies to the town: Russian and Ukrainian names, an older name, and a
// town picked from the list by a click.
func TestWebAppPlaceSearch(t *testing.T) {
	bctx := launchBrowser(t)
	base, _ := testServer(t)
	ctx := newTab(t, bctx, 1280, 800)
	openFresh(t, ctx, base+"/#day=2024-06-01&z=5.2&lat=48.4&lon=31.3")
	if jsEval[bool](t, ctx, `document.getElementById('place-search').hidden`) {
		t.Fatal("the search box is hidden on a server's app")
	}
	input := chromedp.CSS(`#place-search input`)
	type town struct {
		lon, lat float64
	}
	kupiansk, bakhmut, pokrovsk := town{37.61, 49.71}, town{38.00, 48.59}, town{37.18, 48.28}
	for _, tc := range []struct {
		typed string
		click string // the list item to click, else Enter takes the first
		want  string
		at    town
	}{
		{"Купянск", "", "Kupiansk", kupiansk},
		{"Artemivsk", "", "Bakhmut", bakhmut},
		{"Покровськ", "", "Pokrovsk", pokrovsk},
		{"Kupyan", "Kupiansk", "Kupiansk", kupiansk},
	} {
		jsEval[bool](t, ctx, `(document.querySelector('#place-search input').value = '', true)`)
		if err := chromedp.Do(ctx, chromedp.SendKeys(input, tc.typed)); err != nil {
			t.Fatal(err)
		}
		jsWait(t, ctx, `document.querySelectorAll('#place-search li[data-i]').length > 0`, 10*time.Second)
		if tc.click != "" {
			saveScreenshot(t, ctx, "place-search.png") // FRONTLINE_SCREENSHOTS=1
			sel := `//ul/li[@data-i][b[text()="` + tc.click + `"]]`
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.Search(sel))); err != nil {
				t.Fatalf("%s: click %s: %v", tc.typed, tc.click, err)
			}
		} else if err := chromedp.Do(ctx, chromedp.SendKeys(input, kb.Enter)); err != nil {
			t.Fatal(err)
		}
		jsWaitEqual(t, ctx, `frontline.flewTo`, tc.want, 10*time.Second)
		jsWait(t, ctx, `!frontline.map.isMoving()`, 15*time.Second)
		lon := jsEval[float64](t, ctx, `frontline.map.getCenter().lng`)
		lat := jsEval[float64](t, ctx, `frontline.map.getCenter().lat`)
		zoom := jsEval[float64](t, ctx, `frontline.map.getZoom()`)
		if d := (lon-tc.at.lon)*(lon-tc.at.lon) + (lat-tc.at.lat)*(lat-tc.at.lat); d > 0.05*0.05 || zoom < 9.5 {
			t.Errorf("%s: the map is at %.3f, %.3f, zoom %.1f; want %s (%.2f, %.2f), zoomed in", tc.typed, lon, lat, zoom, tc.want, tc.at.lon, tc.at.lat)
		}
		jsEval[bool](t, ctx, `(frontline.flewTo = '', true)`)
	}
	// An unknown name lists the nearest spellings.
	jsEval[bool](t, ctx, `(document.querySelector('#place-search input').value = '', true)`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(input, "Kupiansc")); err != nil {
		t.Fatal(err)
	}
	jsWait(t, ctx, `(document.querySelector('#place-search li.none')?.textContent ?? '').includes('Kupiansk')`, 10*time.Second)
}
