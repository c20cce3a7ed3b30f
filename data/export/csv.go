package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb/encoding/wkt"
)

// CSVHeader is the first record of a CSV export: the fields of a version,
// the dataset's credit and licence, and the geometry as WKT (a
// MULTIPOLYGON, [lon, lat] in WGS 84, every coordinate as Go's shortest
// exact form, so it reads back to the same numbers).
var CSVHeader = []string{"id", "dataset", "day", "region", "side", "status", "valid_from", "valid_to", "source",
	"area_km2", "attribution", "license", "wkt"}

// writeCSV writes m as RFC 4180 CSV, one record a version after
// CSVHeader; an open end of validity is an empty valid_to. GDAL and QGIS
// read the geometry from the wkt column (ogr2ogr -oo GEOM_POSSIBLE_NAMES=wkt).
func (m *Map) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	day := m.Day.String()
	for _, v := range m.Versions {
		to := ""
		if !v.Valid.Open() {
			to = v.Valid.To.String()
		}
		rec := []string{strconv.FormatInt(v.ID, 10), v.Dataset, day, v.Region, v.Side.String(), v.Status.String(),
			v.Valid.From.String(), to, v.Source, strconv.FormatFloat(geo.AreaKm2(v.Geometry), 'f', -1, 64),
			m.Dataset.Attribution, m.Dataset.License, wkt.MarshalString(v.Geometry)}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
