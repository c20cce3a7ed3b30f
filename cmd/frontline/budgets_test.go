package main

import (
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/geojson"
)

// hugeRing is a FeatureCollection of one feature whose ring has one
// vertex more than geojson.MaxRingVertices (the million-vertex
// ring, cut to what shows the budget).
func hugeRing() []byte {
	n := geojson.MaxRingVertices + 1
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"huge","side":"ru","status":"occupied","valid_from":"2024-01-01"},"geometry":{"type":"Polygon","coordinates":[[`)
	for i := 0; i < n-1; i++ {
		a := 2 * math.Pi * float64(i) / float64(n-1)
		fmt.Fprintf(&b, "[%.6f,%.6f],", 35+math.Cos(a), 48+math.Sin(a))
	}
	b.WriteString(`[36,48]]]}}]}`)
	return []byte(b.String())
}

// TestImportGeometryBudgets (#22): an import past a geometry budget is
// refused, naming it: exit 3 from the command line, 413 over HTTP, and
// nothing written.
func TestImportGeometryBudgets(t *testing.T) {
	body := hugeRing()
	t.Run("cli", func(t *testing.T) {
		db := seededCopy(t)
		f := filepath.Join(t.TempDir(), "huge.geojson")
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCLI(t, db, "", "import", "--dataset", "huge", f)
		if code != exitRejected || !strings.Contains(stderr, "vertices per ring") {
			t.Errorf("got exit %d %q, want %d naming the budget", code, stderr, exitRejected)
		}
	})
	t.Run("http", func(t *testing.T) {
		base, _ := testServer(t)
		resp, b := postWith(t, base+"/api/import?dataset=huge", body)
		wantJSONError(t, "a ring past its budget", resp, b, http.StatusRequestEntityTooLarge)
		if !strings.Contains(string(b), "vertices per ring") {
			t.Errorf("got %s, want the budget named", cut(b))
		}
		if hasDataset(t, base, "huge") {
			t.Error("the refused import was written")
		}
	})
}
