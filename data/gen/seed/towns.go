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
	Name       string  `json:"name"`
	Lon        float64 `json:"lon"`
	Lat        float64 `json:"lat"`
	Rank       int     `json:"rank"`
	Country    string  `json:"country"`
	Population int     `json:"population"`
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
func writeTowns(src, out string) (int, error) {
	fc, err := readGeoNames(src)
	if err != nil {
		return 0, err
	}
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
		t := town{Name: name, Lon: round5(p[0]), Lat: round5(p[1]), Country: country, Population: int(pop)}
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

func readGeoNames(src string) (*geojson.FeatureCollection, error) {
	f, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s has no geonames-places-1000.geojson", src)
		}
		if err != nil {
			return nil, err
		}
		if path.Base(h.Name) != "geonames-places-1000.geojson" {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 64<<20))
		if err != nil {
			return nil, err
		}
		return geojson.UnmarshalFeatureCollection(b)
	}
}
