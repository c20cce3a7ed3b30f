package deepstate

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"math"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"
	"github.com/paulmach/orb"
)

// Border is the border between Ukraine and Russia, at which every polygon
// is cut (in lon/lat): Russia's admin-1 units; Ukraine is what they leave.
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

// borderSplit is a polygon cut at Ukraine's border with Russia: rest lies
// in Ukraine or in neither country (the sea, the Dnipro-Buh estuary islands
// that Natural Earth's coast leaves out), the parts in Russia are anchors
// (ground across the border) or others (slivers unless they join an
// anchor; see across).
type borderSplit struct {
	rest, anchors, others orb.MultiPolygon
}

// minBorderKm2 is the least area of a part cut off at the border that
// counts: slivers from the two outlines' different traces do not.
const minBorderKm2 = 0.05

// minAcrossWidthKm is the least width (km) of a part in Russia of a
// polygon that lies mostly in Ukraine for the part to be ground across the
// border by itself. Where Natural Earth's 10m border and DeepStateMap's
// disagree, the strips between them are up to 3.9 km wide along the
// Kharkiv-Belgorod border (measured on the whole archive), as wide as the
// smallest raids: the width alone cannot tell them apart, whether a
// polygon lies mostly across the border can.
const minAcrossWidthKm = 5

// crossing is what the polygons of a class put across the border on one
// day, to be sorted by across.
type crossing struct {
	anchors, others orb.MultiPolygon
}

// place classifies a polygon of class c against the border: what lies in
// Ukraine (or in neither country) is its class's (returned by region); of
// what lies in Russia, ground occupied by Russia is Russia's own land, so
// dropped, and ground Ukraine took back or the grey zone go to cross, to
// count only across the border (across). Cuts are remembered by shape:
// consecutive days repeat most polygons.
func (rd *reader) place(c Class, poly orb.Polygon, cross *crossing) (map[string]orb.MultiPolygon, bool) {
	sp := rd.split(poly)
	out := map[string]orb.MultiPolygon{}
	if len(sp.rest) > 0 {
		out[map[Class]string{Occupied: OccupiedRegion, Contested: ContestedRegion, Liberated: LiberatedRegion}[c]] = sp.rest
	}
	if c == Occupied {
		return out, false
	}
	cross.anchors = append(cross.anchors, sp.anchors...)
	cross.others = append(cross.others, sp.others...)
	return out, len(sp.anchors) > 0
}

// across is the ground across the border of a class on one day: the
// anchors (parts of polygons drawn mostly in Russia, as the Kursk incursion
// and the raids into Belgorod oblast, and parts at least minAcrossWidthKm
// wide), and the other parts in Russia that join them; the rest are the
// slivers of the two borders' disagreement, strips cut off ground drawn to
// DeepStateMap's border, which go to Russia. Made once for the same parts.
func (rd *reader) across(ctx context.Context, cr crossing) (orb.MultiPolygon, error) {
	if len(cr.anchors) == 0 || len(cr.others) == 0 {
		return cr.anchors, nil
	}
	key := "across" + shapesKey([]orb.MultiPolygon{cr.anchors, cr.others})
	if g, ok := rd.united(key); ok {
		return g, nil
	}
	all, err := geo.UnionContext(ctx, cr.anchors, cr.others)
	if err != nil {
		return nil, err
	}
	var out orb.MultiPolygon
	for _, comp := range all {
		in, err := geo.Intersection(orb.MultiPolygon{comp}, cr.anchors)
		if err != nil {
			return nil, err
		}
		if geo.AreaKm2(in) >= minBorderKm2 {
			out = append(out, comp)
		}
	}
	rd.unite(key, out)
	return out, nil
}

// split cuts poly at the border, once per shape.
func (rd *reader) split(poly orb.Polygon) borderSplit {
	b := poly.Bound()
	near := false
	for _, rb := range rd.ruBounds {
		if rb.Intersects(b) {
			near = true
			break
		}
	}
	if !near {
		return borderSplit{rest: orb.MultiPolygon{poly}}
	}
	key := shapesKey([]orb.MultiPolygon{{poly}})
	rd.mu.Lock()
	sp, ok := rd.splits[key]
	rd.mu.Unlock()
	if ok {
		return sp
	}
	sp = rd.cutOrWhole(poly)
	rd.mu.Lock()
	rd.splits[key] = sp
	rd.mu.Unlock()
	return sp
}

// cutOrWhole cuts poly (valid: see valid), or, should the overlay fail,
// leaves it whole, its class's.
func (rd *reader) cutOrWhole(poly orb.Polygon) borderSplit {
	sp, err := rd.cut(poly)
	if err != nil {
		return borderSplit{rest: orb.MultiPolygon{poly}}
	}
	return sp
}

// cut splits poly at the border: its parts in Russia's units. (The
// outlines are not clipped to a box first: orb's clip of a ring drawn the
// other way round can fill the whole box.)
func (rd *reader) cut(poly orb.Polygon) (borderSplit, error) {
	mp := orb.MultiPolygon{poly}
	box := poly.Bound()
	var ruParts orb.MultiPolygon
	for i, r := range rd.border.Russia {
		if !rd.ruBounds[i].Intersects(box) {
			continue
		}
		in, err := geo.Intersection(mp, r)
		if err != nil {
			return borderSplit{}, err
		}
		ruParts = append(ruParts, in...)
	}
	ru, err := geo.Union(ruParts)
	if err != nil {
		return borderSplit{}, err
	}
	if geo.AreaKm2(ru) < minBorderKm2 {
		return borderSplit{rest: mp}, nil
	}
	rest, err := geo.Difference(mp, ru)
	if err != nil {
		return borderSplit{}, err
	}
	sp := borderSplit{rest: rest}
	if restKm2 := geo.AreaKm2(rest); restKm2 < minBorderKm2 || geo.AreaKm2(ru) >= restKm2 {
		sp.anchors = ru // drawn mostly in Russia
		return sp, nil
	}
	for _, p := range ru {
		if widthKm(p) >= minAcrossWidthKm {
			sp.anchors = append(sp.anchors, p)
		} else {
			sp.others = append(sp.others, p)
		}
	}
	return sp, nil
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
