package geo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Tally is what a Meter measured of the map of one day: the figures of
// each side and status, in Measure's order.
type Tally struct {
	Groups []GroupTally
	// Bound is HeldBound of the map; HasBound is false when it has none.
	Bound    orb.Bound
	HasBound bool
}

// GroupTally is the figure of one side and status: its area, the part of
// it inside each of the Meter's references (in their order) and the
// regions of its versions, sorted.
type GroupTally struct {
	Side      Side
	Status    Status
	AreaKm2   float64
	InsideKm2 []float64
	Regions   []string
}

// Meter measures the maps of a dataset day after day against fixed
// references (Ukraine, each oblast) by line integrals over the shapes'
// boundaries, exact where overlay (Measure) is not: a shape made of the
// same versions as the day before keeps its figures, and a shape that
// changed is measured from the day before's by what its boundary gained
// and lost.
//
// The shape of a side and status is the union of its versions (as Measure
// makes it), claims less what the side holds; only its edges are
// compared, so versions of different regions that overlap are counted
// once. The difference of the boundaries, new edges less old ones, is a
// set of closed chains whose winding number is the change of the shape's
// indicator; by Green's theorem the change of the area inside a reference
// R is the integral of x dy - y dx (in the equal-area projection AreaKm2
// uses, where edges are straight) over the chains inside R plus that over
// R's boundary weighted by the chains' winding number, which is zero
// outside their bound. A shape whose boundary changed by more than half
// is measured anew, by the same integrals over its whole boundary. The
// figures are exact but for float rounding and the references' nudge
// (refNudge), and measured from the day before they are those measured
// anew to 1e-7 km² on every change day of DeepStateMap's whole archive;
// overlay (Measure) is off by as much as 1.3 km² where its noding goes
// wrong (tests compare both on every change day of its history).
type Meter struct {
	refs []Reference
	idx  []*edgeIndex
	prev map[group]*meterShape
	// anew and steps count the shapes measured anew and from the day
	// before (for tests).
	anew, steps int
}

// meterShape is a group's shape on the last day measured: the key of the
// versions it is made of, the shape (rings oriented: shells
// counter-clockwise, holes clockwise) and its figures.
type meterShape struct {
	key   string
	shape orb.MultiPolygon
	fig   GroupTally
}

// NewMeter returns a Meter of the given references, with no day measured.
func NewMeter(refs []Reference) *Meter {
	m := &Meter{refs: refs, prev: map[group]*meterShape{}}
	for _, r := range refs {
		m.idx = append(m.idx, newEdgeIndex(nudge(r.Shape)))
	}
	return m
}

// refNudge is how far a Meter moves its references, in degrees [lon,
// lat]: a boundary that follows a reference's (a border) shares its
// points and edges, and a change along it would be on the reference's
// boundary, neither in nor out. Moved by a hundred-millionth of a
// millimetre's order (10 µm), no edge of a map lies on a reference's, and
// the area moved is that width along the border, some 10 m² a 1,000 km.
var refNudge = orb.Point{1.234567e-10, 0.987654e-10}

// nudge returns mp moved by refNudge.
func nudge(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, p := range mp {
		out[i] = make(orb.Polygon, len(p))
		for j, r := range p {
			out[i][j] = make(orb.Ring, len(r))
			for k, pt := range r {
				out[i][j][k] = orb.Point{pt[0] + refNudge[0], pt[1] + refNudge[1]}
			}
		}
	}
	return out
}

// Resume sets the map the next day is measured from: vs and its figures
// t as measured before (stored). Groups of vs that t lacks are measured
// anew on the next day.
func (m *Meter) Resume(ctx context.Context, vs []Version, t Tally) error {
	shapes, err := m.groupShapes(ctx, vs)
	if err != nil {
		return err
	}
	m.prev = map[group]*meterShape{}
	for _, f := range t.Groups {
		g := group{f.Side, f.Status}
		if s, ok := shapes[g]; ok && len(f.InsideKm2) == len(m.refs) {
			s.fig = f
			m.prev[g] = s
		}
	}
	return nil
}

// Measure measures the map vs of the next day, from the day before where
// it can. ctx is checked between groups and between the steps of a shape
// measured anew.
func (m *Meter) Measure(ctx context.Context, vs []Version) (Tally, error) {
	shapes, err := m.groupShapes(ctx, vs)
	if err != nil {
		return Tally{}, err
	}
	var t Tally
	t.Bound, t.HasBound = HeldBound(vs)
	regions := map[group][]string{}
	for _, v := range vs {
		g := group{v.Side, v.Status}
		regions[g] = append(regions[g], v.Region)
	}
	next := map[group]*meterShape{}
	for _, side := range append(Sides[:len(Sides):len(Sides)], SideNone) {
		for _, st := range Statuses {
			g := group{side, st}
			s, ok := shapes[g]
			if !ok {
				continue
			}
			if err := ctx.Err(); err != nil {
				return Tally{}, err
			}
			if s.fig, err = m.measureGroup(ctx, g, s); err != nil {
				return Tally{}, fmt.Errorf("measure %s %s: %w", side, st, err)
			}
			s.fig.Regions = uniqueSorted(regions[g])
			next[g] = s
			t.Groups = append(t.Groups, s.fig)
		}
	}
	m.prev = next
	return t, nil
}

