package deepstate

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/geo"
	"github.com/paulmach/orb"
)

type dsFeature struct {
	Type       string `json:"type"`
	Properties struct {
		Name any `json:"name"`
	} `json:"properties"`
	Geometry *dsGeometry `json:"geometry"`
}

type dsGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
	Geometries  []dsGeometry    `json:"geometries"`
}

// polygon is one polygonal feature of a snapshot.
type polygon struct {
	Feature  int // its index among the file's features
	Name     string
	Geometry orb.MultiPolygon
}

// parseFile reads the polygonal features of one snapshot file: a
// Polygon, a MultiPolygon or the polygons of a GeometryCollection; Points
// and lines are skipped. Broken JSON and broken polygons are problems; a
// shape past a geometry budget (geojson.CheckShape, MaxImportVertices) is
// a *geo.LimitError.
func parseFile(name string, body []byte) ([]polygon, []geo.Problem, error) {
	base := geo.Cut(path.Base(name), 100)
	var fc struct {
		Type     string      `json:"type"`
		Features []dsFeature `json:"features"`
	}
	if err := json.Unmarshal(body, &fc); err != nil {
		return nil, []geo.Problem{{What: base, Why: "broken JSON: " + geo.Cut(err.Error(), 200)}}, nil
	}
	if fc.Type != "FeatureCollection" {
		return nil, []geo.Problem{{What: base, Why: fmt.Sprintf("type %s: want FeatureCollection", geo.Echo(fc.Type))}}, nil
	}
	var out []polygon
	var ps []geo.Problem
	var tally geojson.Tally
	for i, f := range fc.Features {
		if f.Geometry == nil {
			continue
		}
		parts := []dsGeometry{*f.Geometry}
		if f.Geometry.Type == "GeometryCollection" {
			parts = f.Geometry.Geometries
		}
		var mp orb.MultiPolygon
		for _, g := range parts {
			if g.Type != "Polygon" && g.Type != "MultiPolygon" {
				continue
			}
			raw := make([]byte, 0, len(g.Coordinates)+40)
			raw = append(append(append(raw, `{"type":"`+g.Type+`","coordinates":`...), g.Coordinates...), '}')
			p, why := geojson.ParseGeometry(raw)
			if why != "" {
				ps = append(ps, geo.Problem{What: fmt.Sprintf("%s feature %d (%s)", base, i, geo.Echo(featureName(f))), Why: why})
				mp = nil
				break
			}
			mp = append(mp, p...)
		}
		if len(mp) == 0 {
			continue
		}
		if err := tally.Add(mp, fmt.Sprintf("%s feature %d", base, i), base); err != nil {
			return nil, nil, err
		}
		out = append(out, polygon{Feature: i, Name: featureName(f), Geometry: mp})
	}
	return out, ps, nil
}

func featureName(f dsFeature) string {
	s, _ := f.Properties.Name.(string)
	return s
}

// newFile is the file of job j, before it is read.
func newFile(j job) *file {
	t := time.Unix(j.stamp, 0).UTC()
	return &file{stamp: j.stamp, same: j.same, names: map[string]int{}, outside: map[string]int{}, dated: map[string]map[string][]date{},
		snap: Snapshot{Day: j.day, File: path.Base(j.name), Published: t, Digest: j.sum,
			Shapes: map[string]orb.MultiPolygon{}, Liberated: map[string][][2]geo.Day{}}}
}

// count counts a polygonal feature of f named name, and returns its class.
func (f *file) count(name string) Class {
	f.snap.Polygons++
	f.names[name]++
	class := Classify(name)
	if class == Skip {
		f.snap.Skipped++
	}
	return class
}

// date notes the days the name of a liberated polygon of region gives.
func (f *file) date(region, name string, dates []date) {
	if len(dates) == 0 {
		return
	}
	if f.dated[region] == nil {
		f.dated[region] = map[string][]date{}
	}
	f.dated[region][name] = dates
}

// parse reads one file and unites its polygons per region.
func (rd *reader) parse(ctx context.Context, j job) (*file, error) {
	f := newFile(j)
	polys, ps, err := parseFile(j.name, j.body)
	if err != nil {
		return nil, err
	}
	f.problems = ps
	parts := map[string][]orb.MultiPolygon{}
	cross := map[Class]*crossing{Contested: {}, Liberated: {}}
	for _, p := range polys {
		class := f.count(p.Name)
		if class != Occupied && class != Contested && class != Liberated {
			continue
		}
		geom, outside := inTheatre(rd.valid(f, p.Feature, p.Name, p.Geometry))
		if outside > 0 {
			f.outside[p.Name] += outside
		}
		rd.placeAll(f, parts, cross[class], class, p.Name, geom)
	}
	if err := rd.crossAll(ctx, f, parts, cross); err != nil {
		return nil, err
	}
	if err := rd.unitePer(ctx, f, parts); err != nil {
		return nil, err
	}
	return f, nil
}

