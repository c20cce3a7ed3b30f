package main

import (
	"math"
	"sort"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// How the events table changes the key dates' drawn areas on a day: each
// settlement of the table that has a side on the day gets a patch, the
// ground around it (a disc of the event's radius) made Russian-held,
// Ukrainian-held or contested. Where the key date's front puts the
// settlement on the other side, the patch reaches to that front, a band as
// wide as the disc from the settlement to the nearest point of the front
// (or of Russia's border), unless that is further than maxCorridorKm: the
// settlement is then drawn alone. Patches are laid in the order of their
// events' days, so that the newer win where they overlap, and last of all
// a small core of each, so that every settlement of the table is on its
// own side whatever its neighbours' patches cover.

// maxCorridorKm is the longest band drawn from a settlement to the front.
const maxCorridorKm = 30

// coreKm is the radius of a settlement's core.
const coreKm = 0.6

// op is one patch: its shape made side's ("ru", "ua" or "none").
type op struct {
	Side  string
	Shape orb.MultiPolygon
	Bound orb.Bound
}

func newOp(side string, r orb.Ring) op {
	shape := orb.MultiPolygon{{r}}
	return op{Side: side, Shape: shape, Bound: shape.Bound()}
}

// patcher lays the patches of the places of one country (Ukraine or
// Russia) on the days of the generator.
type patcher struct {
	places []*place
	// priorFrom is, per place, the base change day in force three days
	// before its first event: the place has its prior side from then on.
	priorFrom map[string]string
	russia    [][2]orb.Point // the segments of Russia's border and coasts
	cache     map[patchKey]orb.Ring
}

type patchKey struct{ place, side, base string }

func newPatcher(pls []*place, baseDays []string, russia orb.MultiPolygon) *patcher {
	p := &patcher{places: pls, priorFrom: map[string]string{}, cache: map[patchKey]orb.Ring{}}
	for _, pl := range pls {
		p.priorFrom[pl.Name] = latestOn(baseDays, addDays(pl.Events[0].Day, -3))
	}
	for _, poly := range russia {
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				p.russia = append(p.russia, [2]orb.Point{r[i], r[i+1]})
			}
		}
	}
	return p
}

// eventDays returns the days of the places' events.
func (p *patcher) eventDays() []string {
	var out []string
	for _, pl := range p.places {
		for _, e := range pl.Events {
			out = append(out, e.Day)
		}
	}
	return out
}

// ops returns the patches of day over the drawn area of the base change
// day base (nil in Russia: there the patches are discs only).
func (p *patcher) ops(day, base string, drawn orb.MultiPolygon, corridors bool) []op {
	type laid struct {
		pl   *place
		side string
		from string
	}
	var ls []laid
	for _, pl := range p.places {
		side, e := pl.stateOn(day, p.priorFrom[pl.Name])
		if side == "" {
			continue
		}
		from := ""
		if e != nil {
			from = e.Day
		}
		ls = append(ls, laid{pl, side, from})
	}
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].from < ls[j].from })
	var out []op
	for _, l := range ls {
		r := ellipse(l.pl.At, l.pl.Km, l.pl.Km, 32)
		if corridors {
			r = p.patch(l.pl, l.side, base, drawn)
		}
		out = append(out, newOp(l.side, r))
	}
	for _, l := range ls {
		out = append(out, newOp(l.side, ellipse(l.pl.At, coreKm, coreKm, 16)))
	}
	return out
}

// patch is the ground a place's side decides over the drawn area of base.
func (p *patcher) patch(pl *place, side, base string, drawn orb.MultiPolygon) orb.Ring {
	k := patchKey{pl.Name, side, base}
	if r, ok := p.cache[k]; ok {
		return r
	}
	disc := ellipse(pl.At, pl.Km, pl.Km, 32)
	inside := planar.MultiPolygonContains(drawn, pl.At)
	var segs [][2]orb.Point
	switch {
	case inside && side != "ru":
		segs = segments(drawn) // to the front, from within
	case !inside && side != "ua":
		segs = append(segments(drawn), p.russia...) // to the front or Russia's border
	}
	r := disc
	if to, d := nearest(pl.At, segs); d <= maxCorridorKm {
		r = hull(append(append(orb.Ring{}, disc...), ellipse(to, pl.Km, pl.Km, 32)...))
	}
	p.cache[k] = r
	return r
}

// apply lays the ops on shape (a drawn area, unclipped): Russian-held
// patches are added, the others taken out. Ops that do not reach bound
// are skipped.
func apply(shape orb.MultiPolygon, ops []op, bound orb.Bound, want func(side string) bool) (orb.MultiPolygon, error) {
	var err error
	for _, o := range ops {
		if !o.Bound.Intersects(bound) {
			continue
		}
		if want(o.Side) {
			shape, err = geo.Union(shape, o.Shape)
		} else if len(shape) > 0 {
			shape, err = geo.Difference(shape, o.Shape)
		}
		if err != nil {
			return nil, err
		}
	}
	return shape, nil
}

func isRU(side string) bool   { return side == "ru" }
func isUA(side string) bool   { return side == "ua" }
func isNone(side string) bool { return side == "none" }

// segments returns the edges of mp's rings.
func segments(mp orb.MultiPolygon) [][2]orb.Point {
	var out [][2]orb.Point
	for _, poly := range mp {
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				out = append(out, [2]orb.Point{r[i], r[i+1]})
			}
		}
	}
	return out
}

// nearest returns the point of segs nearest to p and its distance in km
// (a local flat approximation); +Inf when there are none.
func nearest(p orb.Point, segs [][2]orb.Point) (orb.Point, float64) {
	kx := kmPerDegLat * math.Cos(p[1]*math.Pi/180)
	best, bestD := orb.Point{}, math.Inf(1)
	for _, s := range segs {
		ax, ay := (s[0][0]-p[0])*kx, (s[0][1]-p[1])*kmPerDegLat
		bx, by := (s[1][0]-p[0])*kx, (s[1][1]-p[1])*kmPerDegLat
		dx, dy := bx-ax, by-ay
		t := 0.0
		if l2 := dx*dx + dy*dy; l2 > 0 {
			t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
		}
		x, y := ax+t*dx, ay+t*dy
		if d := math.Hypot(x, y); d < bestD {
			best, bestD = orb.Point{p[0] + x/kx, p[1] + y/kmPerDegLat}, d
		}
	}
	return best, bestD
}

// hull returns the convex hull of ps as a closed counter-clockwise ring
// (Andrew's monotone chain).
func hull(ps orb.Ring) orb.Ring {
	pts := append([]orb.Point{}, ps...)
	sort.Slice(pts, func(i, j int) bool { return less(pts[i], pts[j]) })
	cross := func(o, a, b orb.Point) float64 {
		return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
	}
	var h []orb.Point
	for pass := 0; pass < 2; pass++ {
		start := len(h)
		for _, pt := range pts {
			for len(h) >= start+2 && cross(h[len(h)-2], h[len(h)-1], pt) <= 0 {
				h = h[:len(h)-1]
			}
			h = append(h, pt)
		}
		h = h[:len(h)-1]
		for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
			pts[i], pts[j] = pts[j], pts[i]
		}
	}
	return append(orb.Ring(h), h[0])
}
