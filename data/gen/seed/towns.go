package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// town is a place of data/seed/towns.json: a GeoNames place of 1,000 or
// more people (CC BY 4.0, credit "GeoNames") in Ukraine or in Russia's
// border oblasts, ranked for labelling: 2 a city of 200,000 or more, 3 a
// town of 30,000 or more or a town of this front (one the seed's lines are
// laid out by, whatever its size: Pokrovsk, Kupiansk, Huliaipole, Sudzha),
// 4 the rest.
type town struct {
	Name       string   `json:"name"`
	Lon        float64  `json:"lon"`
	Lat        float64  `json:"lat"`
	Rank       int      `json:"rank"`
	Country    string   `json:"country"`
	Admin1     string   `json:"admin1"` // ISO 3166-2 of its oblast, krai or republic
	Population int      `json:"population"`
	NameUK     string   `json:"name_uk,omitempty"`
	NameRU     string   `json:"name_ru,omitempty"`
	Variants   []string `json:"variants,omitempty"` // older and other spellings
	geonameid  int
}

// townArea is where towns are kept: Ukraine and the Russian border oblasts.
var townArea = orb.Bound{Min: orb.Point{22, 44}, Max: orb.Point{41, 53}}

// officialName drops the soft signs GeoNames keeps as ’ or ' (Ukraine's
// official romanisation has none): Vovchans’k is Vovchansk.
func officialName(name string) string {
	return strings.NewReplacer("’", "", "'", "", "ʼ", "").Replace(name)
}

// writeTowns reads the GeoNames extract (a .tar.gz holding
// geonames-places-1000.geojson) and writes towns.json: GeoNames places in
// townArea of Ukraine and Russia, each town of the seed's own list (places,
// in the official romanisation) under its name, GeoNames filling the rest.
func writeTowns(src, units, out string) (int, error) {
	ex, err := readExtracts(src, "geonames-places-1000.geojson", "ne_10m_populated_places.geojson")
	if err != nil {
		return 0, err
	}
	fc := ex[0]
	var ts []town
	used := map[string]bool{}
	for _, f := range fc.Features {
		p, ok := f.Geometry.(orb.Point)
		if !ok || !townArea.Contains(p) {
			continue
		}
		country, _ := f.Properties["country"].(string)
		if country != "UA" && country != "RU" {
			continue
		}
		code, _ := f.Properties["feature_code"].(string)
		if code == "PPLX" || code == "PPLH" { // parts of towns, historical places
			continue
		}
		pop, _ := f.Properties["population"].(float64)
		name, _ := f.Properties["name"].(string)
		id, _ := f.Properties["geonameid"].(float64)
		if wrongPopulation[int(id)] {
			pop = 0
		}
		t := town{Name: name, Lon: round5(p[0]), Lat: round5(p[1]), Country: country, Population: int(pop), geonameid: int(id)}
		t.Name = officialName(name) // GeoNames' soft signs (Vovchans’k, Rossosh’)
		// A town of the seed's list within 4 km takes its name and rank.
		if own, d := nearestPlace(p); d <= 4 && !used[own] {
			t.Name, t.Rank = own, 3
			used[own] = true
		}
		switch {
		case t.Population >= 200000:
			t.Rank = 2
		case t.Rank == 3 || t.Population >= 30000:
			t.Rank = 3
		default:
			t.Rank = 4
		}
		ts = append(ts, t)
	}
	// The seed's towns that GeoNames lacks (or names otherwise, far off).
	for name, p := range places {
		if !used[name] && townArea.Contains(p) {
			ts = append(ts, town{Name: name, Lon: p[0], Lat: p[1], Rank: 3, Country: countryOf(name)})
		}
	}
	if err := placeTowns(ts, units, ex[1]); err != nil {
		return 0, err
	}
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].Rank != ts[j].Rank {
			return ts[i].Rank < ts[j].Rank
		}
		if ts[i].Population != ts[j].Population {
			return ts[i].Population > ts[j].Population
		}
		return ts[i].Name < ts[j].Name
	})
	b, err := json.Marshal(ts)
	if err != nil {
		return 0, err
	}
	return len(ts), writeFile(out, append(b, '\n'))
}

// wrongPopulation are GeoNames places whose population is another's: the
// village Rossosh' (Voronezh oblast, 51.12° N 38.51° E) has that of the
// town Rossosh' 130 km away.
var wrongPopulation = map[int]bool{501215: true}

// countryOf is the country of a place of the seed's own list: Russia's
// for the few there, else Ukraine.
func countryOf(name string) string {
	switch name {
	case "Sudzha", "Belgorod", "Kursk", "Bryansk", "Rostov-on-Don", "Voronezh":
		return "RU"
	}
	return "UA"
}

func nearestPlace(p orb.Point) (string, float64) {
	best, bd := "", math.Inf(1)
	for name, q := range places {
		if d := distanceKm(p, q); d < bd {
			best, bd = name, d
		}
	}
	return best, bd
}

func round5(v float64) float64 { return math.Round(v*1e5) / 1e5 }

// placeTowns gives every town its admin-1 unit and the towns of rank 2
// and 3 their Cyrillic names (nameTowns).
func placeTowns(ts []town, units string, ne *geojson.FeatureCollection) error {
	af, err := loadAdmin1(units)
	if err != nil {
		return err
	}
	for i := range ts {
		ts[i].Admin1 = af.of(ts[i])
	}
	names, err := parseTownNames(townNamesTable)
	if err != nil {
		return err
	}
	places, err := readSeedPlaces()
	if err != nil {
		return err
	}
	return nameTowns(ts, names, places, naturalEarthRU(ne))
}

// readExtracts reads the named GeoJSON files of the basemap extracts (a
// .tar.gz), in the order named.
func readExtracts(src string, names ...string) ([]*geojson.FeatureCollection, error) {
	f, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	out := make([]*geojson.FeatureCollection, len(names))
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		i := slices.Index(names, path.Base(h.Name))
		if i < 0 {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 64<<20))
		if err != nil {
			return nil, err
		}
		if out[i], err = geojson.UnmarshalFeatureCollection(b); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", src, names[i], err)
		}
	}
	for i, fc := range out {
		if fc == nil {
			return nil, fmt.Errorf("%s has no %s", src, names[i])
		}
	}
	return out, nil
}
