package main

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// The events table: dated changes of control at settlements, each with the
// public report it follows (events2014.go, events2023.go). The key dates'
// fronts (fronts.go) are schematic and few; the events put each listed
// settlement on the right side from its day until the next event there, and
// draw contested ground (side none) where fighting in it was reported. The
// table is written from public reports and encyclopaedic accounts, never
// from DeepStateMap's files.

// what is what happened at a settlement on an event's day.
type what string

const (
	captured  what = "captured"  // taken by Russia (in Ukraine): Russian-held from the day
	liberated what = "liberated" // retaken by Ukraine: Ukrainian-held from the day
	contested what = "contested" // fighting in the settlement reported: held by neither (side none) from the day
	takenByUA what = "incursion" // a Russian settlement taken by Ukraine (Kursk oblast)
	retaken   what = "retaken"   // a Russian settlement retaken by Russia
)

// side is the side that holds the settlement after the event: "ru", "ua"
// or "none" (contested).
func (w what) side() string {
	switch w {
	case captured, retaken:
		return "ru"
	case liberated, takenByUA:
		return "ua"
	}
	return "none"
}

// inRussia says the event's settlement lies in Russia.
func (w what) inRussia() bool { return w == takenByUA || w == retaken }

// source is the public report an event follows. Published is empty for an
// encyclopaedic account (an article revised over time).
type source struct {
	Outlet, Title, Published, URL string
}

func (s source) String() string {
	out := s.Outlet + ", " + `"` + s.Title + `"`
	if s.Published != "" {
		out += ", " + s.Published
	}
	return out
}

// isw is the Institute for the Study of War's daily assessment of day,
// which reports the changes of control assessed that day.
func isw(day string) source {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		panic("seed: bad day " + day)
	}
	return source{Outlet: "Institute for the Study of War", Published: day,
		Title: "Russian Offensive Campaign Assessment, " + d.Format("January 2, 2006")}
}

// wiki is an English Wikipedia article, with its address.
func wiki(title string) source {
	return source{Outlet: "Wikipedia", Title: title,
		URL: "https://en.wikipedia.org/wiki/" + strings.ReplaceAll(title, " ", "_")}
}

// The radius of the ground an event decides, by the settlement's size.
const (
	kmVillage = 1.5
	kmTown    = 2.5
	kmCity    = 4.0
)

// event is one row of the table.
type event struct {
	Place  string    // the settlement, spelt as in the seed's towns
	At     orb.Point // lon, lat (GeoNames where it lists the place; ~ in Note if placed by hand)
	Km     float64   // radius of the ground the event decides
	What   what
	Day    string // YYYY-MM-DD
	Source source
	Note   string // what the source says, where sources disagree, and how sure the day is
	Held   string // for the first event of a place: the side before it, when not the obvious one
}

func ev(place string, lon, lat, km float64, w what, day string, src source, note string) event {
	return event{Place: place, At: orb.Point{lon, lat}, Km: km, What: w, Day: day, Source: src, Note: note}
}

// heldBy sets the side that held the place before its first event.
func (e event) heldBy(side string) event { e.Held = side; return e }

func (e event) String() string {
	return fmt.Sprintf("%s %s %s (%s)", e.Place, e.What, e.Day, e.Source)
}

// events returns the whole table in date order (stable for one day).
func events() []event {
	out := append(events2014(), events2022()...)
	out = append(out, events2023()...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Day < out[j].Day })
	return out
}

// place is a settlement of the table with its events in date order.
type place struct {
	Name   string
	At     orb.Point
	Km     float64
	Russia bool
	Events []event
}

// places groups the table by settlement, in the order of first events.
func eventPlaces(es []event) []*place {
	var out []*place
	by := map[string]*place{}
	for _, e := range es {
		p, ok := by[e.Place]
		if !ok {
			p = &place{Name: e.Place, At: e.At, Km: e.Km, Russia: e.What.inRussia()}
			by[e.Place] = p
			out = append(out, p)
		}
		p.Russia = p.Russia || e.What.inRussia()
		p.Events = append(p.Events, e)
	}
	return out
}

// prior is the side that held the place before its first event.
func (p *place) prior() string {
	first := p.Events[0]
	if first.Held != "" {
		return first.Held
	}
	switch {
	case p.Russia && first.What == retaken, !p.Russia && first.What != liberated:
		return "ua"
	}
	return "ru"
}

// stateOn returns the side that holds the place on day and the event that
// set it; before the first event it is the prior side from priorFrom on
// (the base change day in force three days before the first event), and
// nothing ("") earlier.
func (p *place) stateOn(day, priorFrom string) (string, *event) {
	var last *event
	for i := range p.Events {
		if p.Events[i].Day <= day {
			last = &p.Events[i]
		}
	}
	if last != nil {
		return last.What.side(), last
	}
	if priorFrom != "" && day >= priorFrom {
		return p.prior(), nil
	}
	return "", nil
}

// addDays returns day moved by n days.
func addDays(day string, n int) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		panic("seed: bad day " + day)
	}
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}

// latestOn returns the latest of days (sorted) on or before day, "" if none.
func latestOn(days []string, day string) string {
	out := ""
	for _, d := range days {
		if d <= day {
			out = d
		}
	}
	return out
}
