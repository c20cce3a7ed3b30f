package export

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb/geojson"
)

// writeGeoJSON writes m as an RFC 7946 FeatureCollection whose features
// can be imported again (frontline import). It has no "crs" member
// (RFC 7946 is WGS 84, [lon, lat]); its foreign members say what the map
// is of: "dataset", "day", "observed", "as_of" after the last observed
// day, and the dataset's "title", "attribution", "license" and
// "source_url" where it has them.
func (m *Map) writeGeoJSON(w io.Writer) error {
	fc := geojson.NewFeatureCollection()
	fc.ExtraMembers = geojson.Properties{"dataset": m.Dataset.Name, "day": m.Day.String(), "observed": m.Observed}
	if m.AsOf != 0 {
		fc.ExtraMembers["as_of"] = m.AsOf.String()
	}
	ds := m.Dataset
	for k, v := range map[string]string{"title": ds.Title, "attribution": ds.Attribution, "license": ds.License, "source_url": ds.SourceURL} {
		if v != "" {
			fc.ExtraMembers[k] = v
		}
	}
	for _, v := range m.Versions {
		fc.Append(Feature(v))
	}
	if err := json.NewEncoder(w).Encode(fc); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// Feature turns a version into a GeoJSON feature in the import format:
// its id, and the properties region, side, status, valid_from, valid_to
// (left out when open), source, dataset and area_km2.
func Feature(v geo.Version) *geojson.Feature {
	f := geojson.NewFeature(v.Geometry)
	f.ID = v.ID
	f.Properties["region"] = v.Region
	f.Properties["side"] = v.Side.String()
	f.Properties["status"] = v.Status.String()
	f.Properties["valid_from"] = v.Valid.From.String()
	if !v.Valid.Open() {
		f.Properties["valid_to"] = v.Valid.To.String()
	}
	f.Properties["source"] = v.Source
	f.Properties["dataset"] = v.Dataset
	f.Properties["area_km2"] = geo.AreaKm2(v.Geometry)
	return f
}
