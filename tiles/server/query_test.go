package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestQueryRefused: a query net/url cannot parse whole is refused, not
// answered as if it asked less (issue #22: past 10,000 parameters
// /api/stats?day=2022-05-01&... answered for the latest day).
func TestQueryRefused(t *testing.T) {
	h := fakeServer().Routes()
	for name, q := range map[string]string{
		"10,001 parameters": "day=2022-05-01" + strings.Repeat("&q=1", 10000),
		"bad escape":        "day=2022-05-01&q=%zz",
		"semicolon":         "day=2022-05-01;q=1",
	} {
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/stats?"+q, nil))
			if rec.Code != http.StatusBadRequest {
				t.Errorf("got %d, want 400", rec.Code)
			}
			if n := rec.Body.Len(); n > 200 {
				t.Errorf("error body of %d bytes, want at most 200", n)
			}
		})
	}
}
