package data

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// basemap is the parsed Natural Earth extract, parsed once.
var basemap = sync.OnceValues(func() (*Basemap, error) {
	return parseBasemap(seedFile("seed/naturalearth.geojson.gz"), seedFile("seed/places.json"))
})

// Basemap is the embedded Natural Earth extract (public domain) and the
// list of places, read-only.
type Basemap struct {
	Features []geo.BaseFeature
	Places   []geo.Place
	Ukraine  geo.Reference // union of Ukraine's admin-1 units, Crimea included
}

// LoadBasemap returns the embedded basemap, parsed on first use.
func LoadBasemap() (*Basemap, error) { return basemap() }

func parseBasemap(gz, places []byte) (*Basemap, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("basemap: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("basemap: %w", err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return nil, fmt.Errorf("basemap: %w", err)
	}
	b := &Basemap{}
	for _, f := range fc.Features {
		bf := geo.BaseFeature{
			Layer:   f.Properties.MustString("layer", ""),
			ISO:     f.Properties.MustString("iso", ""),
			Country: f.Properties.MustString("country", ""),
			Name:    f.Properties.MustString("name", ""),
			NameUK:  f.Properties.MustString("name_uk", ""),
			NameRU:  f.Properties.MustString("name_ru", ""),
		}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			bf.Geometry = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			bf.Geometry = g
		default:
			continue
		}
		b.Features = append(b.Features, bf)
		if bf.Layer == geo.LayerCountry && bf.ISO == "UA" {
			b.Ukraine = geo.NewReference("Ukraine", bf.Geometry)
		}
	}
	if len(b.Ukraine.Shape) == 0 {
		return nil, fmt.Errorf("basemap: no country feature for Ukraine")
	}
	if err := json.Unmarshal(places, &b.Places); err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	return b, nil
}

// Admin1 returns the admin-1 unit with an ISO 3166-2 code, if the basemap has it.
func (b *Basemap) Admin1(iso string) (geo.BaseFeature, bool) {
	for _, f := range b.Features {
		if f.Layer == geo.LayerAdmin1 && f.ISO == iso {
			return f, true
		}
	}
	return geo.BaseFeature{}, false
}
