package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzRequest sends arbitrary paths and queries through the router: bad
// input must give a 4xx with a JSON body, never a 5xx or a panic.
func FuzzRequest(f *testing.F) {
	for _, s := range []string{
		"/tiles/2015-01-01/6/38/22.png", "/tiles/latest/0/0/0.mvt?layers=control", "/tiles/2024-02-30/1/1/1.png",
		"/tiles/all/8/153/88.mvt", "/tiles/2015-01-01.json?format=png2x", "/api/stats?day=2025-01-20",
		"/api/diff?from=2024-08-01&to=x", "/api/timeline?bbox=1,2,3,4", "/api/articles?from=2024-01-01&to=2023-01-01",
		"/api/regions/crimea/history", "/styles/default.json?day=latest", "/tiles/99999999999/1/1/1.png",
	} {
		f.Add(s)
	}
	h := fakeServer().Routes()
	f.Fuzz(func(t *testing.T, target string) {
		if !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n\t#") || len(target) > 2000 {
			return
		}
		if _, err := url.ParseRequestURI(target); err != nil {
			return
		}
		req := httptest.NewRequest(http.MethodGet, "http://frontline"+target, nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("GET %s: %d %s", target, w.Code, w.Body)
		}
		if w.Code >= 400 && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("GET %s: %d without a JSON body", target, w.Code)
		}
	})
}
