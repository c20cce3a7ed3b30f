package deepstate

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"
)

// Border is the border between Ukraine and Russia, at which ground Ukraine
// took back is cut (in lon/lat).
type Border struct {
	Ukraine orb.MultiPolygon
	Russia  []orb.MultiPolygon // Russia's admin-1 units, full resolution along Ukraine
}

// SeedBorder is the border of the seed's basemap (data/seed).
func SeedBorder() (Border, error) {
	bm, err := seed.LoadBasemap()
	if err != nil {
		return Border{}, err
	}
	b := Border{Ukraine: bm.Ukraine.Shape}
	for _, f := range bm.Features {
		if f.Layer == geo.LayerAdmin1 && f.Country == "RU" {
			b.Russia = append(b.Russia, f.Geometry)
		}
	}
	return b, nil
}

// borderSplit is a liberated polygon cut at Ukraine's border: the part
// in Russia is ground Ukraine holds there, the rest ground it took back.
type borderSplit struct {
	liberated, inRussia orb.MultiPolygon
}

// minBorderKm2 is the least area of a part cut off at the border that
// counts: slivers from the two outlines' different traces do not.
const minBorderKm2 = 0.05

// splitAtBorder sorts a liberated polygon by where it lies: wholly in
// Ukraine (or in neither country: the Dnipro-Buh estuary islands that
// Natural Earth's coast leaves out), it is liberated; wholly in Russia, it
// is ground Ukraine holds in Russia; a polygon that crosses the border (the
// Kursk incursion's edge along Sumy oblast) is cut there, each part to its
// class, so that the figures inside each oblast are right. Cuts are
// remembered by shape: consecutive days repeat most polygons.
func (rd *reader) splitAtBorder(poly orb.Polygon) (map[string]orb.MultiPolygon, error) {
	b := poly.Bound()
	near := false
	for _, mp := range rd.border.Russia {
		if mp.Bound().Intersects(b) {
			near = true
			break
		}
	}
	if !near {
		return map[string]orb.MultiPolygon{LiberatedRegion: {poly}}, nil
	}
	key := shapesKey([]orb.MultiPolygon{{poly}})
	rd.mu.Lock()
	sp, ok := rd.splits[key]
	rd.mu.Unlock()
	if !ok {
		var err error
		if sp, err = rd.cut(poly); err != nil {
			return nil, err
		}
		rd.mu.Lock()
		rd.splits[key] = sp
		rd.mu.Unlock()
	}
	out := map[string]orb.MultiPolygon{}
	if len(sp.liberated) > 0 {
		out[LiberatedRegion] = sp.liberated
	}
	if len(sp.inRussia) > 0 {
		out[UAInRussia] = sp.inRussia
	}
	return out, nil
}

// cut splits poly at the border, with the outlines clipped to its bound
// first so that the overlay stays small.
func (rd *reader) cut(poly orb.Polygon) (borderSplit, error) {
	mp := orb.MultiPolygon{poly}
	box := poly.Bound().Pad(0.01)
	ua := clip.MultiPolygon(box, rd.border.Ukraine.Clone())
	outside, err := geo.Difference(mp, ua)
	if err != nil {
		return borderSplit{}, err
	}
	var ruParts []orb.MultiPolygon
	for _, r := range rd.border.Russia {
		if !r.Bound().Intersects(box) {
			continue
		}
		in, err := geo.Intersection(outside, clip.MultiPolygon(box, r.Clone()))
		if err != nil {
			return borderSplit{}, err
		}
		if len(in) > 0 {
			ruParts = append(ruParts, in)
		}
	}
	ru, err := geo.Union(ruParts...)
	if err != nil {
		return borderSplit{}, err
	}
	if geo.AreaKm2(ru) < minBorderKm2 {
		return borderSplit{liberated: mp}, nil
	}
	rest, err := geo.Difference(mp, ru)
	if err != nil {
		return borderSplit{}, err
	}
	if geo.AreaKm2(rest) < minBorderKm2 {
		return borderSplit{inRussia: mp}, nil
	}
	return borderSplit{liberated: rest, inRussia: ru}, nil
}

// shapesKey is a hash of the polygons mps, in order: files of days that
// follow each other mostly repeat a class's polygons, whose union is then
// made once (united).
func shapesKey(mps []orb.MultiPolygon) string {
	h := sha256.New()
	var b [8]byte
	put := func(v uint64) {
		binary.LittleEndian.PutUint64(b[:], v)
		h.Write(b[:])
	}
	for _, mp := range mps {
		put(uint64(len(mp)))
		for _, p := range mp {
			put(uint64(len(p)))
			for _, r := range p {
				put(uint64(len(r)))
				for _, pt := range r {
					put(math.Float64bits(pt[0]))
					put(math.Float64bits(pt[1]))
				}
			}
		}
	}
	return string(h.Sum(nil))
}

// united returns the union of the polygons of key, if made before.
func (rd *reader) united(key string) (orb.MultiPolygon, bool) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	g, ok := rd.unions[key]
	return g, ok
}

func (rd *reader) unite(key string, g orb.MultiPolygon) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	rd.unions[key] = g
}

// share returns the one copy of a shape equal to mp.
func (rd *reader) share(mp orb.MultiPolygon) orb.MultiPolygon {
	key := shapesKey([]orb.MultiPolygon{mp})
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if old, ok := rd.shared[key]; ok {
		return old
	}
	rd.shared[key] = mp
	return mp
}

// unionRepaired unites mps (even one: the union of a polygon is valid
// where the polygon may not be). When that fails on a broken polygon, it
// unites them again with every polygon repaired (repairPolygon).
func unionRepaired(ctx context.Context, mps []orb.MultiPolygon) (orb.MultiPolygon, error) {
	u, err := geo.UnionContext(ctx, mps...)
	if err == nil || ctx.Err() != nil {
		return u, err
	}
	var fixed []orb.MultiPolygon
	for _, mp := range mps {
		for _, p := range mp {
			r, rerr := repairPolygon(p)
			if rerr != nil {
				return nil, fmt.Errorf("%w; repairing a polygon: %w", err, rerr)
			}
			fixed = append(fixed, r)
		}
	}
	if u, rerr := geo.UnionContext(ctx, fixed...); rerr == nil || ctx.Err() != nil {
		return u, rerr
	}
	return nil, err
}

// repairPolygon reads p's rings as DeepStateMap's editor drew them: the
// first the outline, the others holes where they lie inside it and more
// outlines where they do not ("interior ring outside of exterior ring");
// holes that touch ("disconnected interior") are cut out one by one.
func repairPolygon(p orb.Polygon) (orb.MultiPolygon, error) {
	if len(p) < 2 {
		return geo.Union(orb.MultiPolygon{p})
	}
	var holes, outlines []orb.MultiPolygon
	for _, r := range p[1:] {
		if len(r) == 0 {
			continue
		}
		if planar.RingContains(p[0], r[0]) {
			holes = append(holes, orb.MultiPolygon{{r}})
		} else {
			outlines = append(outlines, orb.MultiPolygon{{r}})
		}
	}
	shape, err := geo.Union(orb.MultiPolygon{{p[0]}})
	if err != nil {
		return nil, err
	}
	if len(holes) > 0 {
		h, err := geo.Union(holes...)
		if err != nil {
			return nil, err
		}
		if shape, err = geo.Difference(shape, h); err != nil {
			return nil, err
		}
	}
	if len(outlines) == 0 {
		return shape, nil
	}
	return geo.Union(append(outlines, shape)...)
}
