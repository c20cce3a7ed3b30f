package picture

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/internal/fake"
	"github.com/frontline-map/frontline/tiles/internal/hashes"
)

// hashRequests are the reference pictures of TestHashes, over
// fake.SeedLike: with the full chrome (480×320 and more) and compact, and
// small enough that their PNGs are deflated in one part (a big PNG is
// deflated in as many parts as GOMAXPROCS, and its bytes follow).
var hashRequests = map[string]Request{
	"snapshot-480x320":    {Kind: KindSnapshot, Day: "2025-01-20", View: ukraineBBox, Width: 480, Height: 320},
	"snapshot-300x200@2x": {Kind: KindSnapshot, Day: "2025-01-20", View: ukraineBBox, Width: 300, Height: 200, Scale: 2},
	"diff-kursk-480x320":  {Kind: KindDiff, From: "2024-08-01", To: "2024-08-31", View: View{Region: "kursk-incursion"}, Width: 480, Height: 320},
	"timelapse-kursk-480x320": {Kind: KindTimelapse, From: "2024-08-01", To: "2024-11-30", Step: Step{2, 'w'},
		View: sudzhaBBox, Width: 480, Height: 320},
}

// TestHashes checks the bytes of the reference pictures, drawn with the
// frozen fake.Style, against testdata/hashes-v<Version>.txt: bytes that
// change while Version (and draw.Version) do not would be served under the
// ETags of the old ones.
func TestHashes(t *testing.T) {
	st, bm := fake.SeedLike()
	s := New(Config{Source: st, Builder: tiles.NewBuilder(bm, 64<<20), Raster: draw.NewRenderer(fake.Style())})
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	got := map[string][]byte{}
	for name, req := range hashRequests {
		var bodies [2][]byte
		for i, procs := range []int{1, 4} {
			runtime.GOMAXPROCS(procs)
			pic, err := s.Render(context.Background(), req, nil)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if req.Kind == KindTimelapse && len(pic.Days) < 3 {
				t.Fatalf("%s: %d frames, want a few", name, len(pic.Days))
			}
			bodies[i] = pic.Body
		}
		if !bytes.Equal(bodies[0], bodies[1]) {
			t.Fatalf("%s: other bytes at GOMAXPROCS 1 and 4: make it smaller, so that it is deflated in one part", name)
		}
		got[name] = bodies[0]
	}
	hashes.Set{
		File:    fmt.Sprintf("testdata/hashes-v%d.txt", Version),
		What:    "pictures",
		Const:   "picture.Version",
		Version: Version,
		With:    fmt.Sprintf("draw.Version %d", draw.Version),
		Update:  "go test ./tiles/picture -run Hashes -update-hashes",
	}.Check(t, got)
}
