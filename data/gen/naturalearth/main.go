// Command naturalearth writes data/seed/naturalearth.geojson.gz, a compact
// extract of Natural Earth 10m admin-1 units (public domain) in and around
// Ukraine, and checks data/seed/places.json against it.
//
// It is part of the module github.com/frontline-map/frontline/data/gen
// (data/gen/go.mod), which keeps rgeo out of the product's go.mod. Usage,
// from data/gen:
//
//	go run ./naturalearth
//
// or, equivalently, go generate ./naturalearth. Flags:
//
//	-src    Natural Earth admin-1 GeoJSON, gzipped (default: data/Provinces10.gz
//	        of the github.com/sams96/rgeo module, located with go list -m)
//	-out    output file (default data/seed/naturalearth.geojson.gz of the
//	        repository, found from the working directory)
//	-places places file to check, empty to skip (default data/seed/places.json)
//	-tol    Douglas-Peucker tolerance in degrees for simplified shapes (default 0.01)
//
// The output is a gzipped GeoJSON FeatureCollection (RFC 7946: [lon, lat]
// WGS84, outer rings counter-clockwise, holes clockwise, 6 decimals),
// byte-for-byte reproducible from the same input. Every feature has the
// properties layer ("country" or "admin1"), iso (ISO 3166-1 alpha-2 or ISO
// 3166-2), country (ISO 3166-1 alpha-2), name (English), name_uk, name_ru,
// name_alt ('|' separated, may be empty), type and full (true when the shape
// is at full Natural Earth resolution).
//
// Countries are built from their admin-1 units grouped by the prefix of
// iso_3166_2, never from adm0_a3 or the admin-0 layer: Natural Earth codes
// Crimea (UA-43) and Sevastopol (UA-40) as Russian (adm0_a3 RUS) and its
// admin-0 Ukraine leaves them out. Ukraine's units, its country shape and the
// Russian units on its border are kept at full resolution; everything else
// is clipped to bbox and simplified.
//
// The command is a build tool: nothing imports it.
package main

//go:generate go run . -out ../../seed/naturalearth.geojson.gz -places ../../seed/places.json

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/frontline-map/frontline/data/gen/internal/gendir"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
	"github.com/peterstace/simplefeatures/geom"
)

// bbox is the extract's extent, [lon, lat] degrees: units touching it are kept.
var bbox = orb.Bound{Min: orb.Point{12, 38}, Max: orb.Point{50, 60}}

// fullRes lists the admin-1 units outside Ukraine kept at full resolution:
// the Russian regions on Ukraine's border.
var fullRes = map[string]bool{
	"RU-KRS": true, // Kursk Oblast
	"RU-BEL": true, // Belgorod Oblast
	"RU-BRY": true, // Bryansk Oblast
	"RU-VOR": true, // Voronezh Oblast
	"RU-ROS": true, // Rostov Oblast
	"RU-KDA": true, // Krasnodar Krai
}

// isoFixes corrects Natural Earth's iso_3166_2 codes, which swap Moscow
// (RU-MOW) and Moscow Oblast (RU-MOS).
var isoFixes = map[string]string{"RU-MOW": "RU-MOS", "RU-MOS": "RU-MOW"}

// renames replaces Natural Earth's English, Ukrainian and Russian names of
// units named like their capital, and its Russian-derived "Odessa".
var renames = map[string][3]string{
	"UA-32":  {"Kyiv Oblast", "Київська область", "Киевская область"},
	"UA-51":  {"Odesa", "Одеська область", "Одесская область"},
	"RU-MOS": {"Moscow Oblast", "Московська область", "Московская область"},
}

// config is the command line.
type config struct {
	src, out, places string
	tol              float64
}

// unit is one Natural Earth admin-1 unit.
type unit struct {
	iso, country string
	props        geojson.Properties
	shape        orb.MultiPolygon
}

// names are a country's names from the Natural Earth admin-0 records.
type names struct{ en, uk, ru string }

