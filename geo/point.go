package geo

import (
	"cmp"
	"context"
	"slices"

	"github.com/paulmach/orb"
)

// PointStatus says in a word what holds a point on a day
// (GET /api/point, frontline where).
type PointStatus string

// The answers about a point.
const (
	// PointOccupied is ground a side holds that is not its de-jure
	// owner's: Russian-occupied Ukraine.
	PointOccupied PointStatus = "occupied"
	// PointHeldInRussia is ground Ukraine holds in Russia (side ua,
	// status occupied: the Kursk incursion).
	PointHeldInRussia PointStatus = "held-in-russia"
	// PointLiberated is ground its de-jure owner took back.
	PointLiberated PointStatus = "liberated"
	// PointContested is a grey zone held by neither side.
	PointContested PointStatus = "contested"
	// PointNone is land that no version of the dataset covers on the day:
	// not held by the other side (a claim may cover it, listed beside).
	PointNone PointStatus = "none"
	// PointUnknown is a day before the dataset's first observed day: no
	// answer for want of data (never PointNone).
	PointUnknown PointStatus = "unknown"
	// PointSea is a point in Theatre on no country's land per the basemap
	// that no version covers.
	PointSea PointStatus = "sea"
	// PointOutside is a point outside Theatre: not this war's map.
	PointOutside PointStatus = "outside"
)

// StatusOf is the word for a version's status and side.
func StatusOf(side Side, st Status) PointStatus {
	switch {
	case st == StatusOccupied && side == SideUA:
		return PointHeldInRussia
	case st == StatusOccupied:
		return PointOccupied
	case st == StatusLiberated:
		return PointLiberated
	case st == StatusContested:
		return PointContested
	}
	return PointNone
}

// PointVersion is a version that covers a point: what says so and where
// it comes from.
type PointVersion struct {
	Region  string `json:"region"`
	Side    Side   `json:"side"`
	Status  Status `json:"status"`
	Version int64  `json:"version"`
	From    Day    `json:"valid_from"`
	To      *Day   `json:"valid_to"`
	Source  string `json:"source"`
}

func pointVersion(v Version) PointVersion {
	pv := PointVersion{Region: v.Region, Side: v.Side, Status: v.Status, Version: v.ID, From: v.Valid.From, Source: v.Source}
	if !v.Valid.Open() {
		to := v.Valid.To
		pv.To = &to
	}
	return pv
}

// PointAnswer is what holds a point on a day, and how far the front is.
type PointAnswer struct {
	Dataset string  `json:"dataset"`
	Day     Day     `json:"day"`
	AsOf    Day     `json:"as_of,omitempty"` // as in Stats: the map of AsOf answers
	Lon     float64 `json:"lon"`
	Lat     float64 `json:"lat"`
	// Observed is false before the dataset's first observed day: Status
	// is then PointUnknown.
	Observed bool        `json:"observed"`
	Status   PointStatus `json:"status"`
	// Side is who holds the point: the side of the control version that
	// covers it, else none.
	Side Side `json:"side"`
	// Country is the ISO code of the land the point lies on per the
	// basemap, "" at sea or where the server has no basemap.
	Country string `json:"country,omitempty"`
	// By is the version that says so (omitted for none, sea, unknown).
	By *PointVersion `json:"by,omitempty"`
	// Border is true when the point lies on the border of By's shape.
	Border bool `json:"border,omitempty"`
	// Claims are the annexation claims that cover the point; where a claim
	// and control overlap, control is the status and the claim is here.
	Claims []PointVersion `json:"claims"`
	// Since is the day the point came to its status (the last change of
	// hands on or before Day, PointHistory), when asked for.
	Since *Day `json:"since,omitempty"`
	// OtherSide is the nearest ground held by the other side than the
	// point's holder (NearestGround); Contested the nearest grey zone.
	OtherSide *Distance `json:"other_side,omitempty"`
	Contested *Distance `json:"contested,omitempty"`
}

