package main

import (
	"fmt"
	"net/http"
	"sort"
	"testing"

	"github.com/frontline-map/frontline/internal/mvtspec"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt/vectortile"
	"github.com/paulmach/orb/maptile"
)

// donbas is the area of the conformance tiles: the front in the Donbas.
var donbas = orb.Bound{Min: orb.Point{36.8, 47.4}, Max: orb.Point{39.2, 49.2}}

// conformancePaths are the vector tiles read by the conformance tests:
// day tiles of 2025-01-20, temporal and base tiles over the Donbas.
func conformancePaths() []string {
	var out []string
	for z := maptile.Zoom(5); z <= 8; z++ {
		for _, t := range coverTiles(donbas, z) {
			out = append(out, tilePath("2025-01-20", t, "mvt"))
			if z <= 7 {
				out = append(out, fmt.Sprintf("/tiles/all/%d/%d/%d.mvt", t.Z, t.X, t.Y))
			}
			if z <= 6 {
				out = append(out, fmt.Sprintf("/tiles/base/%d/%d/%d.mvt", t.Z, t.X, t.Y))
			}
		}
	}
	return out
}

// coverTiles returns the tiles of zoom z over b.
func coverTiles(b orb.Bound, z maptile.Zoom) []maptile.Tile {
	nw := maptile.At(orb.Point{b.Min[0], b.Max[1]}, z)
	se := maptile.At(orb.Point{b.Max[0], b.Min[1]}, z)
	var out []maptile.Tile
	for x := nw.X; x <= se.X; x++ {
		for y := nw.Y; y <= se.Y; y++ {
			out = append(out, maptile.New(x, y, z))
		}
	}
	return out
}

// specCount counts a layer's polygon features and how many break the spec.
type specCount struct{ features, wound, invalid, zeroRings int }

// TestMVTConformance decodes day, temporal and base tiles as the MVT 2.1
// spec says (mvtspec) and checks every polygon: exterior rings of positive
// area with their interiors after them, no zero-area ring, valid OGC
// geometry (issue #21).
func TestMVTConformance(t *testing.T) {
	base, _ := testServer(t)
	counts := map[string]*specCount{}
	for _, path := range conformancePaths() {
		resp, body := get(t, base+path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: got %d", path, resp.StatusCode)
		}
		layers, err := mvtspec.Decode(body)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, l := range layers {
			key := kindOf(path) + "/" + l.Name
			for _, f := range l.Features {
				if f.Type != vectortile.Tile_POLYGON {
					continue
				}
				c := counts[key]
				if c == nil {
					c = &specCount{}
					counts[key] = c
				}
				c.features++
				if windingBroken(f) {
					c.wound++
					if c.wound <= 2 {
						t.Logf("%s %s %v: wound against the spec: %v", path, l.Name, f.Props["region"], f.Problems)
					}
				}
				for _, p := range f.Problems {
					if len(p) > 0 && p[len(p)-4:] == "area" {
						c.zeroRings++
					}
				}
				if err := f.Invalid(); err != nil {
					c.invalid++
					if c.invalid <= 2 {
						t.Logf("%s %s %v: %v", path, l.Name, f.Props["region"], err)
					}
				}
			}
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := counts[k]
		t.Logf("%s: %d polygon features, %d wound against the spec, %d invalid, %d zero-area rings", k, c.features, c.wound, c.invalid, c.zeroRings)
		if c.wound > 0 || c.invalid > 0 || c.zeroRings > 0 {
			t.Errorf("%s: got %d wound against the spec, %d invalid, %d zero-area rings of %d features, want none",
				k, c.wound, c.invalid, c.zeroRings, c.features)
		}
	}
}

// windingBroken reports whether a polygon feature has no exterior ring of
// positive area first (orb and our encoder once wrote them negative) or
// an interior before any exterior.
func windingBroken(f mvtspec.Feature) bool {
	if len(f.Polygons) == 0 {
		return true
	}
	for _, p := range f.Problems {
		if len(p) > 8 && p[len(p)-8:] == "exterior" {
			return true
		}
	}
	return false
}

// kindOf names the kind of a tile path: day, temporal or base.
func kindOf(path string) string {
	switch {
	case len(path) > 11 && path[:11] == "/tiles/all/":
		return "temporal"
	case len(path) > 12 && path[:12] == "/tiles/base/":
		return "base"
	}
	return "day"
}
