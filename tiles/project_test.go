package tiles

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

func TestProjectionRoundTrip(t *testing.T) {
	for z := maptile.Zoom(0); z <= MaxZoom; z += 3 {
		for lon := -180.0; lon <= 180; lon += 7.5 {
			for lat := -85.0; lat <= 85; lat += 5 {
				p := orb.Point{lon, lat}
				q := LonLat(WorldPoint(p, z), z)
				if math.Abs(q[0]-lon) > 1e-9 || math.Abs(q[1]-lat) > 1e-9 {
					t.Fatalf("z%d %v: round trip gave %v", z, p, q)
				}
			}
		}
	}
}

func TestProjectionMatchesMaptile(t *testing.T) {
	// The north-west corner of every tile of orb's maptile is our tile origin.
	for _, tile := range []maptile.Tile{maptile.New(18, 11, 5), maptile.New(0, 0, 0), maptile.New(4823, 2790, 13)} {
		nw := WorldPoint(tile.Bound().LeftTop(), tile.Z)
		if math.Abs(nw[0]-float64(tile.X)*Extent) > 1e-6 || math.Abs(nw[1]-float64(tile.Y)*Extent) > 1e-6 {
			t.Errorf("%v: north-west corner at %v, want %d,%d", tile, nw, tile.X*Extent, tile.Y*Extent)
		}
	}
}

func TestClipToTile(t *testing.T) {
	tile := maptile.New(18, 11, 5)
	b := tile.Bound()
	// A polygon far larger than the tile clips to the tile plus buffer.
	big := orb.MultiPolygon{{{{b.Min[0] - 5, b.Min[1] - 5}, {b.Max[0] + 5, b.Min[1] - 5}, {b.Max[0] + 5, b.Max[1] + 5}, {b.Min[0] - 5, b.Max[1] + 5}, {b.Min[0] - 5, b.Min[1] - 5}}}}
	proj := projectMulti(big, tile.Z, 0)
	before := proj.Clone()
	got := clipToTile(newShape(proj), tile, Buffer)
	if !proj.Equal(before) {
		t.Errorf("clipToTile changed its input")
	}
	if len(got) != 1 {
		t.Fatalf("got %d polygons, want 1", len(got))
	}
	gb := got.Bound()
	if gb.Min != (orb.Point{-Buffer, -Buffer}) || gb.Max != (orb.Point{Extent + Buffer, Extent + Buffer}) {
		t.Errorf("got bound %v, want the buffered tile", gb)
	}
	far := orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}
	if got := clipToTile(newShape(projectMulti(far, tile.Z, 0)), tile, Buffer); got != nil {
		t.Errorf("a polygon far away: got %v, want nothing", got)
	}
}
