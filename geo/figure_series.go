package geo

import "math"

// FigureSeries is the figures of a dataset's maps through time, as GET
// /api/series answers: on From and on every change day after it up to To,
// km² per side and status inside Ukraine, or inside each oblast (By
// "oblast"). The figures of an entry hold until the next entry's day.
type FigureSeries struct {
	Dataset string `json:"dataset"`
	From    Day    `json:"from"`
	To      Day    `json:"to"`
	// AsOf is the dataset's last observed day when To lies after it (as in
	// Stats): the map stays that day's after it.
	AsOf Day `json:"as_of,omitempty"`
	// ObservedFrom is the dataset's first observed day when From lies
	// before it: there is no map before it for want of data.
	ObservedFrom Day    `json:"observed_from,omitempty"`
	By           string `json:"by,omitempty"` // "oblast", or "" for Ukraine
	// Reference and ReferenceKm2 are Ukraine's name and area (By "").
	Reference    string  `json:"reference,omitempty"`
	ReferenceKm2 float64 `json:"reference_km2,omitempty"`
	// Areas are the oblasts (By "oblast"), in the order of
	// /api/stats?by=oblast.
	Areas []AreaInfo  `json:"areas,omitempty"`
	Days  []SeriesDay `json:"days"`
}

// AreaInfo names an area the figures are measured in (an oblast).
type AreaInfo struct {
	ISO     string  `json:"iso"`
	Name    string  `json:"name"`
	Country string  `json:"country"`
	AreaKm2 float64 `json:"area_km2"`
}

// SeriesDay is an entry of a FigureSeries: From, or a change day, and its
// figures inside Ukraine (Figures) or inside each oblast it reaches
// (Areas).
type SeriesDay struct {
	Day     Day            `json:"day"`
	Figures []SeriesFigure `json:"figures,omitempty"`
	Areas   []SeriesArea   `json:"areas,omitempty"`
}

// SeriesArea is what a day's map holds inside one oblast.
type SeriesArea struct {
	ISO     string         `json:"iso"`
	Figures []SeriesFigure `json:"figures"`
}

// SeriesFigure is a Figure without its regions, rounded: km² to 4
// decimals (100 m², well below what the figures can tell), the share to 8.
type SeriesFigure struct {
	Side      Side    `json:"side"`
	Status    Status  `json:"status"`
	AreaKm2   float64 `json:"area_km2"`
	InsideKm2 float64 `json:"inside_km2"`
	Share     float64 `json:"share"`
}

// NewSeriesFigure rounds f as SeriesFigure says.
func NewSeriesFigure(f Figure) SeriesFigure {
	return SeriesFigure{Side: f.Side, Status: f.Status, AreaKm2: roundTo(f.AreaKm2, 1e4),
		InsideKm2: roundTo(f.InsideKm2, 1e4), Share: roundTo(f.Share, 1e8)}
}

func roundTo(v, scale float64) float64 {
	return math.Round(v*scale) / scale
}
