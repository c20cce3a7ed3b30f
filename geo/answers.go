package geo

// The read models that the HTTP API answers and that published sites
// store as files (tiles/server, tiles/publish): one shape for both, so
// the web app reads either the same way.

// TimelineDay is a change day with the articles published that day.
type TimelineDay struct {
	Day      Day       `json:"day"`
	Articles []Article `json:"articles"`
}

// Timeline is the days on which a dataset's map changes, with the articles
// of each, and every article (GET /api/timeline, data/timeline.json).
type Timeline struct {
	Dataset  string        `json:"dataset"`
	Days     []TimelineDay `json:"days"`
	Articles []Article     `json:"articles"`
	First    *Day          `json:"first,omitempty"`
	Last     *Day          `json:"last,omitempty"`
}

// NewTimeline is the timeline of dataset's change days (ascending) and
// the articles arts.
func NewTimeline(dataset string, days []Day, arts []Article) Timeline {
	byDay := map[Day][]Article{}
	for _, a := range arts {
		byDay[a.Published] = append(byDay[a.Published], a)
	}
	t := Timeline{Dataset: dataset, Days: make([]TimelineDay, 0, len(days)), Articles: arts}
	if t.Articles == nil {
		t.Articles = []Article{}
	}
	for _, d := range days {
		as := byDay[d]
		if as == nil {
			as = []Article{}
		}
		t.Days = append(t.Days, TimelineDay{Day: d, Articles: as})
	}
	if len(days) > 0 {
		first, last := days[0], days[len(days)-1]
		t.First, t.Last = &first, &last
	}
	return t
}

// RegionInfo is a region as the API lists it (GET /api/regions,
// data/regions.json), with its outline's bounding box where known.
type RegionInfo struct {
	Region
	Kind string    `json:"kind"`
	BBox []float64 `json:"bbox,omitempty"`
}

// InfoOf is r as the API lists it.
func InfoOf(r Region) RegionInfo { return RegionInfo{Region: r, Kind: r.Kind.String()} }

// VersionInfo is a version without its geometry, as a region's history
// lists it.
type VersionInfo struct {
	ID      int64     `json:"id"`
	Region  string    `json:"region"`
	Side    Side      `json:"side"`
	Status  Status    `json:"status"`
	From    Day       `json:"valid_from"`
	To      *Day      `json:"valid_to"`
	AreaKm2 float64   `json:"area_km2"`
	BBox    []float64 `json:"bbox"`
	Source  string    `json:"source"`
}

// History is every version of one region in a dataset
// (GET /api/regions/{slug}/history, data/history/{slug}.json).
type History struct {
	Region   string        `json:"region"`
	Dataset  string        `json:"dataset"`
	Versions []VersionInfo `json:"versions"`
}

// NewHistory is the history of region slug made of its versions vs.
func NewHistory(dataset, slug string, vs []Version) History {
	h := History{Region: slug, Dataset: dataset, Versions: make([]VersionInfo, 0, len(vs))}
	for _, v := range vs {
		b := v.Geometry.Bound()
		vi := VersionInfo{ID: v.ID, Region: v.Region, Side: v.Side, Status: v.Status, From: v.Valid.From,
			AreaKm2: AreaKm2(v.Geometry), BBox: []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}, Source: v.Source}
		if !v.Valid.Open() {
			to := v.Valid.To
			vi.To = &to
		}
		h.Versions = append(h.Versions, vi)
	}
	return h
}
