package geo

import (
	"context"
	"fmt"
	"sort"

	"github.com/paulmach/orb"
)

// Reference is an area that figures are measured against, such as Ukraine
// (the union of its admin-1 units, Crimea included).
type Reference struct {
	Name    string
	Shape   orb.MultiPolygon
	AreaKm2 float64
}

// NewReference builds a reference area and measures it.
func NewReference(name string, shape orb.MultiPolygon) Reference {
	return Reference{Name: name, Shape: shape, AreaKm2: AreaKm2(shape)}
}

// Figure is the area one side holds with one status at a day.
// Claimed figures count only what the claiming side does not control.
type Figure struct {
	Side      Side     `json:"side"`
	Status    Status   `json:"status"`
	AreaKm2   float64  `json:"area_km2"`
	InsideKm2 float64  `json:"inside_km2"` // the part inside the reference area
	Share     float64  `json:"share"`      // InsideKm2 / reference area, 0..1
	Regions   []string `json:"regions"`
}

// MarshalText implements encoding.TextMarshaler.
func (s Side) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalText implements encoding.TextMarshaler.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler (ParseSide).
func (s *Side) UnmarshalText(b []byte) (err error) {
	*s, err = ParseSide(string(b))
	return err
}

// UnmarshalText implements encoding.TextUnmarshaler (ParseStatus).
func (s *Status) UnmarshalText(b []byte) (err error) {
	*s, err = ParseStatus(string(b))
	return err
}

// MarshalText implements encoding.TextMarshaler.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

type group struct {
	side   Side
	status Status
}

// groupShapes unions the geometry of vs per side and status, in steps
// that check ctx (UnionContext).
func groupShapes(ctx context.Context, vs []Version) (map[group]orb.MultiPolygon, map[group][]string, error) {
	parts := map[group][]orb.MultiPolygon{}
	regions := map[group][]string{}
	for _, v := range vs {
		g := group{v.Side, v.Status}
		parts[g] = append(parts[g], v.Geometry)
		regions[g] = append(regions[g], v.Region)
	}
	shapes := make(map[group]orb.MultiPolygon, len(parts))
	for g, ps := range parts {
		if len(ps) == 1 {
			shapes[g] = ps[0]
			continue
		}
		u, err := UnionContext(ctx, ps...)
		if err != nil {
			return nil, nil, err
		}
		shapes[g] = u
	}
	return shapes, regions, nil
}

// Measure returns the area per side and status of the versions vs (the map
// at one day), in a stable order. Claimed areas are reduced by what the same
// side controls (occupied, liberated or contested). The overlays are done
// in steps bounded by the geometry budgets of imports, and ctx is checked
// between them: a request whose client leaves stops within a step.
func Measure(ctx context.Context, vs []Version, ref Reference) ([]Figure, error) {
	m, err := newMeasurer(ctx, vs)
	if err != nil {
		return nil, err
	}
	return m.measure(ctx, ref)
}

// measurer holds the map of one day grouped by side and status, so that
// it can be measured against many references (MeasureEach).
type measurer struct {
	shapes  map[group]orb.MultiPolygon
	regions map[group][]string
	claimed map[group]orb.MultiPolygon // claims less what the side holds
}

func newMeasurer(ctx context.Context, vs []Version) (*measurer, error) {
	shapes, regions, err := groupShapes(ctx, vs)
	if err != nil {
		return nil, err
	}
	m := &measurer{shapes: shapes, regions: regions, claimed: map[group]orb.MultiPolygon{}}
	for _, side := range Sides {
		g := group{side, StatusClaimed}
		shape, ok := shapes[g]
		if !ok {
			continue
		}
		held, err := heldBy(ctx, shapes, side)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if m.claimed[g], err = difference(ctx, shape, held); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *measurer) measure(ctx context.Context, ref Reference) ([]Figure, error) {
	var out []Figure
	// Grey zones of no side (SideNone, contested) are measured after the sides.
	for _, side := range append(Sides[:len(Sides):len(Sides)], SideNone) {
		for _, st := range Statuses {
			g := group{side, st}
			shape, ok := m.shapes[g]
			if !ok {
				continue
			}
			if st == StatusClaimed {
				shape = m.claimed[g]
			}
			f, err := figure(ctx, side, st, shape, ref)
			if err != nil {
				return nil, fmt.Errorf("measure %s %s: %w", side, st, err)
			}
			f.Regions = uniqueSorted(m.regions[g])
			out = append(out, f)
		}
	}
	return out, nil
}

// MeasureEach measures the map of one day (vs) against each reference,
// grouping and uniting the versions once: the figures of every oblast.
// A reference that the map does not reach gets its figures with zero
// inside. ctx is checked between steps, as Measure does.
func MeasureEach(ctx context.Context, vs []Version, refs []Reference) ([][]Figure, error) {
	m, err := newMeasurer(ctx, vs)
	if err != nil {
		return nil, err
	}
	out := make([][]Figure, len(refs))
	for i, ref := range refs {
		if out[i], err = m.measure(ctx, ref); err != nil {
			return nil, fmt.Errorf("%s: %w", ref.Name, err)
		}
	}
	return out, nil
}

func heldBy(ctx context.Context, shapes map[group]orb.MultiPolygon, side Side) (orb.MultiPolygon, error) {
	var ps []orb.MultiPolygon
	for _, st := range []Status{StatusOccupied, StatusLiberated, StatusContested} {
		if s, ok := shapes[group{side, st}]; ok {
			ps = append(ps, s)
		}
	}
	if len(ps) == 1 {
		return ps[0], nil
	}
	return UnionContext(ctx, ps...)
}

func figure(ctx context.Context, side Side, st Status, shape orb.MultiPolygon, ref Reference) (Figure, error) {
	f := Figure{Side: side, Status: st, AreaKm2: AreaKm2(shape)}
	if len(ref.Shape) == 0 {
		return f, nil
	}
	in, err := insideKm2(ctx, shape, ref.Shape)
	if err != nil {
		return f, err
	}
	f.InsideKm2 = in
	if ref.AreaKm2 > 0 {
		f.Share = f.InsideKm2 / ref.AreaKm2
	}
	return f, nil
}

// stepVertices is about how many vertices of a shape one overlay step
// takes: some 50 ms of work (the overlay costs about 10 µs a vertex).
const stepVertices = 5_000

// insideKm2 is the area of shape (polygons that do not overlap, as a
// union makes) inside ref, intersected a few thousand vertices at a time,
// checking ctx between steps.
func insideKm2(ctx context.Context, shape, ref orb.MultiPolygon) (float64, error) {
	rb := ref.Bound()
	var sum float64
	var batch orb.MultiPolygon
	n := 0
	flush := func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		in, err := intersection(ctx, batch, ref)
		sum += AreaKm2(in)
		batch, n = batch[:0], 0
		return err
	}
	for _, p := range shape {
		if !p.Bound().Intersects(rb) {
			continue
		}
		batch = append(batch, p)
		for _, r := range p {
			n += len(r)
		}
		if n >= stepVertices {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if len(batch) > 0 {
		if err := flush(); err != nil {
			return 0, err
		}
	}
	return sum, nil
}

func uniqueSorted(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
