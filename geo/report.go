package geo

import "github.com/paulmach/orb"

// Stats are the figures of one dataset at one day.
type Stats struct {
	Dataset string `json:"dataset"`
	Day     Day    `json:"day"`
	// AsOf is the dataset's last observed day when Day lies after it: the
	// figures are those of the map of AsOf. Omitted when Day is within the
	// observed range or the range is unknown (Dataset.AsOf).
	AsOf Day `json:"as_of,omitempty"`
	// Observed is false for a day before the dataset's first observed day
	// (Dataset.Observed): its map is empty for want of data, not free of
	// occupation.
	Observed     bool     `json:"observed"`
	Reference    string   `json:"reference"`
	ReferenceKm2 float64  `json:"reference_km2"`
	Figures      []Figure `json:"figures"`
	// BBox is the bound [west, south, east, north] of the ground held or
	// contested on the day (the front, for a map to fit); omitted when
	// there is none.
	BBox     []float64 `json:"bbox,omitempty"`
	Articles []Article `json:"articles"`
}

// DiffReport is what each side gained and lost between two days.
type DiffReport struct {
	Dataset string   `json:"dataset"`
	From    Day      `json:"from"`
	To      Day      `json:"to"`
	Changes []Change `json:"changes"`
}

// ArticleQuery selects articles. Zero fields select everything.
type ArticleQuery struct {
	Region string // slug of a referenced region
	From   Day    // first published day, inclusive
	To     Day    // last published day, inclusive; 0 means no bound
	Limit  int    // 0 means 1000
}

// AreaStats are the figures of one area, an oblast, at a day: what each
// side holds with each status inside it (Figure.InsideKm2) and the share
// of the area (Figure.Share). Only what reaches the area is listed.
type AreaStats struct {
	ISO     string   `json:"iso"`
	Name    string   `json:"name"`
	Country string   `json:"country"`
	AreaKm2 float64  `json:"area_km2"`
	Figures []Figure `json:"figures"`
}

// StatsByArea is the map of a day measured area by area.
type StatsByArea struct {
	Dataset  string      `json:"dataset"`
	Day      Day         `json:"day"`
	AsOf     Day         `json:"as_of,omitempty"` // as in Stats
	Observed bool        `json:"observed"`        // as in Stats
	By       string      `json:"by"`              // "oblast"
	Areas    []AreaStats `json:"areas"`
}

// HeldBound is the bound of the occupied and contested ground of vs (not
// claims, not ground liberated) within Theatre; ok is false when there is
// none.
func HeldBound(vs []Version) (b orb.Bound, ok bool) {
	b, ok = heldBound(vs)
	if !ok {
		return b, false
	}
	return TheatreBound(b)
}

func heldBound(vs []Version) (b orb.Bound, ok bool) {
	for _, v := range vs {
		if v.Status != StatusOccupied && v.Status != StatusContested || len(v.Geometry) == 0 {
			continue
		}
		if vb := v.Geometry.Bound(); ok {
			b = b.Union(vb)
		} else {
			b, ok = vb, true
		}
	}
	return b, ok
}
