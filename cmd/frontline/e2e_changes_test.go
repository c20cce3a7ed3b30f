package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWebAppChangeReport (#25 part 4): comparing two days, the panel
// shows the change report's paragraph in the reader's language, and its
// button copies it (or, where the clipboard is refused, selects it).
func TestWebAppChangeReport(t *testing.T) {
	bctx := launchBrowser(t)
	base, _ := testServer(t)
	for _, tc := range []struct{ lang, want, lost, button string }{
		{"en", "Between 25 March and 7 April 2022 ", "Russian forces lost about ", "Copy"},
		{"uk", "З 25 березня по 7 квітня 2022 року ", "російські війська втратили близько ", "Копіювати"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			ctx := newTab(t, bctx, 1280, 800)
			openFresh(t, ctx, base+"/?lang="+tc.lang+"&day=2022-04-07&before=2022-03-25"+kyivView)
			jsWait(t, ctx, `!!document.querySelector('#diff table')`, 15*time.Second)
			jsWait(t, ctx, `!!document.getElementById('report-text')`, 15*time.Second)
			text := jsEval[string](t, ctx, `document.getElementById('report-text').textContent`)
			if !strings.HasPrefix(text, tc.want) || !strings.Contains(text, tc.lost) {
				t.Errorf("report: %q, want it to begin %q and say %q", text, tc.want, tc.lost)
			}
			if b := jsEval[string](t, ctx, `document.getElementById('copy-report').textContent`); b != tc.button {
				t.Errorf("button: %q, want %q", b, tc.button)
			}
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("copy-report"))); err != nil {
				t.Fatal(err)
			}
			jsWait(t, ctx, `document.getElementById('copy-report').textContent !== `+jsString(tc.button), 5*time.Second)
			copied := jsEval[string](t, ctx, `getSelection().toString() || 'clipboard'`)
			if copied != "clipboard" && copied != text {
				t.Errorf("selected %q, want the report", copied)
			}
		})
	}
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }
