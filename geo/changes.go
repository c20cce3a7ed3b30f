package geo

import (
	"context"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// DefaultSliverKm2 is the floor under which a changed area is summed into
// its side's slivers rather than listed: a report, not a trace of every
// redrawn edge.
const DefaultSliverKm2 = 0.05

// ChangeReport is what changed hands between two days, in words as well
// as figures: each area gained, its size, side and place; totals per side
// and per oblast; contested ground that became held and the reverse. Its
// per-side gained and lost totals are Diff's.
type ChangeReport struct {
	Dataset  string          `json:"dataset"`
	From     Day             `json:"from"`
	To       Day             `json:"to"`
	AsOf     Day             `json:"as_of,omitempty"`
	Credit   string          `json:"credit,omitempty"`
	Scope    string          `json:"scope,omitempty"` // "" is the whole map
	ScopeUK  string          `json:"scope_uk,omitempty"`
	FloorKm2 float64         `json:"floor_km2"`
	Sides    []SideChange    `json:"sides"`
	Oblasts  []OblastChange  `json:"oblasts"`
	Turns    []ContestChange `json:"contested"`
	Areas    []ChangeArea    `json:"-"` // written as GeoJSON by the caller
}

// SideChange is one side's totals: Diff's gained and lost, and of the
// gained the part in slivers under the floor, summed.
type SideChange struct {
	Side       Side    `json:"side"`
	GainedKm2  float64 `json:"gained_km2"`
	LostKm2    float64 `json:"lost_km2"`
	NetKm2     float64 `json:"net_km2"`
	SliversKm2 float64 `json:"slivers_km2"`
	Slivers    int     `json:"slivers"`
}

// OblastChange is what a side gained inside one oblast.
type OblastChange struct {
	ISO       string  `json:"iso"`
	Name      string  `json:"name"`
	Side      Side    `json:"side"`
	GainedKm2 float64 `json:"gained_km2"`
}

// ContestChange is ground that went from contested to held by a side
// (Held true) or from held by a side to contested.
type ContestChange struct {
	Side Side    `json:"side"`
	Held bool    `json:"became_held"`
	What string  `json:"what"` // "contested to held", "held to contested"
	Km2  float64 `json:"km2"`
}

// ChangeArea is one area a side gained.
type ChangeArea struct {
	Side      Side            `json:"side"`
	Km2       float64         `json:"km2"`
	OblastISO string          `json:"oblast_iso,omitempty"`
	Oblast    string          `json:"oblast,omitempty"`
	Near      []TownBearing   `json:"near"`
	Where     string          `json:"where"`
	Shape     orb.Polygon     `json:"-"`
	split     map[int]float64 // km² by oblast index, for areas across a border
}

// TownBearing is where an area lies from a town: Km from the town to the
// area's centre, in Direction.
type TownBearing struct {
	Name      string  `json:"name"`
	NameUK    string  `json:"name_uk,omitempty"`
	Km        float64 `json:"km"`
	Direction string  `json:"direction"`
	Anchor    bool    `json:"anchor,omitempty"` // the town the text groups it under
}

// Oblast is an oblast's shape, for attributing changes to it.
type Oblast struct {
	ISO, Name, NameUK string
	Shape             orb.MultiPolygon
	bound             orb.Bound
}

// ChangeWords are what a report names places with.
type ChangeWords struct {
	Towns   []Place
	Oblasts []Oblast
}

// ChangesBetween compares the map before with the map after inside ref
// (all of it when ref has no shape): Diff's changes with their shapes,
// and the ground that went between contested and held.
func ChangesBetween(ctx context.Context, before, after []Version, ref Reference) ([]Change, []ContestChange, error) {
	b, _, err := groupShapes(ctx, before)
	if err != nil {
		return nil, nil, err
	}
	a, _, err := groupShapes(ctx, after)
	if err != nil {
		return nil, nil, err
	}
	greyB, err := unionOf(ctx, b, func(g group) bool { return g.status == StatusContested })
	if err != nil {
		return nil, nil, err
	}
	greyA, err := unionOf(ctx, a, func(g group) bool { return g.status == StatusContested })
	if err != nil {
		return nil, nil, err
	}
	var out []Change
	var turns []ContestChange
	for _, side := range Sides {
		c, err := diffSide(ctx, side, b, a, ref)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, c)
		controls := func(g group) bool { return g.side == side && g.status.Controls() }
		for _, t := range []struct {
			held        bool
			what        string
			from, to    orb.MultiPolygon
			ctrl        map[group]orb.MultiPolygon
			greyIsFirst bool
		}{
			{true, "contested to held", greyB, nil, a, true},
			{false, "held to contested", nil, greyA, b, false},
		} {
			ctl, err := unionOf(ctx, t.ctrl, controls)
			if err != nil {
				return nil, nil, err
			}
			x, y := t.from, ctl
			if !t.greyIsFirst {
				x, y = ctl, t.to
			}
			km2, err := overlapKm2(ctx, x, y, ref)
			if err != nil {
				return nil, nil, err
			}
			turns = append(turns, ContestChange{Side: side, Held: t.held, What: t.what, Km2: km2})
		}
	}
	return out, turns, nil
}

