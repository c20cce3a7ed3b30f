package geojson

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/geo"
)

// TestWhitespaceLinear reads GeoJSON padded with megabytes of whitespace
// between tokens (issue #22: 16 MiB took 3.2 s, quadratic in the length of a run):
// it reads in linear time and the strings keep their spaces.
func TestWhitespaceLinear(t *testing.T) {
	feature := `{"type": "Feature", "properties": {"region": "a  \"b\"   c"}, "geometry": {"type": "Polygon", "coordinates": [[[35,48],[36,48],[36,49],[35,48]]]}}`
	for name, pad := range map[string]string{"spaces": " ", "newlines": "\n", "mixed": " \t\r\n"} {
		t.Run(name, func(t *testing.T) {
			ws := strings.Repeat(pad, (4<<20)/len(pad))
			in := `{` + ws + `"type"` + ws + `:` + ws + `"FeatureCollection", "features": [` + ws + feature + ws + `]` + ws + `}` + ws
			start := time.Now()
			var ps geo.Problems
			feats, err := Read(&chunkReader{r: strings.NewReader(in)}, "pad.geojson", &ps)
			if err != nil || ps.Err() != nil || len(feats) != 1 {
				t.Fatalf("got %d features, %v, %v; want 1", len(feats), err, ps.Err())
			}
			if got, want := feats[0].Props["region"], `a  "b"   c`; got != want {
				t.Errorf("region: got %q, want %q", got, want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("20 MiB of whitespace read in %v, want under 1 s", d)
			}
		})
	}
}

// chunkReader reads at most 32 KiB at a time, as a tar or gzip reader does.
type chunkReader struct{ r io.Reader }

func (c *chunkReader) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), 32<<10)]) }
