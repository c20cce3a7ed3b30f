package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestWriteJSONNoHTMLEscape: what the server writes is JSON read as JSON,
// so "<=" stays "<=" (issue #21: gl-style-validate refused "\u003c=").
func TestWriteJSONNoHTMLEscape(t *testing.T) {
	for name, write := range map[string]func(w http.ResponseWriter){
		"writeJSON": func(w http.ResponseWriter) {
			writeJSON(w, httptest.NewRequest(http.MethodGet, "/", nil), 200, []any{"<=", "a&b", ">"})
		},
		"writeError": func(w http.ResponseWriter) { writeError(w, 400, `<= a&b >`) },
	} {
		rec := httptest.NewRecorder()
		write(rec)
		if got := rec.Body.String(); strings.Contains(got, `\u00`) || !strings.Contains(got, "<=") {
			t.Errorf("%s: got %s, want no HTML escaping", name, got)
		}
	}
}
