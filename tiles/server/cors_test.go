package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestCORSHeaders: maps on other origins read our tiles, their ETag and
// length, and may send the headers of writes and revalidation.
func TestCORSHeaders(t *testing.T) {
	h := fakeServer().Routes()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/tiles/2015-01-01/6/38/22.png", nil))
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Allow-Origin %q", got)
	}
	if got := rec.Header().Get("Access-Control-Expose-Headers"); got != "ETag, Content-Length" {
		t.Errorf("Expose-Headers %q", got)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodOptions, "/api/import", nil))
	if got := rec.Header().Get("Access-Control-Allow-Headers"); got != "Authorization, Content-Type, If-None-Match" {
		t.Errorf("Allow-Headers %q", got)
	}
}
