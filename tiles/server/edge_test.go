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
