package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWebAppPoint (#24, 3): a click on the map opens a popup that says
// what holds the point that day, since when, how far the other side is,
// and its changes of hands, in English and in Ukrainian.
func TestWebAppPoint(t *testing.T) {
	bctx := launchBrowser(t)
	base, _ := testServer(t)
	for lang, want := range map[string][]string{
		"en": {"At this point", "Russian-occupied since", "Other side: ", " km ", "Changes of hands", "Not held by the other side → Russian-occupied"},
		"uk": {"У цій точці", "Окуповано Росією з", "Інша сторона: ", " км на ", "Зміни контролю"},
	} {
		t.Run(lang, func(t *testing.T) {
			ctx := newTab(t, bctx, 1280, 800)
			openFresh(t, ctx, base+"/?lang="+lang+"#day=2022-03-25"+kyivView)
			p := mapPoint(t, ctx, northKyiv[0], northKyiv[1])
			if err := chromedp.Do(ctx, chromedp.MouseClickXY(p[0], p[1])); err != nil {
				t.Fatal(err)
			}
			jsWait(t, ctx, `!!document.querySelector('.popup-point h4')`, 10*time.Second)
			text := jsEval[string](t, ctx, `document.querySelector('.popup-point').innerText`)
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("popup %q lacks %q", text, w)
				}
			}
		})
	}
}
