package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/frontline-map/frontline/tiles/internal/fake"
)

func TestWritesNeedTheToken(t *testing.T) {
	imported := 0
	s := New(Config{Store: fake.NewStore(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Token: "secret", MaxBody: 1024,
		Import: func(ctx context.Context, req ImportRequest) (any, error) {
			imported++
			_, err := io.ReadAll(req.Body)
			return map[string]int{"inserted": 1}, err
		}})
	h := s.Routes()
	type tcase struct {
		auth string
		body string
		code int
	}
	tcases := map[string]tcase{
		"no header":                  {"", "{}", http.StatusUnauthorized},
		"wrong token":                {"Bearer secrex", "{}", http.StatusUnauthorized},
		"token prefix":               {"Bearer secre", "{}", http.StatusUnauthorized},
		"basic auth":                 {"Basic c2VjcmV0", "{}", http.StatusUnauthorized},
		"right token":                {"Bearer secret", "{}", http.StatusOK},
		"issue-22-lower-case-scheme": {"bearer secret", "{}", http.StatusOK},
		"issue-22-upper-case-scheme": {"BEARER secret", "{}", http.StatusOK},
		"scheme alone":               {"Bearer ", "{}", http.StatusUnauthorized},
		"bearerish scheme":           {"Bearerx secret", "{}", http.StatusUnauthorized},
		"body too large":             {"Bearer secret", strings.Repeat("x", 4096), http.StatusRequestEntityTooLarge},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/api/import?dataset=seed", strings.NewReader(tc.body))
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != tc.code {
				t.Errorf("got %d, want %d: %s", w.Code, tc.code, w.Body)
			}
		})
	}
	// With no token configured every write is refused.
	open := New(Config{Store: fake.NewStore(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}).Routes()
	w := httptest.NewRecorder()
	open.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/import?dataset=seed", strings.NewReader("{}")))
	if w.Code != http.StatusUnauthorized {
		t.Errorf("no token configured: got %d, want 401", w.Code)
	}
}

func TestStaticStaysInside(t *testing.T) {
	s := New(Config{Store: fake.NewStore(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Static: fstest.MapFS{"index.html": {Data: []byte("<h1>app</h1>")}, "js/app.js": {Data: []byte("1")}}})
	h := s.Routes()
	for _, p := range []string{"/../go.mod", "/..%2f..%2fetc%2fpasswd", "/js/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/js/..%5c..%5cgo.mod", "/nope.html"} {
		req := httptest.NewRequest(http.MethodGet, "http://x"+p, nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code == http.StatusOK && !strings.Contains(w.Body.String(), "app") {
			t.Errorf("GET %s: got 200 %q", p, w.Body)
		}
		if strings.Contains(w.Body.String(), "root:") || strings.Contains(w.Body.String(), "module frontline") {
			t.Errorf("GET %s: leaked a file outside the app", p)
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/js/app.js", nil))
	if w.Code != http.StatusOK {
		t.Errorf("a real asset: got %d", w.Code)
	}
}
