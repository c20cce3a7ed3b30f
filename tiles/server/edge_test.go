package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/frontline-map/frontline/tiles/internal/fake"
)

// quietServer is a Server over the fake store whose log goes nowhere.
func quietServer(cfg Config) *Server {
	cfg.Store = fake.NewStore()
	cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	return New(cfg)
}

// TestPMTilesServesOnlyRegularFilesInside: issue #22, a link in the
// --pmtiles folder to /etc/passwd was served (206 "root:x:0:0:").
func TestPMTilesServesOnlyRegularFilesInside(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "archives")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(path, body string) {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "real.pmtiles"), "PMTiles inside")
	write(filepath.Join(top, "outside.pmtiles"), "PMTiles outside")
	link("/etc/passwd", "passwd.pmtiles")
	link(filepath.Join(top, "outside.pmtiles"), "abs-out.pmtiles")
	link("../outside.pmtiles", "rel-out.pmtiles")
	link("real.pmtiles", "alias.pmtiles") // a link that stays inside
	if err := os.Mkdir(filepath.Join(dir, "dir.pmtiles"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.pmtiles"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := quietServer(Config{PMTilesDir: dir}).Routes()
	type tcase struct {
		file string
		code int
		body string
	}
	tcases := map[string]tcase{
		"real":                     {"real", http.StatusPartialContent, "PMTiles"},
		"link staying inside":      {"alias", http.StatusPartialContent, "PMTiles"},
		"issue-22-passwd":          {"passwd", http.StatusNotFound, ""},
		"issue-22-absolute-out":    {"abs-out", http.StatusNotFound, ""},
		"issue-22-relative-out":    {"rel-out", http.StatusNotFound, ""},
		"issue-22-directory":       {"dir", http.StatusNotFound, ""},
		"issue-22-fifo-not-opened": {"fifo", http.StatusNotFound, ""},
		"missing":                  {"missing", http.StatusNotFound, ""},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/pmtiles/"+tc.file+".pmtiles", nil)
			req.Header.Set("Range", "bytes=0-6")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != tc.code || !strings.HasPrefix(w.Body.String(), tc.body) {
				t.Errorf("got %d %q, want %d %q", w.Code, w.Body, tc.code, tc.body)
			}
			if strings.Contains(w.Body.String(), "root:") || strings.Contains(w.Body.String(), "outside") {
				t.Errorf("served a file outside the folder: %q", w.Body)
			}
		})
	}
}

// TestAppHeaders: issue #22, the web app had no Content-Security-Policy,
// could be framed by any site, and listed its folders; no response said
// nosniff or a Referrer-Policy.
func TestAppHeaders(t *testing.T) {
	app := fstest.MapFS{
		"index.html":            {Data: []byte("<h1>app</h1>")},
		"js/main.js":            {Data: []byte("1")},
		"vendor/leaflet/l.js":   {Data: []byte("1")},
		"examples/leaflet.html": {Data: []byte("<h1>leaflet</h1>")},
	}
	h := quietServer(Config{Static: app, PublicURL: "https://maps.example.org/fl"}).Routes()
	type tcase struct {
		path   string
		code   int
		frames string // the frame-ancestors directive; "" for no CSP
	}
	tcases := map[string]tcase{
		"issue-22-app":              {"/", http.StatusOK, "frame-ancestors 'none'"},
		"issue-22-app-permalink":    {"/?day=2025-01-20&z=6", http.StatusOK, "frame-ancestors 'none'"},
		"issue-22-embed":            {"/?embed=1&day=2025-01-20", http.StatusOK, "frame-ancestors *"},
		"embed=0 is the app":        {"/?embed=0", http.StatusOK, "frame-ancestors 'none'"},
		"issue-22-example":          {"/examples/leaflet.html", http.StatusOK, "frame-ancestors 'none'"},
		"a module":                  {"/js/main.js", http.StatusOK, "frame-ancestors 'none'"},
		"issue-22-no-js-listing":    {"/js/", http.StatusNotFound, ""},
		"issue-22-no-vendor-list":   {"/vendor/", http.StatusNotFound, ""},
		"issue-22-no-deep-listing":  {"/vendor/leaflet/", http.StatusNotFound, ""},
		"issue-22-no-examples-list": {"/examples/", http.StatusNotFound, ""},
		"an API answer":             {"/api/datasets", http.StatusOK, ""},
		"a JSON 404":                {"/api/nope", http.StatusNotFound, ""},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			w := get(t, h, tc.path)
			if w.Code != tc.code {
				t.Fatalf("got %d %q, want %d", w.Code, w.Body, tc.code)
			}
			if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options: got %q, want nosniff", got)
			}
			if got := w.Header().Get("Referrer-Policy"); got != "strict-origin-when-cross-origin" {
				t.Errorf("Referrer-Policy: got %q, want strict-origin-when-cross-origin", got)
			}
			csp := w.Header().Get("Content-Security-Policy")
			if tc.frames == "" {
				if csp != "" && tc.code == http.StatusOK {
					t.Errorf("CSP: got %q, want none", csp)
				}
				return
			}
			for _, want := range []string{tc.frames, "script-src 'self'", "worker-src 'self' blob:", "img-src 'self' data: blob:",
				"connect-src 'self' https://maps.example.org", "object-src 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP: got %q, want %q in it", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
				t.Errorf("CSP lets scripts run inline or eval: %q", csp)
			}
		})
	}
}

// TestForgedHostNeverCachedWithoutVary: a document whose URLs are built on
// the request's Host (TileJSON, the style) says Vary: Host, so no cache
// hands a forged Host's URLs to others; with Config.PublicURL the Host
// does not reach the document at all.
func TestForgedHostNeverCachedWithoutVary(t *testing.T) {
	st, bm := fake.SeedLike()
	for _, public := range []string{"", "https://maps.example.org"} {
		h := New(Config{Store: st, Basemap: bm, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), PublicURL: public}).Routes()
		for _, path := range []string{"/tiles/2025-01-20.json", "/tiles/all.json", "/tiles/base.json", "/styles/default.json?day=2025-01-20", "/ogc"} {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Host = "evil.example"
			req.Header.Set("X-Forwarded-Proto", "https")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				t.Fatalf("%s: got %d %s", path, w.Code, w.Body)
			}
			forged := strings.Contains(w.Body.String(), "evil.example")
			vary := strings.Contains(strings.Join(w.Header().Values("Vary"), ","), "Host")
			if forged && (public != "" || !vary) {
				t.Errorf("public URL %q, %s: the forged Host is in the document (Vary %q)", public, path, w.Header().Values("Vary"))
			}
			if public == "" && !forged {
				t.Errorf("%s: got %s, want URLs on the request's host", path, w.Body)
			}
		}
	}
}
