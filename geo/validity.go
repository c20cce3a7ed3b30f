package geo

import (
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// MaxRepairChange is the largest change of area, as a fraction of the
// shape's area, that Repair makes to a shape: 0.01%. A shape whose repair
// would change more is refused.
const MaxRepairChange = 1e-4

// MaxRingSpan is the widest span of longitude a ring may have, in degrees:
// a wider ring is one drawn across the antimeridian and read as going the
// long way round the Earth.
const MaxRingSpan = 180

// ShapeError is a shape that the validity rule (Repair) refuses: Why says
// what is wrong with it. errors.Is(err, ErrInvalid) is true for it.
type ShapeError struct {
	Why string
}

func (e *ShapeError) Error() string { return e.Why }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ShapeError) Is(target error) bool { return target == ErrInvalid }

// Repaired is what Repair made of a shape: Shape is the shape to store
// (the one given when it was valid); when it was not, Why says what was
// wrong and Change is the repair's change of area, a fraction of the
// shape's area (|after - before| / before, AreaKm2 measuring both).
type Repaired struct {
	Shape  orb.MultiPolygon
	Why    string
	Change float64
}

// Done reports whether the shape was repaired (it was invalid).
func (r Repaired) Done() bool { return r.Why != "" }

// Validate reports whether mp is valid in the OGC simple-features sense
// (what PostGIS's ST_IsValid checks): every ring simple and closed, holes
// inside their shell and touching it or each other at single points only,
// each polygon's interior connected, polygons that touch only at points,
// and no ring wider than MaxRingSpan degrees of longitude. It returns nil
// for a valid shape, else a *ShapeError saying what is wrong, and where.
func Validate(mp orb.MultiPolygon) error {
	if why := spanProblem(mp); why != "" {
		return &ShapeError{Why: why}
	}
	return ValidatePlanar(mp)
}

// ValidatePlanar is Validate's OGC check alone, for shapes in any planar
// coordinates (a tile's grid): every ring simple and closed, holes inside
// their shell, polygons that touch only at points. It says nothing of the
// span of longitude, which only lon/lat shapes have.
func ValidatePlanar(mp orb.MultiPolygon) error {
	if err := toSF(mp).Validate(); err != nil {
		return &ShapeError{Why: describeInvalid(mp, err)}
	}
	return nil
}

// ValidPlanar reports whether ValidatePlanar finds mp valid, without
// working out where it is not (a tile's encoding asks this of every
// polygon it writes, and only repairs what is not).
func ValidPlanar(mp orb.MultiPolygon) bool {
	return toSF(mp).Validate() == nil
}

// Repair is the validity rule every import follows, for every shape it
// would store (GeoJSON files, series, DeepStateMap's history, HTTP imports
// and the seed). A valid shape (Validate) is kept as it is. An invalid one
// is repaired: each ring is cut where it touches or crosses itself into
// simple loops, a polygon is what lies inside an odd number of its loops
// (a bowtie is its two triangles, a hole outside its shell is a second
// island), and the polygons are united. The repair is kept when it changes
// the shape's area by at most MaxRepairChange (a sliver of a bowtie, a
// hole that grazes its shell); otherwise, and always for a ring wider
// than MaxRingSpan degrees of longitude, the shape is refused with a
// *ShapeError that says why. So an invalid shape is never measured: its
// area is ambiguous (a bowtie's lobes cancel).
func Repair(mp orb.MultiPolygon) (Repaired, error) {
	if why := spanProblem(mp); why != "" {
		return Repaired{}, &ShapeError{Why: why}
	}
	err := toSF(mp).Validate()
	if err == nil {
		return Repaired{Shape: mp}, nil
	}
	why := describeInvalid(mp, err)
	fixed, ferr := repairShape(mp)
	if ferr == nil {
		if verr := toSF(fixed).Validate(); verr != nil {
			ferr = verr
		}
	}
	if ferr != nil || len(fixed) == 0 {
		if ferr == nil {
			ferr = fmt.Errorf("nothing is left")
		}
		return Repaired{}, &ShapeError{Why: why + "; it could not be repaired: " + Cut(ferr.Error(), 200)}
	}
	before, after := AreaKm2(mp), AreaKm2(fixed)
	change := math.Abs(after-before) / before
	if before <= 0 || math.IsNaN(change) {
		change = math.Inf(1)
	}
	if change > MaxRepairChange {
		return Repaired{}, &ShapeError{Why: fmt.Sprintf("%s; repairing it would change its area by %s (%.4g km² to %.4g km²), more than the %g%% a repair may",
			why, percent(change), before, after, MaxRepairChange*100)}
	}
	return Repaired{Shape: fixed, Why: why, Change: change}, nil
}

// percent formats a fraction as a percentage.
func percent(f float64) string {
	if math.IsInf(f, 0) {
		return "all of it"
	}
	return fmt.Sprintf("%.3g%%", f*100)
}

// spanProblem says which ring of mp is wider than MaxRingSpan, if one is.
func spanProblem(mp orb.MultiPolygon) string {
	for pi, p := range mp {
		for ri, r := range p {
			if len(r) == 0 {
				continue
			}
			b := r.Bound()
			if w := b.Max[0] - b.Min[0]; w > MaxRingSpan {
				return fmt.Sprintf("polygon %d ring %d spans %.0f° of longitude (%g to %g), more than %d°: a ring across the antimeridian must be cut there",
					pi, ri, w, b.Min[0], b.Max[0], MaxRingSpan)
			}
		}
	}
	return ""
}

// describeInvalid says what simplefeatures found wrong with mp, naming
// where a ring crosses itself (simplefeatures names only its first point).
func describeInvalid(mp orb.MultiPolygon, err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	msg = strings.TrimPrefix(msg, "polygon ")
	for pi, p := range mp {
		for ri, r := range p {
			if at, ok := firstCrossing(r); ok {
				return fmt.Sprintf("not a valid shape: polygon %d ring %d crosses or touches itself at [%.6g, %.6g]", pi, ri, at[0], at[1])
			}
		}
	}
	return "not a valid shape: " + msg
}

// Repairs counts what an import's reader repaired: how many shapes, and
// the largest change of area of one (a fraction of its area).
type Repairs struct {
	Count     int     `json:"repaired"`
	MaxChange float64 `json:"repaired_max_change,omitempty"`
}

// Add counts r if it was a repair.
func (rs *Repairs) Add(r Repaired) {
	if r.Done() {
		rs.Count++
		rs.MaxChange = max(rs.MaxChange, r.Change)
	}
}

// Merge adds the repairs of o.
func (rs *Repairs) Merge(o Repairs) {
	rs.Count += o.Count
	rs.MaxChange = max(rs.MaxChange, o.MaxChange)
}

// String says what was repaired: "2 shapes repaired (the largest area
// change 0.0012%)", or "" when nothing was.
func (rs Repairs) String() string {
	if rs.Count == 0 {
		return ""
	}
	s := "shapes"
	if rs.Count == 1 {
		s = "shape"
	}
	return fmt.Sprintf("%d invalid %s repaired (the largest area change %s)", rs.Count, s, percent(rs.MaxChange))
}