// unionOf is the union of the shapes of the groups keep takes.
func unionOf(ctx context.Context, m map[group]orb.MultiPolygon, keep func(group) bool) (orb.MultiPolygon, error) {
	var ps []orb.MultiPolygon
	for _, st := range Statuses {
		for _, side := range []Side{SideNone, SideRU, SideUA} {
			if s, ok := m[group{side, st}]; ok && keep(group{side, st}) {
				ps = append(ps, s)
			}
		}
	}
	if len(ps) == 1 {
		return ps[0], nil
	}
	return UnionContext(ctx, ps...)
}

// overlapKm2 is the km² of x ∩ y inside ref.
func overlapKm2(ctx context.Context, x, y orb.MultiPolygon, ref Reference) (float64, error) {
	if len(x) == 0 || len(y) == 0 {
		return 0, nil
	}
	both, err := intersection(ctx, x, y)
	if err != nil {
		return 0, err
	}
	if len(ref.Shape) > 0 {
		if both, err = intersection(ctx, both, ref.Shape); err != nil {
			return 0, err
		}
	}
	return AreaKm2(both), nil
}

// NewChangeReport lists the areas each side gained in changes (from
// ChangesBetween), each above floorKm2 placed by the nearest towns and its
// oblast, and sums the rest.
func NewChangeReport(ctx context.Context, changes []Change, turns []ContestChange, w ChangeWords, floorKm2 float64) (ChangeReport, error) {
	rep := ChangeReport{FloorKm2: floorKm2, Turns: turns, Sides: []SideChange{}, Oblasts: []OblastChange{}, Areas: []ChangeArea{}}
	if rep.Turns == nil {
		rep.Turns = []ContestChange{}
	}
	for i := range w.Oblasts {
		w.Oblasts[i].bound = w.Oblasts[i].Shape.Bound()
	}
	for _, c := range changes {
		sc := SideChange{Side: c.Side, GainedKm2: c.GainedKm2, LostKm2: c.LostKm2, NetKm2: c.NetKm2()}
		byOblast := map[int]float64{}
		for _, p := range c.Gained {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			km2 := AreaKm2(p)
			if km2 <= 0 {
				continue
			}
			ar := ChangeArea{Side: c.Side, Km2: km2, Shape: p}
			if err := placeArea(ctx, &ar, w); err != nil {
				return rep, err
			}
			for i, v := range ar.split {
				byOblast[i] += v
			}
			if km2 < floorKm2 {
				sc.SliversKm2 += km2
				sc.Slivers++
				continue
			}
			rep.Areas = append(rep.Areas, ar)
		}
		rep.Sides = append(rep.Sides, sc)
		for i, km2 := range byOblast {
			o := w.Oblasts[i]
			rep.Oblasts = append(rep.Oblasts, OblastChange{ISO: o.ISO, Name: o.Name, Side: c.Side, GainedKm2: km2})
		}
	}
	slices.SortStableFunc(rep.Areas, func(a, b ChangeArea) int { return cmpDesc(a.Km2, b.Km2) })
	slices.SortStableFunc(rep.Oblasts, func(a, b OblastChange) int { return cmpDesc(a.GainedKm2, b.GainedKm2) })
	return rep, nil
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// placeArea finds the area's oblast (the one holding most of it; an area
// across a border is split between them) and the towns it lies near.
func placeArea(ctx context.Context, ar *ChangeArea, w ChangeWords) error {
	b := ar.Shape.Bound()
	var cands []int
	for i, o := range w.Oblasts {
		if o.bound.Intersects(b) {
			cands = append(cands, i)
		}
	}
	ar.split = map[int]float64{}
	switch len(cands) {
	case 0:
	case 1:
		ar.split[cands[0]] = ar.Km2
	default:
		for _, i := range cands {
			in, err := intersection(ctx, orb.MultiPolygon{ar.Shape}, w.Oblasts[i].Shape)
			if err != nil {
				return err
			}
			if km2 := AreaKm2(in); km2 > 0 {
				ar.split[i] = km2
			}
		}
	}
	best, bestKm2 := -1, 0.0
	for i, v := range ar.split {
		if v > bestKm2 || v == bestKm2 && i < best {
			best, bestKm2 = i, v
		}
	}
	if best >= 0 {
		ar.OblastISO, ar.Oblast = w.Oblasts[best].ISO, w.Oblasts[best].Name
	}
	ar.Near = nearTowns(centre(ar.Shape), w.Towns)
	ar.Where = whereText(*ar)
	return nil
}

// centre is the centre of a polygon's outer ring's bound, moved onto the
// ring's nearest vertex when the bound's centre is outside the polygon.
func centre(p orb.Polygon) orb.Point {
	c := p.Bound().Center()
	if polygonContains(p, c) || len(p) == 0 || len(p[0]) == 0 {
		return c
	}
	best, bd := p[0][0], math.Inf(1)
	for _, v := range p[0] {
		if d := (v[0]-c[0])*(v[0]-c[0]) + (v[1]-c[1])*(v[1]-c[1]); d < bd {
			best, bd = v, d
		}
	}
	return best
}

// polygonContains reports whether pt is inside p's outer ring and outside
// its holes (even-odd).
func polygonContains(p orb.Polygon, pt orb.Point) bool {
	in := false
	for _, r := range p {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a[1] > pt[1]) != (b[1] > pt[1]) && pt[0] < (b[0]-a[0])*(pt[1]-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
		}
	}
	return in
}

