package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// contestedRegion is the region of the contested ground: side none, status
// contested, as DeepStateMap's grey zone is imported.
const contestedRegion = "contested"

// contestedGround returns the versions of the contested ground: the
// patches of the places where fighting was reported (the events table),
// mainland and Kursk oblast together, on each change day of either,
// clipped to the mainland oblasts and Kursk oblast.
func contestedGround(mainlandGrey, kurskGrey map[string]orb.MultiPolygon, pls []*place, us units, tol float64) ([]version, error) {
	var isos []string
	for _, m := range mainland {
		isos = append(isos, m.iso)
	}
	clip, err := unionOf(us, append(isos, "RU-KRS")...)
	if err != nil {
		return nil, err
	}
	mDays, kDays := keysOf(mainlandGrey), keysOf(kurskGrey)
	var out []version
	var cur *version
	for _, day := range uniqueSorted(append(append([]string{}, mDays...), kDays...)) {
		g, err := geo.Union(mainlandGrey[latestOn(mDays, day)], kurskGrey[latestOn(kDays, day)])
		if err == nil {
			g, err = geo.Intersection(clip, g)
		}
		if err != nil {
			return nil, fmt.Errorf("seed: contested ground on %s: %w", day, err)
		}
		g = tidy(g, tol)
		if cur != nil && sameShape(cur.Shape, g) {
			continue
		}
		if cur != nil {
			cur.To = day
			out = append(out, *cur)
			cur = nil
		}
		if len(g) > 0 {
			cur = &version{Region: contestedRegion, Side: "none", Status: "contested", From: day,
				Source: sourceContested + contestedOn(pls, day), Shape: g}
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out, nil
}

const sourceContested = "schematic: ground held by neither side where fighting in a settlement was reported, drawn by " +
	"frontline as a disc around the settlement (reaching to the key date's front) from the events table in " +
	"data/gen/seed, not a surveyed grey zone. Contested: "

// contestedOn names the places contested on day and the events that say so.
func contestedOn(pls []*place, day string) string {
	var names []string
	for _, pl := range pls {
		if side, e := pl.stateOn(day, ""); side == "none" {
			names = append(names, e.String())
		}
	}
	return strings.Join(names, "; ") + "."
}

func keysOf(m map[string]orb.MultiPolygon) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// unionOf returns the union of the units isos.
func unionOf(us units, isos ...string) (orb.MultiPolygon, error) {
	var shapes []orb.MultiPolygon
	for _, iso := range isos {
		shapes = append(shapes, us.shape(iso))
	}
	u, err := geo.Union(shapes...)
	if err != nil {
		return nil, fmt.Errorf("seed: union of %v: %w", isos, err)
	}
	return u, nil
}
