package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// recordViolations makes every page the tab loads keep the
// securitypolicyviolation events of its document in
// window.cspViolations, as "directive blocked-URI" strings.
func recordViolations(t *testing.T, ctx context.Context) {
	t.Helper()
	const js = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js}); err != nil {
		t.Fatal(err)
	}
}

// wantNoViolations fails t if the page saw a CSP violation.
func wantNoViolations(t *testing.T, ctx context.Context) {
	t.Helper()
	if v := jsEval[[]string](t, ctx, `window.cspViolations ?? ['the recorder did not run']`); len(v) > 0 {
		t.Errorf("CSP violations:\n%s", strings.Join(v, "\n"))
	}
}

// metricsText is the server's /metrics.
func metricsText(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCSPInBrowser: issue #22 gave the web app a Content-Security-Policy.
// The app, its embed and the Leaflet example still draw under it in
// Chromium, with no violation and no console error; only the embed can be
// framed by another site.
func TestCSPInBrowser(t *testing.T) {
	bctx := launchBrowser(t)
	base, _ := testServer(t)
	for name, url := range map[string]string{
		"app":   base + "/?day=2022-03-25" + kyivView,
		"embed": base + "/?embed=1&day=2022-03-25" + kyivView,
	} {
		t.Run(name, func(t *testing.T) {
			ctx := newTab(t, bctx, 1024, 700)
			recordViolations(t, ctx)
			openFresh(t, ctx, url)
			waitDrawn(t, ctx)
			if n := jsEval[int](t, ctx, `frontline.features`); n == 0 {
				t.Errorf("no control feature drawn")
			}
			wantNoViolations(t, ctx)
		})
	}
	// The labels' glyphs came from /fonts/ (connect-src).
	if m := metricsText(t, base); !strings.Contains(m, `route="fonts"`) {
		t.Errorf("the server answered no glyphs")
	}
	t.Run("leaflet example", func(t *testing.T) {
		ctx := newTab(t, bctx, 1024, 700)
		recordViolations(t, ctx)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/examples/leaflet.html#day=2022-03-25")); err != nil {
			t.Fatal(err)
		}
		jsWait(t, ctx, `document.querySelectorAll('img.leaflet-tile-loaded').length >= 4`, 30*time.Second)
		jsWait(t, ctx, `document.querySelector('.leaflet-control-attribution')?.innerText.includes('Natural Earth')`, 10*time.Second)
		wantNoViolations(t, ctx)
	})
	t.Run("issue-22-only-the-embed-is-framed", func(t *testing.T) {
		// A page of another origin frames the embed and the app.
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `<!doctype html><iframe id="embed" src="%s/?embed=1&day=2022-03-25"></iframe><iframe id="app" src="%s/?day=2022-03-25"></iframe>`, base, base)
		}))
		defer other.Close()
		ctx, cancel := chromedp.NewContext(bctx)
		defer cancel()
		console := prepareTab(t, ctx) // the refusal is a console error: not newTab
		if err := chromedp.Do(ctx, chromedp.Navigate(other.URL)); err != nil {
			t.Fatal(err)
		}
		// Chromium names the refused frame without its query: count.
		refusals := func() (n int) {
			for _, e := range console.Errors() {
				if strings.Contains(e, "frame-ancestors 'none'") {
					n++
				}
			}
			return n
		}
		for end := time.Now().Add(20 * time.Second); refusals() == 0 && time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`0`))
		}
		time.Sleep(time.Second) // room for a second refusal, were there one
		chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`0`))
		if n := refusals(); n != 1 {
			t.Errorf("got %d refused frames, want 1 (the app's, not the embed's); console: %q", n, console.Errors())
		}
		if errs := console.Errors(); len(errs) != refusals() {
			t.Errorf("console: %q", errs)
		}
		// The embed's frame drew its map (its document is another origin's:
		// ask the server for what it sent instead).
		resp, err := http.Get(base + "/?embed=1")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Content-Security-Policy"); !strings.Contains(got, "frame-ancestors *") {
			t.Errorf("embed CSP: got %q", got)
		}
	})
}

// TestMaxConns: issue #22, 2,000 idle keep-alive connections were held
// with no cap. With --max-conns 4, a fifth connection waits until one of
// the four closes.
func TestMaxConns(t *testing.T) {
	base, _ := serveProcess(t, "--max-conns", "4")
	http.DefaultClient.CloseIdleConnections() // serveProcess's own, waiting for its start
	addr := strings.TrimPrefix(base, "http://")
	var held []net.Conn
	for range 4 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	time.Sleep(200 * time.Millisecond) // the server accepts them
	answered := make(chan error, 1)
	go func() {
		client := &http.Client{Transport: &http.Transport{}, Timeout: 20 * time.Second}
		resp, err := client.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		answered <- err
	}()
	select {
	case err := <-answered:
		t.Fatalf("a fifth connection was served beside four open ones (err %v)", err)
	case <-time.After(700 * time.Millisecond):
	}
	held[0].Close()
	select {
	case err := <-answered:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the fifth connection was not served after one of four closed")
	}
	if defaultTimeouts.idle > 30*time.Second {
		t.Errorf("idle keep-alive timeout: got %s, want at most 30 s", defaultTimeouts.idle)
	}
}
