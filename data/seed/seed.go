// Package seed is frontline's embedded default data: the Natural Earth
// basemap (admin units, places, rivers and lakes; public domain), the
// GeoNames towns (CC BY 4.0) and the seed history, regions and articles
// that a new store is loaded with. The files are written by the generators
// in data/gen; this package only reads them, once.
package seed

import "embed"

//go:embed *.json *.geojson *.gz
var files embed.FS

// File returns the embedded seed file of that name (regions.json,
// history.geojson, articles.json, ...). A missing name is a build defect,
// not input, and panics.
func File(name string) []byte {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("seed: embedded file missing: " + name)
	}
	return b
}