// measureGroup measures the shape s of g: as the day before when made of
// the same versions, from the day before when its boundary changed
// little, anew otherwise.
func (m *Meter) measureGroup(ctx context.Context, g group, s *meterShape) (GroupTally, error) {
	p := m.prev[g]
	if p != nil && p.key == s.key {
		return p.fig, nil
	}
	fig := GroupTally{Side: g.side, Status: g.status}
	if p != nil {
		chains, changed, total := boundaryChange(p.shape, s.shape)
		if 2*changed <= total {
			fig.AreaKm2 = p.fig.AreaKm2
			fig.InsideKm2 = slices.Clone(p.fig.InsideKm2)
			for _, c := range chains {
				fig.AreaKm2 += c.areaKm2()
				for i, ix := range m.idx {
					if ix.bound.Intersects(c.bound) {
						fig.InsideKm2[i] += c.insideKm2(ix)
					}
				}
			}
			m.steps++
			return fig, nil
		}
	}
	m.anew++
	fig.AreaKm2 = AreaKm2(s.shape)
	fig.InsideKm2 = make([]float64, len(m.refs))
	chains, _, _ := boundaryChange(nil, s.shape)
	for i, ix := range m.idx {
		if err := ctx.Err(); err != nil {
			return fig, err
		}
		for _, c := range chains {
			if ix.bound.Intersects(c.bound) {
				fig.InsideKm2[i] += c.insideKm2(ix)
			}
		}
	}
	return fig, nil
}

// groupShapes makes the shape of each side and status of vs (claims less
// what the side holds), keyed by the versions it is made of, reusing the
// day before's where the versions are the same.
func (m *Meter) groupShapes(ctx context.Context, vs []Version) (map[group]*meterShape, error) {
	byGroup := map[group][]Version{}
	for _, v := range vs {
		g := group{v.Side, v.Status}
		byGroup[g] = append(byGroup[g], v)
	}
	out := map[group]*meterShape{}
	for _, gv := range byGroup { // united in one order whatever the ids
		slices.SortFunc(gv, func(a, b Version) int { return strings.Compare(a.Region, b.Region) })
	}
	for g, gv := range byGroup {
		key := versionsKey(gv)
		if g.status == StatusClaimed {
			for _, st := range []Status{StatusOccupied, StatusLiberated, StatusContested} {
				key += "-" + versionsKey(byGroup[group{g.side, st}])
			}
		}
		if p := m.prev[g]; p != nil && p.key == key {
			out[g] = &meterShape{key: key, shape: p.shape}
			continue
		}
		shape, err := m.unite(ctx, gv)
		if err != nil {
			return nil, err
		}
		if g.status == StatusClaimed {
			if shape, err = m.claimed(ctx, shape, byGroup, g.side); err != nil {
				return nil, err
			}
		}
		out[g] = &meterShape{key: key, shape: shape}
	}
	return out, nil
}

// unite is the union of the versions' shapes (one version's own shape).
func (m *Meter) unite(ctx context.Context, vs []Version) (orb.MultiPolygon, error) {
	if len(vs) == 1 {
		return vs[0].Geometry, nil
	}
	ps := make([]orb.MultiPolygon, len(vs))
	for i, v := range vs {
		ps[i] = v.Geometry
	}
	return UnionContext(ctx, ps...)
}

// claimed is a side's claim less what it holds, as Measure counts it.
func (m *Meter) claimed(ctx context.Context, claim orb.MultiPolygon, byGroup map[group][]Version, side Side) (orb.MultiPolygon, error) {
	var held []Version
	for _, st := range []Status{StatusOccupied, StatusLiberated, StatusContested} {
		held = append(held, byGroup[group{side, st}]...)
	}
	if len(held) == 0 {
		return claim, nil
	}
	h, err := m.unite(ctx, held)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return Difference(claim, h)
}

// versionsKey names a set of versions by their ids, in order.
func versionsKey(vs []Version) string {
	ids := make([]int64, len(vs))
	for i, v := range vs {
		ids[i] = v.ID
	}
	slices.Sort(ids)
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}
