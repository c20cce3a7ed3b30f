package draw_test

import (
	"fmt"
	"testing"

	"github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/internal/fake"
	"github.com/frontline-map/frontline/tiles/internal/hashes"
)

// TestHashes checks the PNG bytes of the reference tiles, drawn with the
// frozen fake.Style, against testdata/hashes-v<draw.Version>.txt: bytes
// that change while draw.Version does not would be served under the ETags
// of the old ones.
func TestHashes(t *testing.T) {
	r := draw.NewRenderer(fake.Style())
	got := map[string][]byte{}
	for name, tc := range draw.HashTiles() {
		b, err := r.PNG(tc.Content, tc.Opt)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got[name] = b
	}
	hashes.Set{
		File:    fmt.Sprintf("testdata/hashes-v%d.txt", draw.Version),
		What:    "drawing",
		Const:   "draw.Version",
		Version: draw.Version,
		Update:  "go test ./tiles/draw -run Hashes -update-hashes",
	}.Check(t, got)
}
