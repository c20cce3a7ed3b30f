package publish

import (
	"strings"
	"testing"
)

// TestMarshalJSONNoHTMLEscape: the data files and PMTiles metadata are
// written as the server writes JSON, without HTML escaping (issue #21).
func TestMarshalJSONNoHTMLEscape(t *testing.T) {
	b, err := marshalJSON(map[string]any{"attribution": `<a href="https://example.org/?a=1&b=2">x</a>`})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); strings.Contains(got, `\u00`) || !strings.Contains(got, "<a href") || !strings.HasSuffix(got, "}\n") {
		t.Errorf("got %q, want JSON without HTML escaping and a newline", got)
	}
}