// PointQuery asks what holds a point on a day.
type PointQuery struct {
	Dataset Dataset
	Day     Day
	Point   orb.Point // [lon, lat]
}

// PointMap is the map of one day indexed for answers about points: each
// version's shape indexed once (NewShape) for the many tests an answer
// makes, and for the many points of one request.
type PointMap struct {
	vs     []Version
	shapes []*Shape
}

// NewPointMap indexes vs, the versions on the map of one day.
func NewPointMap(vs []Version) *PointMap {
	m := &PointMap{vs: vs, shapes: make([]*Shape, len(vs))}
	for i, v := range vs {
		m.shapes[i] = NewShape(v.Geometry)
	}
	return m
}

// AnswerPoint is what holds q.Point on q.Day, from m, the versions of the
// dataset on the map that day (or, past its last observed day, of that
// day: Dataset.AsOf), and land, the basemap's countries (nil: every point
// is land). The distances to the other side's ground and to contested
// ground are measured on m (NearestGround).
func AnswerPoint(ctx context.Context, q PointQuery, m *PointMap, land *Land) (PointAnswer, error) {
	a := PointAnswer{Dataset: q.Dataset.Name, Day: q.Day, AsOf: q.Dataset.AsOf(q.Day), Lon: q.Point[0], Lat: q.Point[1],
		Observed: q.Dataset.Observed(q.Day), Claims: []PointVersion{}}
	if !Theatre.Contains(q.Point) {
		a.Status = PointOutside
		return a, nil
	}
	a.Country = land.CountryAt(q.Point)
	if !a.Observed {
		a.Status = PointUnknown
		return a, nil
	}
	hold, claims, border := m.holdAt(q.Point)
	for _, c := range claims {
		a.Claims = append(a.Claims, pointVersion(c))
	}
	a.Status, a.Side, a.Border = PointNone, SideNone, border
	if hold != nil {
		a.Status, a.Side = StatusOf(hold.Side, hold.Status), holderSide(*hold)
		pv := pointVersion(*hold)
		a.By = &pv
	} else if a.Country == "" && land.Known() {
		a.Status = PointSea
		return a, nil
	}
	var err error
	if a.OtherSide, a.Contested, err = nearestFor(ctx, a, m, land); err != nil {
		return a, err
	}
	return a, nil
}

// holderSide is who holds a version's ground: its side, for control.
func holderSide(v Version) Side {
	if v.Status.Controls() {
		return v.Side
	}
	return SideNone
}

// holdAt is the version that says what holds pt on m (control before
// contested ground; among equals the region first by slug, then the
// latest version), the claims that cover pt, and whether pt lies on the
// border of the holding version's shape.
func (m *PointMap) holdAt(pt orb.Point) (hold *Version, claims []Version, border bool) {
	var cover []Version
	var borders []bool
	for i, v := range m.vs {
		in, b := m.shapes[i].Covers(pt)
		if !in {
			continue
		}
		if v.Status == StatusClaimed {
			claims = append(claims, v)
			continue
		}
		cover = append(cover, v)
		borders = append(borders, b)
	}
	if len(cover) == 0 {
		return nil, claims, false
	}
	best := 0
	for i := range cover[1:] {
		if holdsBefore(cover[i+1], cover[best]) {
			best = i + 1
		}
	}
	slices.SortFunc(claims, func(a, b Version) int { return cmp.Compare(a.Region, b.Region) })
	return &cover[best], claims, borders[best]
}

// holdsBefore orders the versions covering one point: control first, then
// the region's slug, then the later version.
func holdsBefore(a, b Version) bool {
	if ac, bc := a.Status.Controls(), b.Status.Controls(); ac != bc {
		return ac
	}
	if a.Region != b.Region {
		return a.Region < b.Region
	}
	return a.Valid.From > b.Valid.From
}