// AnchorPopulation is the size of town a report groups changes under
// ("around Pokrovsk") when one lies within AnchorKm.
const (
	AnchorPopulation = 10000
	AnchorKm         = 40
	nearKm           = 60
)

// nearTowns is the nearest town to pt and, when it is small, the nearest
// town of AnchorPopulation or more within AnchorKm (the anchor).
func nearTowns(pt orb.Point, towns []Place) []TownBearing {
	nearest, anchor := -1, -1
	nd, ad := math.Inf(1), math.Inf(1)
	for i, t := range towns {
		if math.Abs(t.Lat-pt[1]) > nearKm/kmPerDegree {
			continue
		}
		d := haversineKm(t.Point(), pt)
		if d > nearKm {
			continue
		}
		if d < nd {
			nearest, nd = i, d
		}
		if t.Population >= AnchorPopulation && d <= AnchorKm && d < ad {
			anchor, ad = i, d
		}
	}
	out := []TownBearing{}
	if nearest < 0 {
		return out
	}
	if anchor < 0 {
		anchor = nearest
	}
	for _, i := range []int{nearest, anchor} {
		if len(out) == 1 && i == nearest {
			break
		}
		t := towns[i]
		d := haversineKm(t.Point(), pt)
		tb := TownBearing{Name: t.Name, NameUK: t.NameUK, Km: math.Round(d*10) / 10, Anchor: i == anchor}
		if d >= 0.5 {
			tb.Direction = Compass8(bearing(t.Point(), pt))
		}
		out = append(out, tb)
	}
	return out
}
