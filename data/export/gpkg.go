package export

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/frontline-map/frontline/data/gpkg"
)

// writeGPKG writes m as a GeoPackage at path (whole or not at all): a
// table "control" of the versions, described in gpkg_contents (its
// description names the dataset, the day, the credit and the licence) and
// in gpkg_metadata by a schema.org Dataset (JSON).
func (m *Map) writeGPKG(ctx context.Context, path string) error {
	meta, err := json.Marshal(m.schemaOrg())
	if err != nil {
		return err
	}
	last := m.Day
	if len(m.Versions) > 0 {
		last = 0
		for _, v := range m.Versions {
			last = max(last, v.Valid.From)
		}
	}
	return gpkg.Write(ctx, path, gpkg.Layer{
		Table:       "control",
		Identifier:  fmt.Sprintf("control %s %s", m.Dataset.Name, m.Day),
		Description: m.Description(),
		LastChange:  last.Time(),
		Metadata:    meta,
		Versions:    m.Versions,
	})
}

// Description says in a sentence or few what m is: the dataset, the day,
// and its credit, licence and source.
func (m *Map) Description() string {
	ds := m.Dataset
	title := ds.Title
	if title == "" {
		title = ds.Name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Territorial control on %s: the versions of dataset %s (%s) on the map that day.", m.Day, ds.Name, title)
	switch {
	case !m.Observed:
		fmt.Fprintf(&b, " Not observed: no data before %s.", ds.ObservedFrom)
	case m.AsOf != 0:
		fmt.Fprintf(&b, " Map as of %s, the last observed day.", m.AsOf)
	}
	credit := ds.Attribution
	if credit == "" {
		credit = title
	}
	fmt.Fprintf(&b, " Credit: %s.", credit)
	if ds.License != "" {
		fmt.Fprintf(&b, " Licence: %s.", ds.License)
	}
	if ds.SourceURL != "" {
		fmt.Fprintf(&b, " Source: %s.", ds.SourceURL)
	}
	return b.String()
}

// schemaOrg is m described as a schema.org Dataset: what gpkg_metadata
// keeps.
func (m *Map) schemaOrg() map[string]any {
	ds := m.Dataset
	title := ds.Title
	if title == "" {
		title = ds.Name
	}
	d := map[string]any{
		"@context": "https://schema.org", "@type": "Dataset",
		"identifier": ds.Name, "name": title, "description": m.Description(),
		"temporalCoverage": m.Day.String(), "creditText": ds.Attribution,
		"frontline:day": m.Day.String(), "frontline:observed": m.Observed,
	}
	if ds.License != "" {
		d["license"] = ds.License
	}
	if ds.SourceURL != "" {
		d["url"] = ds.SourceURL
	}
	if m.AsOf != 0 {
		d["frontline:as_of"] = m.AsOf.String()
	}
	return d
}
