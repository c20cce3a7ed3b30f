package geo

import (
	"cmp"
	"context"
	"slices"

	"github.com/paulmach/orb"
)

// PointHold is what holds a point over a span of days.
type PointHold struct {
	Status PointStatus `json:"status"`
	Side   Side        `json:"side"`
}

// PointChange is a change of hands at a point: on Day, From gave way to
// To, as By says: the version that begins To, or, for a change to none,
// the version that ended that day.
type PointChange struct {
	Day  Day           `json:"day"`
	From PointHold     `json:"from"`
	To   PointHold     `json:"to"`
	By   *PointVersion `json:"by,omitempty"`
}

// PointHistory is every change of hands at a point in a dataset
// (GET /api/point/history, frontline where --history).
type PointHistory struct {
	Dataset string  `json:"dataset"`
	Lon     float64 `json:"lon"`
	Lat     float64 `json:"lat"`
	// ObservedFrom is the dataset's first observed day, when known: the
	// first change is from unknown to what held the point that day.
	ObservedFrom Day `json:"observed_from,omitempty"`
	// Status is the point's status after the last change: what holds it
	// on the last day of the dataset, sea or outside.
	Status  PointStatus   `json:"status"`
	Changes []PointChange `json:"changes"`
}

// Since is the day of the last change on or before day, false when there
// is none.
func (h PointHistory) Since(day Day) (Day, bool) {
	var since Day
	ok := false
	for _, c := range h.Changes {
		if c.Day > day {
			break
		}
		since, ok = c.Day, true
	}
	return since, ok
}

// NewPointHistory is the history of pt ([lon, lat]) in dataset ds from
// vs, the versions of ds whose bounds hold pt, in any order (claims are
// left out: they change no hands). It tests each version once and
// walks their validities in order: the cost is one point-in-polygon test
// a version, however many days the dataset has.
func NewPointHistory(ctx context.Context, ds Dataset, pt orb.Point, vs []Version, land *Land) (PointHistory, error) {
	h := PointHistory{Dataset: ds.Name, Lon: pt[0], Lat: pt[1], ObservedFrom: ds.ObservedFrom, Changes: []PointChange{}}
	if !Theatre.Contains(pt) {
		h.Status = PointOutside
		return h, nil
	}
	var cover []Version
	for i, v := range vs {
		if i%64 == 63 {
			if err := ctx.Err(); err != nil {
				return h, err
			}
		}
		if in, _ := Covers(v.Geometry, pt); in && v.Status != StatusClaimed {
			cover = append(cover, v)
		}
	}
	h.Changes = changesOf(cover, ds.ObservedFrom)
	h.Status = PointNone
	if n := len(h.Changes); n > 0 {
		h.Status = h.Changes[n-1].To.Status
	}
	if h.Status == PointNone && land.Known() && land.CountryAt(pt) == "" {
		h.Status = PointSea
	}
	return h, nil
}

// changesOf sweeps the versions covering a point in time order and lists
// the days its hold changes, from observed (if not 0) on.
func changesOf(cover []Version, observed Day) []PointChange {
	slices.SortFunc(cover, func(a, b Version) int { return cmp.Compare(a.Valid.From, b.Valid.From) })
	var days []Day
	if observed != 0 {
		days = append(days, observed)
	}
	for _, v := range cover {
		days = append(days, v.Valid.From)
		if !v.Valid.Open() {
			days = append(days, v.Valid.To)
		}
	}
	slices.Sort(days)
	days = slices.Compact(days)
	prev := PointHold{Status: PointNone}
	if observed != 0 {
		prev.Status = PointUnknown
	}
	var prevBy *Version
	out := []PointChange{}
	var active []Version
	next := 0
	for _, d := range days {
		if d < observed {
			continue
		}
		for next < len(cover) && cover[next].Valid.From <= d {
			active = append(active, cover[next])
			next++
		}
		active = slices.DeleteFunc(active, func(v Version) bool { return !v.Valid.Contains(d) })
		hold, by := PointHold{Status: PointNone}, (*Version)(nil)
		for i := range active {
			if by == nil || holdsBefore(active[i], *by) {
				by = &active[i]
			}
		}
		if by != nil {
			hold = PointHold{Status: StatusOf(by.Side, by.Status), Side: holderSide(*by)}
		}
		if hold != prev {
			c := PointChange{Day: d, From: prev, To: hold}
			if src := cmp.Or(by, prevBy); src != nil {
				pv := pointVersion(*src)
				c.By = &pv
			}
			out = append(out, c)
		}
		prev = hold
		if by != nil {
			v := *by
			prevBy = &v
		} else {
			prevBy = nil
		}
	}
	return out
}
