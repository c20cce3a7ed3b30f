// Command water makes data/seed/water.geojson.gz, the basemap's rivers,
// lakes and reservoirs around Ukraine, from the Natural Earth 10m extracts
// (public domain) of ../shared/data/basemap: lakes and reservoirs as
// polygons, rivers as lines, each with a kind, a name in Ukraine's official
// romanisation where it is Ukraine's (Dnipro, Siverskyi Donets, Oskil) and
// the zoom from which Natural Earth shows it. The Kakhovka reservoir,
// drained after the dam's destruction on 2023-06-06, is valid until that
// day; from it the Dnipro's course through the former reservoir (Natural
// Earth's lake centerline) is drawn instead. Other lake centerlines are
// left out: the lakes are drawn. Usage, from data/gen:
//
//	go run ./water [-src ../../../shared/data/basemap/basemap-extracts.tar.gz] [-out ../seed/water.geojson.gz]
package main

import (
	"archive/tar"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/frontline-map/frontline/data/gen/internal/gendir"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
)

// area is what is kept: Ukraine and its neighbours' borderlands.
var area = orb.Bound{Min: orb.Point{21, 43.5}, Max: orb.Point{41.5, 53.5}}

// drained is the day the Kakhovka reservoir was drained.
const drained = "2023-06-06"

// names maps Natural Earth's names (of rivers, and of the reservoirs it
// names or leaves unnamed, by their bound's south-west corner) to ours.
var names = map[string]string{
	"Dnieper": "Dnipro", "Dnipro": "Dnipro", "Donets": "Siverskyi Donets", "Seversky Donets": "Siverskyi Donets",
	"Oskol": "Oskil", "Desna": "Desna", "Southern Bug": "Pivdennyi Buh", "Dniester": "Dnister", "Pripyat": "Prypiat",
	"Ingulets": "Inhulets", "Ingul": "Inhul", "Psel": "Psel", "Vorskla": "Vorskla", "Sula": "Sula", "Horyn": "Horyn",
	"Sluch": "Sluch", "Prypyat": "Prypiat", "Haryn": "Horyn", "Teteriv": "Teteriv", "Ros": "Ros", "Samara": "Samara", "Kalmius": "Kalmius", "Aidar": "Aidar",
	"Kiev Reservoir": "Kyiv Reservoir", "Kakhovka Reservoir": "Kakhovka Reservoir", "Kremenchuk Reservoir": "Kremenchuk Reservoir",
	"reservoir@33.54,48.52": "Kamianske Reservoir", "Syvash": "Syvash",
}

type feature struct {
	kind, name string
	minZoom    float64
	from, to   string
	geom       orb.Geometry
}

func main() {
	log.SetFlags(0)
	var src, out string
	flag.StringVar(&src, "src", filepath.Join(gendir.Dir(), "..", "..", "..", "shared", "data", "basemap", "basemap-extracts.tar.gz"), "the basemap extracts (.tar.gz)")
	flag.StringVar(&out, "out", filepath.Join(gendir.Seed(), "water.geojson.gz"), "the file to write")
	flag.Parse()
	fcs, err := readExtracts(src)
	if err != nil {
		log.Fatalf("water: %v", err)
	}
	fs, err := build(fcs)
	if err != nil {
		log.Fatalf("water: %v", err)
	}
	if err := write(out, fs); err != nil {
		log.Fatalf("water: %v", err)
	}
	fmt.Printf("water: %d features to %s\n", len(fs), out)
}

// readExtracts reads the GeoJSON files of the extracts, by base name.
func readExtracts(src string) (map[string]*geojson.FeatureCollection, error) {
	f, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	out := map[string]*geojson.FeatureCollection{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if !strings.HasSuffix(h.Name, ".geojson") {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 64<<20))
		if err != nil {
			return nil, err
		}
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", h.Name, err)
		}
		out[path.Base(h.Name)] = fc
	}
}

func prop(f *geojson.Feature, k string) string {
	if s, ok := f.Properties[k].(string); ok {
		return strings.TrimSpace(s)
	}
	return ""
}

func num(f *geojson.Feature, k string) float64 {
	if v, ok := f.Properties[k].(float64); ok {
		return v
	}
	return 9
}