func main() {
	var cfg config
	flag.StringVar(&cfg.src, "src", "", "Natural Earth admin-1 GeoJSON, gzipped (default: rgeo's data/Provinces10.gz)")
	seed := gendir.Seed()
	flag.StringVar(&cfg.out, "out", filepath.Join(seed, "naturalearth.geojson.gz"), "output file")
	flag.StringVar(&cfg.places, "places", filepath.Join(seed, "places.json"), "places file to check, empty to skip")
	flag.Float64Var(&cfg.tol, "tol", 0.01, "Douglas-Peucker tolerance in degrees for simplified shapes")
	flag.Parse()
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(cfg config) error {
	if cfg.src == "" {
		src, err := rgeoData()
		if err != nil {
			return err
		}
		cfg.src = src
	}
	units, countries, err := load(cfg.src)
	if err != nil {
		return err
	}
	feats, err := extract(units, countries, cfg.tol)
	if err != nil {
		return err
	}
	if cfg.places != "" {
		if err := checkPlaces(cfg.places, feats); err != nil {
			return err
		}
	}
	n, err := write(cfg.out, feats)
	if err != nil {
		return err
	}
	report(cfg.out, n, feats)
	return nil
}

// rgeoData returns the path of Provinces10.gz in the rgeo module cache.
func rgeoData() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/sams96/rgeo").Output()
	if err != nil {
		return "", fmt.Errorf("naturalearth: locate rgeo module: %w", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "data", "Provinces10.gz"), nil
}

// load reads the admin-1 units and the admin-0 names of a gzipped Natural
// Earth GeoJSON file. rgeo appends admin-0 records (upper-case keys) to the
// admin-1 ones.
func load(path string) ([]unit, map[string]names, error) {
	fc, err := readGzipJSON(path)
	if err != nil {
		return nil, nil, err
	}
	var units []unit
	countries := map[string]names{}
	for _, f := range fc.Features {
		p := f.Properties
		if a2 := str(p, "ISO_A2_EH"); a2 != "" {
			// Prefer the country to its leases and dependencies (KZ: Baikonur).
			if _, seen := countries[a2]; !seen || str(p, "ISO_A2") == a2 {
				countries[a2] = names{str(p, "NAME_EN"), str(p, "NAME_UK"), str(p, "NAME_RU")}
			}
			continue
		}
		iso := str(p, "iso_3166_2")
		if fixed, ok := isoFixes[iso]; ok {
			iso = fixed
		}
		prefix, _, ok := strings.Cut(iso, "-")
		if !ok || len(prefix) != 2 {
			continue
		}
		if mp := multiPolygon(f.Geometry); mp != nil {
			units = append(units, unit{iso: iso, country: prefix, props: p, shape: mp})
		}
	}
	return units, countries, nil
}

func readGzipJSON(path string) (*geojson.FeatureCollection, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("naturalearth: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("naturalearth: %s: %w", path, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("naturalearth: %s: %w", path, err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return nil, fmt.Errorf("naturalearth: %s: %w", path, err)
	}
	return fc, nil
}

// str returns a string property, or "" if it is missing or not a string.
func str(p geojson.Properties, key string) string {
	s, _ := p[key].(string)
	return s
}

// multiPolygon returns a polygonal geometry as a multipolygon, or nil.
func multiPolygon(g orb.Geometry) orb.MultiPolygon {
	switch g := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}

// extract builds the output features, countries first, each layer sorted by iso.
func extract(units []unit, countries map[string]names, tol float64) ([]*geojson.Feature, error) {
	byCountry := map[string][]unit{}
	var admin1 []*geojson.Feature
	for _, u := range units {
		f, err := admin1Feature(u, tol)
		if err != nil {
			return nil, err
		}
		if f == nil {
			continue
		}
		admin1 = append(admin1, f)
		byCountry[u.country] = append(byCountry[u.country], u)
	}
	codes := make([]string, 0, len(byCountry))
	for c := range byCountry {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var out []*geojson.Feature
	for _, c := range codes {
		f, err := countryFeature(c, countries[c], byCountry[c], tol)
		if err != nil {
			return nil, err
		}
		if f != nil {
			out = append(out, f)
		}
	}
	// Natural Earth repeats some codes (LV-REZ: city and municipality), so
	// keep the input order among equal codes.
	sort.SliceStable(admin1, func(i, j int) bool { return iso(admin1[i]) < iso(admin1[j]) })
	return append(out, admin1...), nil
}

func iso(f *geojson.Feature) string { return f.Properties.MustString("iso") }

// admin1Feature returns the feature of a unit, or nil if none of it is
// left in bbox.
func admin1Feature(u unit, tol float64) (*geojson.Feature, error) {
	if !u.shape.Bound().Intersects(bbox) {
		return nil, nil
	}
	full := u.country == "UA" || fullRes[u.iso]
	var shape orb.MultiPolygon
	var err error
	if full {
		shape = clean(u.shape.Clone())
	} else if shape, err = simplified(u.shape, tol); err != nil {
		return nil, fmt.Errorf("naturalearth: %s: %w", u.iso, err)
	}
	if len(shape) == 0 {
		return nil, nil
	}
	p := u.props
	name := names{str(p, "name_en"), str(p, "name_uk"), str(p, "name_ru")}
	if r, ok := renames[u.iso]; ok {
		name = names{r[0], r[1], r[2]}
	}
	return feature(shape, geojson.Properties{
		"layer": "admin1", "iso": u.iso, "country": u.country, "full": full,
		"name": name.en, "name_uk": name.uk, "name_ru": name.ru,
		"name_alt": str(p, "name_alt"), "type": unitType(u),
	}), nil
}

// unitType returns the kind of a unit in English: Oblast, City, Republic, ...
func unitType(u unit) string {
	switch u.iso {
	case "UA-43":
		return "Autonomous Republic"
	case "UA-30", "UA-40":
		return "City"
	}
	local := strings.TrimSuffix(str(u.props, "type"), "'")
	switch {
	case u.country == "UA", u.country == "RU" && local == "Oblast":
		return "Oblast"
	case u.country == "RU" && local == "Kray":
		return "Krai"
	}
	if t := str(u.props, "type_en"); t != "" {
		return t
	}
	return local
}

// countryFeature returns the union of a country's units, simplified and
// clipped to bbox except for Ukraine, or nil if nothing is left.
func countryFeature(code string, n names, units []unit, tol float64) (*geojson.Feature, error) {
	shapes := make([]orb.MultiPolygon, len(units))
	for i, u := range units {
		shapes[i] = u.shape
	}
	shape, err := union(shapes)
	if err != nil {
		return nil, fmt.Errorf("naturalearth: country %s: %w", code, err)
	}
	full := code == "UA"
	if full {
		shape = clean(shape)
	} else if shape, err = simplified(shape, tol); err != nil {
		return nil, fmt.Errorf("naturalearth: country %s: %w", code, err)
	}
	if len(shape) == 0 {
		return nil, nil
	}
	if n.en == "" {
		n.en = code
	}
	return feature(shape, geojson.Properties{
		"layer": "country", "iso": code, "country": code, "full": full,
		"name": n.en, "name_uk": n.uk, "name_ru": n.ru, "name_alt": "", "type": "Country",
	}), nil
}

// feature returns a feature with a Polygon if mp has one polygon, else a MultiPolygon.
func feature(mp orb.MultiPolygon, props geojson.Properties) *geojson.Feature {
	var g orb.Geometry = mp
	if len(mp) == 1 {
		g = mp[0]
	}
	f := geojson.NewFeature(g)
	f.Properties = props
	return f
}

// simplified returns mp clipped to bbox and simplified with the largest of
// tol, tol/2, ... tol/64 that leaves it valid, else only clipped.
func simplified(mp orb.MultiPolygon, tol float64) (orb.MultiPolygon, error) {
	c, err := clipped(mp)
	if err != nil || len(c) == 0 {
		return nil, err
	}
	for t := tol; t >= tol/64; t /= 2 {
		s := clean(simplify.DouglasPeucker(t).MultiPolygon(c.Clone()))
		if valid(s) {
			return s, nil
		}
	}
	return c, nil
}

// clipped returns mp clipped to bbox with orb/clip, or with an exact
// intersection when orb's ring clipping leaves an invalid shape (it joins the
// pieces of a concave ring along the box edge).
func clipped(mp orb.MultiPolygon) (orb.MultiPolygon, error) {
	b := mp.Bound()
	if !b.Intersects(bbox) {
		return nil, nil
	}
	if bbox.Contains(b.Min) && bbox.Contains(b.Max) {
		return clean(mp.Clone()), nil
	}
	if c := clean(clip.MultiPolygon(bbox, mp.Clone())); valid(c) {
		return c, nil
	}
	g, err := geom.Intersection(toSF(mp), toSF(orb.MultiPolygon{bbox.ToPolygon()}))
	if err != nil {
		return nil, fmt.Errorf("clip: %w", err)
	}
	return clean(fromSF(g)), nil
}

// union returns the union of shapes.
func union(shapes []orb.MultiPolygon) (orb.MultiPolygon, error) {
	gs := make([]geom.Geometry, len(shapes))
	for i, s := range shapes {
		gs[i] = toSF(s)
	}
	g, err := geom.UnionMany(gs)
	if err != nil {
		return nil, fmt.Errorf("union: %w", err)
	}
	return fromSF(g), nil
}

// clean rounds mp to 6 decimals, drops repeated points and rings of no
// area, closes rings and winds them per RFC 7946: outer rings
// counter-clockwise, holes clockwise. It reuses mp's storage.
func clean(mp orb.MultiPolygon) orb.MultiPolygon {
	out := mp[:0]
	for _, p := range mp {
		var rings orb.Polygon
		for i, r := range p {
			r = cleanRing(r)
			if r == nil {
				if i == 0 {
					break
				}
				continue
			}
			if (i == 0) != (r.Orientation() == orb.CCW) {
				r.Reverse()
			}
			rings = append(rings, r)
		}
		if len(rings) > 0 {
			out = append(out, rings)
		}
	}
	return out
}

// cleanRing returns r rounded, without repeated points and closed, or nil
// if it has no area.
func cleanRing(r orb.Ring) orb.Ring {
	out := r[:0]
	for _, pt := range r {
		pt = orb.Point{round6(pt[0]), round6(pt[1])}
		if len(out) == 0 || pt != out[len(out)-1] {
			out = append(out, pt)
		}
	}
	if len(out) > 0 && out[0] != out[len(out)-1] {
		out = append(out, out[0])
	}
	if len(out) < 4 || math.Abs(planar.Area(out)) < 1e-12 {
		return nil
	}
	return out
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// valid reports whether mp is a valid OGC multipolygon.
func valid(mp orb.MultiPolygon) bool { return toSF(mp).Validate() == nil }

// toSF converts an orb multipolygon to a simplefeatures geometry, unvalidated.
func toSF(mp orb.MultiPolygon) geom.Geometry {
	polys := make([]geom.Polygon, len(mp))
	for i, p := range mp {
		rings := make([]geom.LineString, len(p))
		for j, r := range p {
			xy := make([]float64, 0, 2*len(r))
			for _, pt := range r {
				xy = append(xy, pt[0], pt[1])
			}
			rings[j] = geom.NewLineString(geom.NewSequence(xy, geom.DimXY))
		}
		polys[i] = geom.NewPolygon(rings)
	}
	return geom.NewMultiPolygon(polys).AsGeometry()
}

// fromSF returns the polygons of a simplefeatures geometry.
func fromSF(g geom.Geometry) orb.MultiPolygon {
	switch g.Type() {
	case geom.TypePolygon:
		return orb.MultiPolygon{fromSFPolygon(g.MustAsPolygon())}
	case geom.TypeMultiPolygon:
		m := g.MustAsMultiPolygon()
		out := make(orb.MultiPolygon, m.NumPolygons())
		for i := range out {
			out[i] = fromSFPolygon(m.PolygonN(i))
		}
		return out
	case geom.TypeGeometryCollection:
		c := g.MustAsGeometryCollection()
		var out orb.MultiPolygon
		for i := 0; i < c.NumGeometries(); i++ {
			out = append(out, fromSF(c.GeometryN(i))...)
		}
		return out
	}
	return nil
}

func fromSFPolygon(p geom.Polygon) orb.Polygon {
	out := orb.Polygon{fromSFRing(p.ExteriorRing())}
	for i := 0; i < p.NumInteriorRings(); i++ {
		out = append(out, fromSFRing(p.InteriorRingN(i)))
	}
	return out
}

func fromSFRing(ls geom.LineString) orb.Ring {
	seq := ls.Coordinates()
	r := make(orb.Ring, seq.Length())
	for i := range r {
		xy := seq.GetXY(i)
		r[i] = orb.Point{xy.X, xy.Y}
	}
	return r
}

// place is an entry of places.json; only what the check needs.
type place struct {
	Name    string  `json:"name"`
	Lon     float64 `json:"lon"`
	Lat     float64 `json:"lat"`
	Country string  `json:"country"`
}

// checkPlaces verifies that every place of a places.json file lies in the
// country feature of its country.
func checkPlaces(path string, feats []*geojson.Feature) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("naturalearth: %w", err)
	}
	var ps []place
	if err := json.Unmarshal(b, &ps); err != nil {
		return fmt.Errorf("naturalearth: %s: %w", path, err)
	}
	shapes := map[string]orb.MultiPolygon{}
	for _, f := range feats {
		if f.Properties["layer"] == "country" {
			shapes[iso(f)] = multiPolygon(f.Geometry)
		}
	}
	var errs []error
	for _, p := range ps {
		if !planar.MultiPolygonContains(shapes[p.Country], orb.Point{p.Lon, p.Lat}) {
			errs = append(errs, fmt.Errorf("naturalearth: %s: place %s [%v, %v] is outside %s", path, p.Name, p.Lon, p.Lat, p.Country))
		}
	}
	return errors.Join(errs...)
}

// write writes the features as a gzipped FeatureCollection, reproducibly
// (no gzip name or time), and returns the number of bytes written.
func write(path string, feats []*geojson.Feature) (int, error) {
	fc := geojson.NewFeatureCollection()
	fc.Features = feats
	raw, err := fc.MarshalJSON()
	if err != nil {
		return 0, fmt.Errorf("naturalearth: encode: %w", err)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return 0, fmt.Errorf("naturalearth: gzip: %w", err)
	}
	if _, err := zw.Write(raw); err != nil {
		return 0, fmt.Errorf("naturalearth: gzip: %w", err)
	}
	if err := zw.Close(); err != nil {
		return 0, fmt.Errorf("naturalearth: gzip: %w", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return 0, fmt.Errorf("naturalearth: %w", err)
	}
	return buf.Len(), nil
}

// report logs what was written and Ukraine's geodesic area.
func report(path string, size int, feats []*geojson.Feature) {
	var vertices, full int
	var area float64
	for _, f := range feats {
		for _, p := range multiPolygon(f.Geometry) {
			for _, r := range p {
				vertices += len(r)
				if f.Properties["full"] == true {
					full += len(r)
				}
			}
		}
		if f.Properties["layer"] == "country" && f.Properties["iso"] == "UA" {
			area = orbgeo.Area(f.Geometry) / 1e6
		}
	}
	slog.Info("naturalearth: wrote extract", "path", path, "bytes", size,
		"features", len(feats), "vertices", vertices, "full_res_vertices", full,
		"ukraine_km2", math.Round(area))
}
