package geo

import (
	"context"
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/rtree"
)

// An overlay's cost grows with its vertices and with the points where the
// edges of different polygons cross: each crossing becomes a vertex of the
// result. Two jagged stars of 1,000 vertices laid over each other cross
// some 14,000 times and take half a second to unite; of 10,000 vertices
// (within the import budgets) they take many minutes and gigabytes. So
// every overlay first counts the crossings of its polygons' edges, stopping
// at a budget, and refuses what would cost more than the budget allows.

// MaxCrossings is how many times the edges of different polygons in one
// overlay step (a union, an intersection, a difference) may cross. Past
// it the step is refused with a *ComplexityError.
const MaxCrossings = 8_000

// maxCrossingTests bounds the pairs of edges whose boxes overlap that the
// count tests (a few hundred milliseconds of work): shapes whose long edges
// lie across each other's without crossing cost the count itself.
const maxCrossingTests = 20_000_000

// crossingCheckEvery is how many tested pairs pass between checks of ctx.
const crossingCheckEvery = 1 << 16

// ErrTooComplex: shapes whose overlay would cost more than its budget.
var ErrTooComplex = errors.New("shapes too complex to overlay")

// ComplexityError is an overlay refused by its budget: its polygons' edges
// cross more than Limit times, or so many of their edges lie across each
// other that counting the crossings is itself over budget (Tests pairs).
// errors.Is(err, ErrTooComplex) is true for it.
type ComplexityError struct {
	Limit int
	Tests int // the pairs tested, when their count was over its budget
}

func (e *ComplexityError) Error() string {
	if e.Tests > 0 {
		return fmt.Sprintf("the shapes' edges lie across each other in more than %d pairs, over the overlay budget", e.Tests)
	}
	return fmt.Sprintf("the shapes' edges cross each other more than %d times, over the overlay budget", e.Limit)
}

// Is makes errors.Is(err, ErrTooComplex) true.
func (e *ComplexityError) Is(target error) bool { return target == ErrTooComplex }

type edgeOf struct {
	a, b orb.Point
	poly int
}

// CheckCrossings returns a *ComplexityError if the edges of different
// polygons among mps cross more than MaxCrossings times, ctx's error if ctx
// ends first, and nil otherwise. Edges that touch or overlap without
// crossing (shared borders) are not counted.
func CheckCrossings(ctx context.Context, mps ...orb.MultiPolygon) error {
	_, err := countCrossings(ctx, MaxCrossings, maxCrossingTests, mps)
	return err
}

// countCrossings counts the crossings of the edges of different polygons
// of mps, stopping with a *ComplexityError past limit crossings or
// maxTests tested pairs.
func countCrossings(ctx context.Context, limit, maxTests int, mps []orb.MultiPolygon) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	segs, polys := segments(mps)
	if polys < 2 {
		return 0, nil
	}
	items := make([]rtree.BulkItem, len(segs))
	for i, s := range segs {
		items[i] = rtree.BulkItem{Box: segBox(s.a, s.b), RecordID: i}
	}
	boxes := make([]rtree.Box, len(items))
	for i := range items {
		boxes[i] = items[i].Box
	}
	tree := rtree.BulkLoad(items) // which reorders items
	crossings, tests := 0, 0
	stop := errors.New("stop")
	var err error
	for i, s := range segs {
		serr := tree.RangeSearch(boxes[i], func(j int) error {
			if j <= i || segs[j].poly == s.poly {
				return nil
			}
			tests++
			if tests%crossingCheckEvery == 0 {
				if err = ctx.Err(); err != nil {
					return stop
				}
			}
			if tests > maxTests {
				err = &ComplexityError{Limit: limit, Tests: maxTests}
				return stop
			}
			if properCross(s.a, s.b, segs[j].a, segs[j].b) {
				if crossings++; crossings > limit {
					err = &ComplexityError{Limit: limit}
					return stop
				}
			}
			return nil
		})
		if serr != nil {
			return crossings, err
		}
	}
	return crossings, ctx.Err()
}

// segments lists the edges of every ring of mps that may cross another
// polygon's, each with the index of its polygon (counted across mps), and
// how many polygons there are. An edge whose box meets no other polygon's
// bound crosses nothing and is left out: a day's polygons touch each other
// along a few kilometres of their outlines, so most edges go (the count is
// the same: a crossing lies in both edges' boxes, so in both polygons').
func segments(mps []orb.MultiPolygon) ([]edgeOf, int) {
	var polys []orb.Polygon
	for _, mp := range mps {
		polys = append(polys, mp...)
	}
	near := nearBoxes(polys)
	var segs []edgeOf
	for poly, p := range polys {
		boxes := near[poly]
		if len(boxes) == 0 {
			continue
		}
		for _, r := range p {
			for k := 1; k < len(r); k++ {
				a, b := r[k-1], r[k]
				if a != b && meetsAny(a, b, boxes) {
					segs = append(segs, edgeOf{a, b, poly})
				}
			}
		}
	}
	return segs, len(polys)
}

// maxNearBoxes is how many boxes nearBoxes keeps for a polygon before it
// keeps their bound instead.
const maxNearBoxes = 8

// nearBoxes is, for each polygon, where its bound meets another polygon's
// (at most maxNearBoxes boxes, else their bound): where its edges may cross
// another's.
func nearBoxes(polys []orb.Polygon) [][]orb.Bound {
	bounds := make([]orb.Bound, len(polys))
	items := make([]rtree.BulkItem, 0, len(polys))
	for i, p := range polys {
		if len(p) == 0 || len(p[0]) == 0 {
			continue
		}
		bounds[i] = p.Bound()
		items = append(items, rtree.BulkItem{Box: boundBox(bounds[i]), RecordID: i})
	}
	tree := rtree.BulkLoad(items)
	near := make([][]orb.Bound, len(polys))
	for _, it := range items {
		i := it.RecordID
		_ = tree.RangeSearch(it.Box, func(j int) error {
			if j == i {
				return nil
			}
			box := orb.Bound{
				Min: orb.Point{max(bounds[i].Min[0], bounds[j].Min[0]), max(bounds[i].Min[1], bounds[j].Min[1])},
				Max: orb.Point{min(bounds[i].Max[0], bounds[j].Max[0]), min(bounds[i].Max[1], bounds[j].Max[1])},
			}
			if len(near[i]) < maxNearBoxes {
				near[i] = append(near[i], box)
			} else {
				near[i] = []orb.Bound{near[i][0].Union(box)}
				for _, b := range near[i][1:] {
					near[i][0] = near[i][0].Union(b)
				}
				near[i] = near[i][:1]
			}
			return nil
		})
	}
	return near
}

// meetsAny reports whether the box of edge ab meets any of boxes.
func meetsAny(a, b orb.Point, boxes []orb.Bound) bool {
	e := orb.Bound{Min: orb.Point{min(a[0], b[0]), min(a[1], b[1])}, Max: orb.Point{max(a[0], b[0]), max(a[1], b[1])}}
	for _, x := range boxes {
		if e.Intersects(x) {
			return true
		}
	}
	return false
}

// properCross is true when segments ab and cd cross at a point inside
// both: not where they only touch, nor where they run along each other.
func properCross(a, b, c, d orb.Point) bool {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	if o1*o2 >= 0 {
		return false
	}
	o3, o4 := orient(c, d, a), orient(c, d, b)
	return o3*o4 < 0
}

// boundBox is b as an R-tree box.
func boundBox(b orb.Bound) rtree.Box {
	return rtree.Box{MinX: b.Min[0], MinY: b.Min[1], MaxX: b.Max[0], MaxY: b.Max[1]}
}
