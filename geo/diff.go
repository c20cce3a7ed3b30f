package geo

import (
	"context"

	"github.com/paulmach/orb"
)

// Change is what one side gained and lost between two maps. A side holds
// the union of its occupied, liberated and contested areas; claims are not
// control and are left out.
type Change struct {
	Side      Side             `json:"side"`
	BeforeKm2 float64          `json:"before_km2"`
	AfterKm2  float64          `json:"after_km2"`
	GainedKm2 float64          `json:"gained_km2"`
	LostKm2   float64          `json:"lost_km2"`
	Gained    orb.MultiPolygon `json:"-"`
	Lost      orb.MultiPolygon `json:"-"`
}

// NetKm2 is the change of the held area, GainedKm2 - LostKm2.
func (c Change) NetKm2() float64 { return c.GainedKm2 - c.LostKm2 }

// Diff compares the map before (versions at one day) with the map after and
// returns per side the areas gained and lost. If ref has a shape, everything
// is clipped to it first. Gained minus lost equals after minus before up to
// floating-point noise, since both are exact polygon overlays. ctx is
// checked between the overlay steps, as Measure does.
func Diff(ctx context.Context, before, after []Version, ref Reference) ([]Change, error) {
	b, _, err := groupShapes(ctx, before)
	if err != nil {
		return nil, err
	}
	a, _, err := groupShapes(ctx, after)
	if err != nil {
		return nil, err
	}
	var out []Change
	for _, side := range Sides {
		c, err := diffSide(ctx, side, b, a, ref)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func diffSide(ctx context.Context, side Side, b, a map[group]orb.MultiPolygon, ref Reference) (Change, error) {
	c := Change{Side: side}
	hb, err := heldBy(ctx, b, side)
	if err != nil {
		return c, err
	}
	ha, err := heldBy(ctx, a, side)
	if err != nil {
		return c, err
	}
	steps := []struct {
		out  *orb.MultiPolygon
		op   func(ctx context.Context, a, b orb.MultiPolygon) (orb.MultiPolygon, error)
		x, y *orb.MultiPolygon
	}{
		{&hb, intersection, &hb, &ref.Shape},
		{&ha, intersection, &ha, &ref.Shape},
		{&c.Gained, difference, &ha, &hb},
		{&c.Lost, difference, &hb, &ha},
	}
	for i, st := range steps {
		if i < 2 && len(ref.Shape) == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return c, err
		}
		if *st.out, err = st.op(ctx, *st.x, *st.y); err != nil {
			return c, err
		}
	}
	c.BeforeKm2, c.AfterKm2 = AreaKm2(hb), AreaKm2(ha)
	c.GainedKm2, c.LostKm2 = AreaKm2(c.Gained), AreaKm2(c.Lost)
	return c, nil
}
