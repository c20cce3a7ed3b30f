package geo

import "github.com/paulmach/orb"

// Series is what a series of daily maps shows, as its readers make it and
// the store writes it by change detection: each region's shape day by day.
type Series struct {
	Regions []RegionDays // by slug
	// First and Last are the observed range: the first and last day of
	// the maps read (0 when none carries a day).
	First, Last Day
	Features    int // the features (polygons) read
	// Digests are the digests of the input of the days in Regions, which
	// the store keeps for the next import (Imported); a zero Digest drops
	// the one it has. With Digests nil, the store keeps none for this
	// import's days, and the versions it writes outdate those it has.
	Digests map[Day]Digest
	// Skipped is the number of days the reader skipped since the store had
	// imported their input already (Imported): they are in First..Last
	// but not in Regions.
	Skipped int
	// Repairs counts the shapes the reader repaired (Repair).
	Repairs Repairs
}

// RegionDays are one region's shapes by day, in order of day, and the side
// and status of its versions.
type RegionDays struct {
	// Region names the region by its Slug; when the store has no region of
	// that slug, it makes this one if Name is set, else a control region
	// named after its slug.
	Region Region
	Side   Side
	Status Status
	Days   []DayShape
}

// DayShape is a region's shape on one day, in lon/lat (EPSG:4326): a
// Geometry that is nil is a day on whose map the region is not, which ends
// the version on the map before it. Source is the source text of a version
// that starts that day.
type DayShape struct {
	Day      Day
	Geometry orb.MultiPolygon
	Source   string
}

// Days is the number of region-days in s.
func (s Series) Days() int {
	n := 0
	for _, r := range s.Regions {
		n += len(r.Days)
	}
	return n
}
