package geo

import "github.com/paulmach/orb"

// Layers of the basemap.
const (
	LayerCountry = "country" // admin-0: one feature per country
	LayerAdmin1  = "admin1"  // admin-1 units: oblasts, republics, krais
)

// BaseFeature is one polygon of the basemap (land, countries, admin-1 units).
type BaseFeature struct {
	Layer    string // LayerCountry or LayerAdmin1
	ISO      string // ISO 3166-1 alpha-2 for countries, ISO 3166-2 for admin-1 units
	Country  string // ISO 3166-1 alpha-2 of the unit's country
	Name     string // English
	NameUK   string
	NameRU   string
	Geometry orb.MultiPolygon
}

// Place is a labelled point of the basemap. Rank 1 is a national capital,
// 2 a regional centre or large city, 3 a notable town.
type Place struct {
	Name    string  `json:"name"`
	NameUK  string  `json:"name_uk"`
	NameRU  string  `json:"name_ru"`
	Lon     float64 `json:"lon"`
	Lat     float64 `json:"lat"`
	Rank    int     `json:"rank"`
	Country string  `json:"country"`
	// Population is GeoNames' count for its towns (0 for the others).
	Population int `json:"population,omitempty"`
	// Admin1 is the ISO 3166-2 code of the town's oblast (krai, republic)
	// and Oblast its English name; Variants are its older and other
	// spellings, Latin and Cyrillic (Artemivsk, Артёмовск for Bakhmut).
	// The towns of data/seed/towns.json have them.
	Admin1   string   `json:"admin1,omitempty"`
	Oblast   string   `json:"oblast,omitempty"`
	Variants []string `json:"variants,omitempty"`
}

// Point returns the place as an orb.Point [lon, lat].
func (p Place) Point() orb.Point { return orb.Point{p.Lon, p.Lat} }

// The kinds of water.
const (
	WaterRiver     = "river"
	WaterLake      = "lake"
	WaterReservoir = "reservoir"
)

// Water is a river (lines), lake or reservoir (polygons) of the basemap.
// Valid says when it is on the map: the Kakhovka reservoir until it was
// drained on 2023-06-06, the Dnipro's course through it from that day;
// everything else always.
type Water struct {
	Kind     string // WaterRiver, WaterLake or WaterReservoir
	Name     string // English, in Ukraine's official romanisation for its rivers
	MinZoom  float64
	Valid    Validity
	Geometry orb.Geometry // orb.MultiLineString or orb.MultiPolygon
}

// On reports whether w is on the map at day d; day 0 means every day.
func (w Water) On(d Day) bool { return d == 0 || w.Valid.Contains(d) }
