package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// writeJSON writes v indented, with a final newline.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("seed: %s: %w", path, err)
	}
	return writeFile(path, append(b, '\n'))
}

// writeHistory writes the versions as a GeoJSON FeatureCollection, one
// feature a line so that a regenerated file diffs by version.
func writeHistory(path string, vs []version) error {
	var buf bytes.Buffer
	buf.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	for i, v := range vs {
		b, err := featureOf(v).MarshalJSON()
		if err != nil {
			return fmt.Errorf("seed: %s: %s %s: %w", path, v.Region, v.From, err)
		}
		buf.Write(b)
		if i+1 < len(vs) {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]}\n")
	return writeFile(path, buf.Bytes())
}

// featureOf returns the import-format feature of v: a Polygon if it has one
// part, else a MultiPolygon; no valid_to while the version is open.
func featureOf(v version) *geojson.Feature {
	var g orb.Geometry = v.Shape
	if len(v.Shape) == 1 {
		g = v.Shape[0]
	}
	f := geojson.NewFeature(g)
	f.Properties["region"] = v.Region
	f.Properties["side"] = v.Side
	f.Properties["status"] = v.Status
	f.Properties["valid_from"] = v.From
	if v.To != "" {
		f.Properties["valid_to"] = v.To
	}
	f.Properties["source"] = v.Source
	return f
}

func writeFile(path string, b []byte) error {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}
