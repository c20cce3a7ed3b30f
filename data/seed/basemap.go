package seed

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/geojson"
)

// basemap is the parsed Natural Earth extract, parsed once.
var basemap = sync.OnceValues(func() (*Basemap, error) {
	b, err := parseBasemap(File("naturalearth.geojson.gz"), File("places.json"))
	if err != nil {
		return nil, err
	}
	if b.Water, err = parseWater(File("water.geojson.gz")); err != nil {
		return nil, err
	}
	if err := b.addTowns(File("towns.json")); err != nil {
		return nil, err
	}
	return b, nil
})

// Basemap is the embedded Natural Earth extract (public domain) and the
// list of places, read-only.
type Basemap struct {
	Features []geo.BaseFeature
	Places   []geo.Place
	Water    []geo.Water // Natural Earth's rivers, lakes and reservoirs around Ukraine
	// Towns are the 2,152 towns of towns.json, all of them, by rank and
	// then population, each with its oblast's name: what place names are
	// looked up in (geo.PlaceIndex).
	Towns   []geo.Place
	Ukraine geo.Reference // union of Ukraine's admin-1 units, Crimea included
}

// LoadBasemap returns the embedded basemap, parsed on first use.
func LoadBasemap() (*Basemap, error) { return basemap() }

func parseBasemap(gz, places []byte) (*Basemap, error) {
	fc, err := gunzipFeatures(gz)
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

// parseWater reads the water of data/seed/water.geojson.gz (made by
// data/gen/water from Natural Earth).
func parseWater(gz []byte) ([]geo.Water, error) {
	fc, err := gunzipFeatures(gz)
	if err != nil {
		return nil, fmt.Errorf("water: %w", err)
	}
	var out []geo.Water
	for i, f := range fc.Features {
		w := geo.Water{Kind: f.Properties.MustString("kind", ""), Name: f.Properties.MustString("name", ""),
			MinZoom: f.Properties.MustFloat64("min_zoom", 0), Valid: geo.Validity{To: geo.Forever}, Geometry: f.Geometry}
		for k, dst := range map[string]*geo.Day{"valid_from": &w.Valid.From, "valid_to": &w.Valid.To} {
			if s := f.Properties.MustString(k, ""); s != "" {
				if *dst, err = geo.ParseDay(s); err != nil {
					return nil, fmt.Errorf("water feature %d: %s: %w", i, k, err)
				}
			}
		}
		switch g := f.Geometry.(type) {
		case orb.LineString:
			w.Geometry = orb.MultiLineString{g}
		case orb.Polygon:
			w.Geometry = orb.MultiPolygon{g}
		case orb.MultiLineString, orb.MultiPolygon:
		default:
			return nil, fmt.Errorf("water feature %d: a %s", i, f.Geometry.GeoJSONType())
		}
		out = append(out, w)
	}
	return out, nil
}

// gunzipFeatures reads a gzipped GeoJSON FeatureCollection.
func gunzipFeatures(gz []byte) (*geojson.FeatureCollection, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	return geojson.UnmarshalFeatureCollection(raw)
}

// addTowns adds the towns of data/seed/towns.json (GeoNames, CC BY 4.0;
// made by data/gen/seed) to the places, rank 2 to 4, leaving out those
// within 5 km of a place the basemap has already (its name wins), and
// keeps them all as Towns.
func (b *Basemap) addTowns(raw []byte) error {
	var ts []geo.Place
	if err := json.Unmarshal(raw, &ts); err != nil {
		return fmt.Errorf("towns: %w", err)
	}
	own := b.Places
	near := func(p geo.Place) bool {
		for _, q := range own {
			if orbgeo.Distance(p.Point(), q.Point()) < 5000 {
				return true
			}
		}
		return false
	}
	oblast := map[string]string{}
	for _, f := range b.Features {
		if f.Layer == geo.LayerAdmin1 {
			oblast[f.ISO] = f.Name
		}
	}
	for i, t := range ts {
		if t.Rank < 2 || t.Rank > 4 || t.Name == "" {
			return fmt.Errorf("towns: %q: rank %d", t.Name, t.Rank)
		}
		ts[i].Oblast = oblast[t.Admin1]
		t.Oblast = ts[i].Oblast
		if !near(t) {
			b.Places = append(b.Places, t)
		}
	}
	b.Towns = ts
	return nil
}
