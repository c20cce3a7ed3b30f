package tiles

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// wiggly is a ring of n points around (lon, lat) of radius r degrees whose
// distance from the centre wanders at every scale, as a front line does,
// with runs of repeated and collinear points.
func wiggly(rng *rand.Rand, lon, lat, r float64, n int) orb.Ring {
	out := make(orb.Ring, 0, n+1)
	rad := r
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		rad = math.Max(r/3, math.Min(2*r, rad+r*0.02*rng.NormFloat64()))
		if i%50 == 7 && i > 0 { // a repeated point
			out = append(out, out[len(out)-1])
			continue
		}
		out = append(out, orb.Point{lon + rad*math.Cos(a), lat + rad*math.Sin(a)*0.7})
	}
	return append(out, out[0])
}

// TestLevelsMatchProjected checks that a level shape clipped at any zoom
// is exactly what projecting, simplifying and clipping it at that zoom
// gives, on every tile over it from z3 to z12.
func TestLevelsMatchProjected(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	mp := orb.MultiPolygon{
		{wiggly(rng, 36, 48, 1.5, 6000), wiggly(rng, 36.2, 48, 0.3, 800), wiggly(rng, 35.5, 48.1, 0.0004, 40)},
		{wiggly(rng, 33, 46, 0.2, 3000)},
		{wiggly(rng, 34, 45, 0.00001, 12)}, // gone at every zoom
	}
	mp[0][1].Reverse()
	ls := newLevelShape(mp)
	tiles := 0
	for z := maptile.Zoom(3); z <= 12; z++ {
		ref := newShape(projectMulti(mp, z, simplifyTolerance))
		lo := maptile.At(orb.Point{32.5, 50}, z)
		hi := maptile.At(orb.Point{39.5, 45}, z)
		step := max(1, (hi.X-lo.X)/12)
		for x := lo.X; x <= hi.X; x += step {
			for y := lo.Y; y <= hi.Y; y += step {
				tile := maptile.New(x, y, z)
				want := clipToTile(ref, tile, ControlBuffer)
				got := ls.clip(uint8(z), tileBox(tile, ControlBuffer), float64(x)*Extent, float64(y)*Extent)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("tile %v: level shape clips to %d polygons, projected %d; they differ", tile, len(got), len(want))
				}
				if len(want) > 0 {
					tiles++
				}
			}
		}
	}
	if tiles < 200 {
		t.Fatalf("only %d tiles met the shape", tiles)
	}
}
