package seed

import (
	"bytes"

	"github.com/frontline-map/frontline/data/geojson"
)

// History reads the seed's history (history.geojson): versions that carry
// their own validity, named by their features.
func History() (geojson.Versions, error) {
	return geojson.ReadVersions(bytes.NewReader(File("history.geojson")), "seed/history.geojson", geojson.Defaults{}, geojson.Limits{})
}
