package geo

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"
	"github.com/peterstace/simplefeatures/rtree"
)

// repairShape makes mp valid by the even-odd rule: a polygon that is not
// valid is what lies inside an odd number of the simple loops its rings
// make once cut where they touch or cross themselves; the polygons are
// then united (overlapping polygons of a MultiPolygon are one area).
func repairShape(mp orb.MultiPolygon) (orb.MultiPolygon, error) {
	parts := make([]geom.Geometry, 0, len(mp))
	for _, p := range mp {
		sp := toSF(orb.MultiPolygon{p})
		if sp.Validate() == nil {
			parts = append(parts, sp.AsGeometry())
			continue
		}
		var loops []geom.Geometry
		for _, r := range p {
			for _, l := range splitLoops(selfNode(r)) {
				loops = append(loops, toSF(Normalize(orb.MultiPolygon{{l}})).AsGeometry())
			}
		}
		g, err := xorAll(loops)
		if err != nil {
			return nil, err
		}
		if !g.IsEmpty() {
			parts = append(parts, g)
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	g, err := geom.UnionMany(parts)
	if err != nil {
		return nil, fmt.Errorf("union: %w", err)
	}
	return fromSF(g), nil
}

// xorAll is the symmetric difference of gs (each valid): the largest (by
// points) taken last, against the symmetric difference of the others.
// A rounded union's broken polygon is one long outline and hundreds of
// small holes; the outline goes through one overlay instead of one at
// every level of the halving, which took most of an import's repairs.
func xorAll(gs []geom.Geometry) (geom.Geometry, error) {
	if len(gs) < 3 {
		return xorHalves(gs)
	}
	big, most := 0, -1
	for i, g := range gs {
		if n := g.DumpCoordinates().Length(); n > most {
			big, most = i, n
		}
	}
	rest := make([]geom.Geometry, 0, len(gs)-1)
	rest = append(append(rest, gs[:big]...), gs[big+1:]...)
	r, err := xorHalves(rest)
	if err != nil {
		return r, err
	}
	g, err := geom.SymmetricDifference(gs[big], r)
	if err != nil {
		return g, fmt.Errorf("symmetric difference: %w", err)
	}
	return g, nil
}

// xorHalves is the symmetric difference of gs (each valid), halving the
// list at each step so that no overlay is much larger than its result.
func xorHalves(gs []geom.Geometry) (geom.Geometry, error) {
	switch len(gs) {
	case 0:
		return geom.Geometry{}, nil
	case 1:
		return gs[0], nil
	}
	a, err := xorHalves(gs[:len(gs)/2])
	if err != nil {
		return a, err
	}
	b, err := xorHalves(gs[len(gs)/2:])
	if err != nil {
		return b, err
	}
	g, err := geom.SymmetricDifference(a, b)
	if err != nil {
		return g, fmt.Errorf("symmetric difference: %w", err)
	}
	return g, nil
}

// errFound stops a search once an answer is found.
var errFound = errors.New("found")

// firstCrossing returns a point where r touches or crosses itself, if it
// does anywhere.
func firstCrossing(r orb.Ring) (orb.Point, bool) {
	var at orb.Point
	found := false
	eachCrossing(r, func(i, j int, pts []orb.Point) error {
		at, found = pts[0], true
		return errFound
	})
	return at, found
}

// selfNode returns r with every point where it touches or crosses itself
// inserted as a vertex into each segment it lies on (computed once, so
// that the segments share it exactly).
func selfNode(r orb.Ring) orb.Ring {
	r = dedupe(r)
	if len(r) < 4 {
		return r
	}
	cuts := map[int][]orb.Point{}
	eachCrossing(r, func(i, j int, pts []orb.Point) error {
		for _, p := range pts {
			for _, s := range []int{i, j} {
				if p != r[s] && p != r[s+1] {
					cuts[s] = append(cuts[s], p)
				}
			}
		}
		return nil
	})
	if len(cuts) == 0 {
		return r
	}
	out := make(orb.Ring, 0, len(r)+2*len(cuts))
	for i := 0; i+1 < len(r); i++ {
		out = append(out, r[i])
		cs := cuts[i]
		a := r[i]
		sort.Slice(cs, func(x, y int) bool { return dist2(a, cs[x]) < dist2(a, cs[y]) })
		for k, c := range cs {
			if k == 0 || c != cs[k-1] {
				out = append(out, c)
			}
		}
	}
	return append(out, r[len(r)-1])
}

// eachCrossing calls fn for each pair of segments i < j of r (segment i
// runs from r[i] to r[i+1]) that meet other than where consecutive
// segments join, with the points where they meet.
func eachCrossing(r orb.Ring, fn func(i, j int, pts []orb.Point) error) {
	n := len(r) - 1
	if n < 3 {
		return
	}
	boxes := make([]rtree.Box, n)
	items := make([]rtree.BulkItem, n)
	for i := range n {
		boxes[i] = segBox(r[i], r[i+1])
		items[i] = rtree.BulkItem{Box: boxes[i], RecordID: i}
	}
	tree := rtree.BulkLoad(items) // which reorders items
	for i := range n {
		err := tree.RangeSearch(boxes[i], func(j int) error {
			if j <= i {
				return nil
			}
			pts := meet(r[i], r[i+1], r[j], r[j+1])
			if j == i+1 || (i == 0 && j == n-1) {
				pts = dropJoint(pts, i, j, r, n)
			}
			if len(pts) == 0 {
				return nil
			}
			return fn(i, j, pts)
		})
		if err != nil {
			return
		}
	}
}

// dropJoint leaves out of pts the vertex at which consecutive segments i
// and j join (they always meet there).
func dropJoint(pts []orb.Point, i, j int, r orb.Ring, n int) []orb.Point {
	joint := r[j]
	if i == 0 && j == n-1 {
		joint = r[0]
	}
	out := pts[:0]
	for _, p := range pts {
		if p != joint {
			out = append(out, p)
		}
	}
	return out
}

func segBox(a, b orb.Point) rtree.Box {
	return rtree.Box{MinX: math.Min(a[0], b[0]), MinY: math.Min(a[1], b[1]), MaxX: math.Max(a[0], b[0]), MaxY: math.Max(a[1], b[1])}
}

// meet returns the points where segments ab and cd meet: the point where
// they cross, the endpoints of one that lie on the other, or nothing.
func meet(a, b, c, d orb.Point) []orb.Point {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		ab := orb.Point{b[0] - a[0], b[1] - a[1]}
		cd := orb.Point{d[0] - c[0], d[1] - c[1]}
		t := ((c[0]-a[0])*cd[1] - (c[1]-a[1])*cd[0]) / (ab[0]*cd[1] - ab[1]*cd[0])
		return []orb.Point{{a[0] + t*ab[0], a[1] + t*ab[1]}}
	}
	var pts []orb.Point
	add := func(p orb.Point) {
		for _, q := range pts {
			if q == p {
				return
			}
		}
		pts = append(pts, p)
	}
	if o1 == 0 && within(a, b, c) {
		add(c)
	}
	if o2 == 0 && within(a, b, d) {
		add(d)
	}
	if o3 == 0 && within(c, d, a) {
		add(a)
	}
	if o4 == 0 && within(c, d, b) {
		add(b)
	}
	return pts
}

// orient is the sign of the turn a→b→c: 1 left, -1 right, 0 straight.
func orient(a, b, c orb.Point) float64 {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// within reports whether p, on the line through a and b, lies on ab.
func within(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

func dist2(a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	return dx*dx + dy*dy
}

// dedupe drops repeated consecutive points of r.
func dedupe(r orb.Ring) orb.Ring {
	out := make(orb.Ring, 0, len(r))
	for i, p := range r {
		if i == 0 || p != r[i-1] {
			out = append(out, p)
		}
	}
	return out
}

// splitLoops cuts a noded ring at each vertex it passes twice into simple
// closed loops; loops without area (spikes, a segment drawn back and
// forth) are left out.
func splitLoops(r orb.Ring) []orb.Ring {
	if len(r) < 4 {
		return nil
	}
	var loops []orb.Ring
	path := make(orb.Ring, 0, len(r))
	at := map[orb.Point]int{}
	for _, p := range r {
		k, seen := at[p]
		if !seen {
			at[p] = len(path)
			path = append(path, p)
			continue
		}
		loop := append(append(orb.Ring{}, path[k:]...), p)
		if len(loop) >= 4 && ringArea(loop) != 0 {
			loops = append(loops, loop)
		}
		for _, q := range path[k+1:] {
			delete(at, q)
		}
		path = path[:k+1]
	}
	return loops
}