// placeAll adds the polygons of a feature named name, of class c, to the
// parts of each region they belong to (place) and to cross, and notes the
// days the names of ground Ukraine took back give.
func (rd *reader) placeAll(f *file, parts map[string][]orb.MultiPolygon, cross *crossing, c Class, name string, mp orb.MultiPolygon) {
	var dates []date
	if c == Liberated {
		dates = datesOf(name)
	}
	note := func(region string) {
		if len(dates) > 0 {
			if f.dated[region] == nil {
				f.dated[region] = map[string][]date{}
			}
			f.dated[region][name] = dates
		}
	}
	for _, poly := range mp {
		byRegion, anchored := rd.place(c, poly, cross)
		for region, part := range byRegion {
			parts[region] = append(parts[region], part)
			note(region)
		}
		if anchored && c == Liberated {
			note(UAInRussia)
		}
	}
}

// crossAll adds the ground across the border of each class (across) to
// its region: the grey zone's to the grey zone, ground Ukraine took back to
// UAInRussia.
func (rd *reader) crossAll(ctx context.Context, f *file, parts map[string][]orb.MultiPolygon, cross map[Class]*crossing) error {
	for c, region := range map[Class]string{Contested: ContestedRegion, Liberated: UAInRussia} {
		g, err := rd.across(ctx, *cross[c])
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			f.problems = append(f.problems, geo.Problem{What: f.snap.File, Why: fmt.Sprintf("ground across the border of the %s polygons: %v", region, err)})
			continue
		}
		if len(g) > 0 {
			parts[region] = append(parts[region], g)
		}
	}
	return nil
}

// unitePer sets the day's shape of each region: the union of its parts,
// made once for the same polygons; a union that fails is a problem.
func (rd *reader) unitePer(ctx context.Context, f *file, parts map[string][]orb.MultiPolygon) error {
	for region, mps := range parts {
		key := shapesKey(mps)
		if g, ok := rd.united(key); ok {
			f.snap.Shapes[region] = g
			continue
		}
		u, err := rd.steps.union(ctx, mps)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			f.problems = append(f.problems, geo.Problem{What: f.snap.File, Why: fmt.Sprintf("union of the %s polygons: %v", region, err)})
			continue
		}
		g := geojson.Round(u)
		if len(g) == 0 {
			continue
		}
		// The rule every import follows: rounding may make a union cross
		// itself, which is repaired (once per shape: unite remembers it).
		rp, err := geo.Repair(g)
		if err != nil {
			f.problems = append(f.problems, geo.Problem{What: f.snap.File, Why: fmt.Sprintf("the %s shape: %v", region, err)})
			continue
		}
		rd.repaired(rp)
		g = rd.share(rp.Shape)
		rd.unite(key, g)
		f.snap.Shapes[region] = g
	}
	return nil
}

// liberatedOn sets the days the names of f's liberated polygons give,
// dates without a year taken in the year of the first snapshot that
// carries them (seen, filled in day by day).
func (f *file) liberatedOn(seen map[string]geo.Day) {
	for region, names := range f.dated {
		set := map[[2]geo.Day]bool{}
		for _, dates := range names {
			var first, last geo.Day
			for _, dt := range dates {
				if _, ok := seen[dt.key()]; !ok && dt.y == 0 {
					seen[dt.key()] = f.snap.Day
				}
				day, ok := dt.day(seen[dt.key()])
				if !ok {
					continue
				}
				if first == 0 || day < first {
					first = day
				}
				if day > last {
					last = day
				}
			}
			if first != 0 {
				set[[2]geo.Day{first, last}] = true
			}
		}
		for sp := range set {
			f.snap.Liberated[region] = append(f.snap.Liberated[region], sp)
		}
		sort.Slice(f.snap.Liberated[region], func(a, b int) bool {
			x, y := f.snap.Liberated[region][a], f.snap.Liberated[region][b]
			return x[0] < y[0] || x[0] == y[0] && x[1] < y[1]
		})
	}
}

// source is the source text of a region's version that starts with this
// snapshot: the file and when it was published, and for ground Ukraine
// took back the days its names give.
func (sn Snapshot) source(prefix, region string) string {
	s := fmt.Sprintf("DeepStateMap %s, published %s UTC", sn.File, sn.Published.Format("2006-01-02 15:04"))
	if prefix != "" {
		s = prefix + "; " + s
	}
	if spans := sn.Liberated[region]; len(spans) > 0 {
		var b strings.Builder
		b.WriteString(s + "; liberated on (by the names) ")
		for i, sp := range spans {
			if i > 0 {
				b.WriteString(", ")
			}
			if b.Len() > 900 {
				fmt.Fprintf(&b, "and %d more", len(spans)-i)
				break
			}
			b.WriteString(sp[0].String())
			if sp[1] != sp[0] {
				b.WriteString(".." + sp[1].String())
			}
		}
		s = b.String()
	}
	return s
}