// build picks and names the features.
func build(fcs map[string]*geojson.FeatureCollection) ([]feature, error) {
	need := []string{"ne_10m_lakes.geojson", "ne_10m_lakes_europe.geojson", "ne_10m_rivers_lake_centerlines.geojson", "ne_10m_rivers_europe.geojson"}
	for _, n := range need {
		if fcs[n] == nil {
			return nil, fmt.Errorf("the extracts lack %s", n)
		}
	}
	var out []feature
	var kakhovka orb.MultiPolygon
	for _, file := range need[:2] {
		for _, f := range fcs[file].Features {
			b := f.Geometry.Bound()
			if !b.Intersects(area) {
				continue
			}
			cls := strings.ToLower(prop(f, "featurecla"))
			kind := "lake"
			if strings.Contains(cls, "reservoir") {
				kind = "reservoir"
			}
			name := names[prop(f, "name")]
			if name == "" && kind == "reservoir" {
				name = names[fmt.Sprintf("reservoir@%.2f,%.2f", b.Min[0], b.Min[1])]
			}
			if prop(f, "name") == "Syvash" || strings.HasPrefix(prop(f, "name"), "Syvash") {
				name = "Syvash"
			}
			mp := polygons(f.Geometry)
			if len(mp) == 0 {
				continue
			}
			ft := feature{kind: kind, name: name, minZoom: num(f, "min_zoom"), geom: simplify.DouglasPeucker(0.002).Simplify(mp)}
			if name == "Kakhovka Reservoir" {
				ft.to = drained
				kakhovka = mp
			}
			out = append(out, ft)
		}
	}
	if len(kakhovka) == 0 {
		return nil, fmt.Errorf("no Kakhovka Reservoir in the lakes")
	}
	rivers := map[string]bool{}
	for _, f := range fcs["ne_10m_rivers_lake_centerlines.geojson"].Features {
		name := names[prop(f, "name")]
		if name == "" {
			name = prop(f, "name")
		}
		cls := prop(f, "featurecla")
		ls := lines(f.Geometry)
		switch {
		case len(ls) == 0 || !f.Geometry.Bound().Intersects(area):
		case cls == "Lake Centerline" && name == "Dnipro":
			// The Dnipro's course through the Kakhovka reservoir, once drained.
			var in orb.MultiLineString
			for _, l := range ls {
				var run orb.LineString
				for _, p := range l {
					if planar.MultiPolygonContains(kakhovka, p) {
						run = append(run, p)
						continue
					}
					if len(run) > 1 {
						in = append(in, run)
					}
					run = nil
				}
				if len(run) > 1 {
					in = append(in, run)
				}
			}
			if len(in) > 0 {
				out = append(out, feature{kind: "river", name: "Dnipro", minZoom: num(f, "min_zoom"), from: drained,
					geom: simplify.DouglasPeucker(0.001).Simplify(in)})
			}
		case cls == "River":
			rivers[name] = true
			out = append(out, feature{kind: "river", name: name, minZoom: num(f, "min_zoom"), geom: simplify.DouglasPeucker(0.001).Simplify(ls)})
		}
	}
	for _, f := range fcs["ne_10m_rivers_europe.geojson"].Features {
		name := names[prop(f, "name")]
		if name == "" {
			name = prop(f, "name")
		}
		ls := lines(f.Geometry)
		if prop(f, "featurecla") != "River" || len(ls) == 0 || !f.Geometry.Bound().Intersects(area) || (name != "" && rivers[name]) {
			continue
		}
		out = append(out, feature{kind: "river", name: name, minZoom: num(f, "min_zoom"), geom: simplify.DouglasPeucker(0.001).Simplify(ls)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].kind != out[j].kind {
			return out[i].kind < out[j].kind
		}
		return out[i].minZoom < out[j].minZoom
	})
	return out, nil
}

func polygons(g orb.Geometry) orb.MultiPolygon {
	switch g := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}

func lines(g orb.Geometry) orb.MultiLineString {
	switch g := g.(type) {
	case orb.LineString:
		return orb.MultiLineString{g}
	case orb.MultiLineString:
		return g
	}
	return nil
}

// write writes the features as a gzipped FeatureCollection, coordinates
// rounded to 1e-5 degrees.
func write(out string, fs []feature) error {
	fc := geojson.NewFeatureCollection()
	for _, f := range fs {
		gf := geojson.NewFeature(round(f.geom))
		gf.Properties["kind"] = f.kind
		if f.name != "" {
			gf.Properties["name"] = f.name
		}
		gf.Properties["min_zoom"] = f.minZoom
		if f.from != "" {
			gf.Properties["valid_from"] = f.from
		}
		if f.to != "" {
			gf.Properties["valid_to"] = f.to
		}
		fc.Append(gf)
	}
	b, err := fc.MarshalJSON()
	if err != nil {
		return err
	}
	tmp := out + ".tmp"
	file, err := os.Create(tmp)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(file, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		file.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		file.Close()
		return err
	}
	if err := file.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

func round(g orb.Geometry) orb.Geometry {
	r := func(p orb.Point) orb.Point {
		return orb.Point{float64(int64(p[0]*1e5+0.5*sign(p[0]))) / 1e5, float64(int64(p[1]*1e5+0.5*sign(p[1]))) / 1e5}
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			for _, ring := range p {
				rr := make(orb.Ring, len(ring))
				for k, q := range ring {
					rr[k] = r(q)
				}
				out[i] = append(out[i], rr)
			}
		}
		return out
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, l := range g {
			ll := make(orb.LineString, len(l))
			for k, q := range l {
				ll[k] = r(q)
			}
			out[i] = ll
		}
		return out
	}
	return g
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}
