package deepstate

import (
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/paulmach/orb"
)

// The regions a DeepStateMap history is imported into, one per class (and
// ground Ukraine took back split by where it lies).
const (
	OccupiedRegion  = "deepstate-occupied"     // ru occupied
	ContestedRegion = "deepstate-contested"    // none contested
	LiberatedRegion = "deepstate-liberated"    // ua liberated, inside Ukraine
	UAInRussia      = "deepstate-ua-in-russia" // ua occupied, outside Ukraine
)

// regions are the regions' side and status and how a new one is made.
var regions = map[string]struct {
	side   geo.Side
	status geo.Status
	region geo.Region
}{
	OccupiedRegion: {geo.SideRU, geo.StatusOccupied,
		geo.Region{Slug: OccupiedRegion, Name: "DeepStateMap: occupied by Russia", Kind: geo.KindControl, Country: "UA"}},
	ContestedRegion: {geo.SideNone, geo.StatusContested,
		geo.Region{Slug: ContestedRegion, Name: "DeepStateMap: status unknown (grey zone)", Kind: geo.KindControl, Country: "UA"}},
	LiberatedRegion: {geo.SideUA, geo.StatusLiberated,
		geo.Region{Slug: LiberatedRegion, Name: "DeepStateMap: liberated by Ukraine", Kind: geo.KindControl, Country: "UA"}},
	UAInRussia: {geo.SideUA, geo.StatusOccupied,
		geo.Region{Slug: UAInRussia, Name: "DeepStateMap: held by Ukraine in Russia", Kind: geo.KindIncursion, Country: "RU"}},
}

// History is a DeepStateMap history as read: the last snapshot of
// each UTC day, its polygons classified and united per region.
type History struct {
	Files     int         // GeoJSON files in the source
	Parsed    int         // of them, those parsed: one a day unless the source's order makes more; not those skipped (Snapshot.Unchanged)
	Snapshots []Snapshot  // the last of each day, by day
	Names     []Name      // the polygon names of the snapshots, most polygons first
	Repairs   geo.Repairs // the polygons as drawn and the day shapes repaired (geo.Repair), each counted once

	outside []Name   // names of polygons outside geo.Theatre (Outside)
	keep    []string // the regions a series keeps when days were skipped (Options.Imported)
}

// Snapshot is the map of one day: the last file published that day.
type Snapshot struct {
	Day       geo.Day
	File      string    // base name: the Unix time of publication
	Published time.Time // UTC
	Polygons  int       // polygonal features (a GeometryCollection counts once)
	Skipped   int       // of them, not this war's front
	// Digest is the digest of the day's input (its file; geo.Digest).
	Digest geo.Digest
	// Unchanged says the store imported the day from this file already
	// (Options.Imported), as the day before it: the file was skimmed for
	// its names, never parsed, and Shapes is empty.
	Unchanged bool
	// Shapes is the union of each region's polygons that day.
	Shapes map[string]orb.MultiPolygon
	// Liberated lists, per region, the days the names of its polygons give
	// ("Liberated 25.03"): spans first..last.
	Liberated map[string][][2]geo.Day
}

// Name is one polygon name: its class and how often it occurs in
// the snapshots used.
type Name struct {
	Name     string `json:"name"`
	Class    string `json:"class"`
	Polygons int    `json:"polygons"`
	Days     int    `json:"days"`
}

// Unclassified returns the names that no rule knows.
func (h *History) Unclassified() []Name {
	var out []Name
	for _, n := range h.Names {
		if n.Class == Unclassified.String() {
			out = append(out, n)
		}
	}
	return out
}

// Stamp reads the UTC Unix time in a file name (1737410164.geojson): ok
// is false for a name that is not one of the years 2000-2100.
func Stamp(name string) (stamp int64, ok bool) {
	base := path.Base(name)
	base = strings.TrimSuffix(base, path.Ext(base))
	if len(base) < 9 || len(base) > 11 {
		return 0, false
	}
	for _, r := range base {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(base, 10, 64)
	if err != nil {
		return 0, false
	}
	if y := time.Unix(n, 0).UTC().Year(); y < 2000 || y > 2100 {
		return 0, false
	}
	return n, true
}

// Regions are the slugs of the regions a history is imported into, sorted.
func Regions() []string {
	out := make([]string, 0, len(regions))
	for r := range regions {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// Skipped is the number of polygons of the snapshots that are not of this
// war's front.
func (h *History) Skipped() int {
	n := 0
	for _, sn := range h.Snapshots {
		n += sn.Skipped
	}
	return n
}

// Strict returns a *geo.ValidationError that lists the names no rule
// classifies (frontline import --strict), or nil when there are none.
func (h *History) Strict() error {
	var ps geo.Problems
	for _, n := range h.Unclassified() {
		ps.Add("polygon name "+geo.Echo(geo.Cut(n.Name, 120)), "no rule classifies it (%d polygons on %d days)", n.Polygons, n.Days)
	}
	return ps.Err()
}

// Series is what the store writes of h: one region per class
// (OccupiedRegion, ...), made as DeepStateMap names them if new, each with
// its shape on every day of the history; a day whose snapshot has none of
// a region's polygons has a nil shape, which ends the region's version on
// the map that day. A region is in the series when a snapshot shows it, or
// when keep names it (one the dataset has versions of, for a history read
// in part, or the Imported regions when days were skipped). A version's
// source names the file it starts with, after prefix. The days skipped
// (Snapshot.Unchanged) are left out of the regions' days but not of the
// observed range; the series carries the digests of the others.
func (h *History) Series(prefix string, keep ...string) geo.Series {
	present := map[string]bool{}
	for _, r := range slices.Concat(keep, h.keep) {
		if _, ok := regions[r]; ok {
			present[r] = true
		}
	}
	sr := geo.Series{Repairs: h.Repairs}
	if len(h.Snapshots) > 0 {
		sr.First, sr.Last = h.Snapshots[0].Day, h.Snapshots[len(h.Snapshots)-1].Day
	}
	sr.Digests = map[geo.Day]geo.Digest{}
	for _, sn := range h.Snapshots {
		sr.Features += sn.Polygons
		for r := range sn.Shapes {
			present[r] = true
		}
		if sn.Unchanged {
			sr.Skipped++
		} else {
			sr.Digests[sn.Day] = sn.Digest
		}
	}
	for _, region := range Regions() {
		if !present[region] {
			continue
		}
		d := regions[region]
		rd := geo.RegionDays{Region: d.region, Side: d.side, Status: d.status}
		for _, sn := range h.Snapshots {
			if sn.Unchanged {
				continue
			}
			rd.Days = append(rd.Days, geo.DayShape{Day: sn.Day, Geometry: sn.Shapes[region], Source: sn.source(prefix, region)})
		}
		sr.Regions = append(sr.Regions, rd)
	}
	return sr
}
