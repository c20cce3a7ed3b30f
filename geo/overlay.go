package geo

import (
	"context"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"
)

// Polygon overlay (union, intersection, difference) is done by
// github.com/peterstace/simplefeatures, a pure-Go implementation with
// robust noding; orb itself only clips to rectangles. Its input must be
// valid (Validate; Repair makes a shape so): it checks what it makes, not
// what it is given, and reads an invalid polygon wrongly, most often
// without an error (a polygon with a hole outside its shell comes out as
// the hole alone: TestOverlayNeedsValid).

// Union returns the union of the given multipolygons. Like every overlay
// here it is refused with a *ComplexityError past MaxCrossings.
func Union(mps ...orb.MultiPolygon) (orb.MultiPolygon, error) {
	return union(context.Background(), mps...)
}

// union is Union, its crossings counted under ctx first.
func union(ctx context.Context, mps ...orb.MultiPolygon) (orb.MultiPolygon, error) {
	if err := CheckCrossings(ctx, mps...); err != nil {
		return nil, fmt.Errorf("union: %w", err)
	}
	var gs []geom.Geometry
	for _, mp := range mps {
		if len(mp) > 0 {
			gs = append(gs, toSF(mp).AsGeometry())
		}
	}
	switch len(gs) {
	case 0:
		return nil, nil
	case 1:
		g, err := geom.UnaryUnion(gs[0])
		if err != nil {
			return nil, fmt.Errorf("union: %w", err)
		}
		return fromSF(g), nil
	}
	g, err := geom.UnionMany(gs)
	if err != nil {
		return nil, fmt.Errorf("union: %w", err)
	}
	return fromSF(g), nil
}

// UnionBatch is how many shapes UnionContext unites in one step: a caller
// that remembers steps (data/deepstate, whose days repeat most polygons)
// makes the same steps, so the same union.
const UnionBatch = 4

// UnionContext is Union done in bounded steps: batches of a few shapes are
// united, then batches of their unions, and so on, checking ctx between
// steps, so that a union of thousands of shapes can be stopped.
func UnionContext(ctx context.Context, mps ...orb.MultiPolygon) (orb.MultiPolygon, error) {
	if len(mps) <= UnionBatch {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return union(ctx, mps...)
	}
	level := mps
	for len(level) > 1 {
		next := make([]orb.MultiPolygon, 0, (len(level)+UnionBatch-1)/UnionBatch)
		for i := 0; i < len(level); i += UnionBatch {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			u, err := union(ctx, level[i:min(i+UnionBatch, len(level))]...)
			if err != nil {
				return nil, err
			}
			next = append(next, u)
		}
		level = next
	}
	return level[0], nil
}

// Intersection returns a ∩ b.
func Intersection(a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	return intersection(context.Background(), a, b)
}

// intersection is Intersection, its crossings counted under ctx first.
func intersection(ctx context.Context, a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	if len(a) == 0 || len(b) == 0 || !a.Bound().Intersects(b.Bound()) {
		return nil, nil
	}
	if err := CheckCrossings(ctx, a, b); err != nil {
		return nil, fmt.Errorf("intersection: %w", err)
	}
	g, err := geom.Intersection(toSF(a).AsGeometry(), toSF(b).AsGeometry())
	if err != nil {
		return nil, fmt.Errorf("intersection: %w", err)
	}
	return fromSF(g), nil
}

// Difference returns a \ b.
func Difference(a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	return difference(context.Background(), a, b)
}

// difference is Difference, its crossings counted under ctx first.
func difference(ctx context.Context, a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	if len(a) == 0 {
		return nil, nil
	}
	if len(b) == 0 || !a.Bound().Intersects(b.Bound()) {
		return a, nil
	}
	if err := CheckCrossings(ctx, a, b); err != nil {
		return nil, fmt.Errorf("difference: %w", err)
	}
	g, err := geom.Difference(toSF(a).AsGeometry(), toSF(b).AsGeometry())
	if err != nil {
		return nil, fmt.Errorf("difference: %w", err)
	}
	return fromSF(g), nil
}

func toSF(mp orb.MultiPolygon) geom.MultiPolygon {
	polys := make([]geom.Polygon, 0, len(mp))
	for _, p := range mp {
		rings := make([]geom.LineString, 0, len(p))
		for _, r := range p {
			if len(r) < 4 {
				continue
			}
			xy := make([]float64, 0, 2*len(r))
			for _, pt := range r {
				xy = append(xy, pt[0], pt[1])
			}
			rings = append(rings, geom.NewLineString(geom.NewSequence(xy, geom.DimXY)))
		}
		if len(rings) > 0 {
			polys = append(polys, geom.NewPolygon(rings))
		}
	}
	return geom.NewMultiPolygon(polys)
}

func fromSF(g geom.Geometry) orb.MultiPolygon {
	var out orb.MultiPolygon
	switch g.Type() {
	case geom.TypePolygon:
		out = append(out, polyFromSF(g.MustAsPolygon()))
	case geom.TypeMultiPolygon:
		m := g.MustAsMultiPolygon()
		for i := 0; i < m.NumPolygons(); i++ {
			out = append(out, polyFromSF(m.PolygonN(i)))
		}
	case geom.TypeGeometryCollection:
		c := g.MustAsGeometryCollection()
		for i := 0; i < c.NumGeometries(); i++ {
			out = append(out, fromSF(c.GeometryN(i))...)
		}
	}
	return Normalize(out)
}

func polyFromSF(p geom.Polygon) orb.Polygon {
	out := orb.Polygon{ringFromSF(p.ExteriorRing())}
	for i := 0; i < p.NumInteriorRings(); i++ {
		out = append(out, ringFromSF(p.InteriorRingN(i)))
	}
	return out
}

func ringFromSF(ls geom.LineString) orb.Ring {
	seq := ls.Coordinates()
	r := make(orb.Ring, seq.Length())
	for i := range r {
		xy := seq.GetXY(i)
		r[i] = orb.Point{xy.X, xy.Y}
	}
	return r
}

// Normalize drops empty rings and polygons and winds rings as RFC 7946
// asks: outer rings counter-clockwise, holes clockwise. It changes mp in place
// and returns it.
func Normalize(mp orb.MultiPolygon) orb.MultiPolygon {
	out := mp[:0]
	for _, p := range mp {
		q := p[:0]
		for i, r := range p {
			if len(r) < 4 || math.Abs(ringArea(r)) == 0 {
				if i == 0 {
					break
				}
				continue
			}
			ccw := ringArea(r) > 0
			if (i == 0) != ccw {
				r.Reverse()
			}
			q = append(q, r)
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
