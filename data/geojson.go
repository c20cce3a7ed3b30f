package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"frontline/geo"

	"github.com/paulmach/orb"
)

// Feature is one parsed GeoJSON feature with polygonal geometry.
type Feature struct {
	Name     string // how errors name it: `file.geojson feature 3 (id "x")`
	Props    map[string]any
	Geometry orb.MultiPolygon
}

type rawFeature struct {
	Type       string          `json:"type"`
	ID         any             `json:"id"`
	Properties map[string]any  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

type rawGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// ParseFeatures reads a GeoJSON FeatureCollection (or a single Feature) from
// r. Broken JSON is an error; features with bad geometry are reported as
// problems, each naming the feature (prefixed with name) and the reason.
func ParseFeatures(r io.Reader, name string) ([]Feature, []Problem, error) {
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("data: read %s: %w", name, err)
	}
	var top struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(body, &top); err != nil {
		return nil, nil, &ValidationError{Problems: []Problem{{What: name, Why: "broken JSON: " + jsonErrorAt(body, err)}}}
	}
	raws := top.Features
	switch top.Type {
	case "FeatureCollection":
	case "Feature":
		raws = []json.RawMessage{body}
	default:
		return nil, nil, &ValidationError{Problems: []Problem{{What: name, Why: fmt.Sprintf("type %q: want FeatureCollection or Feature", top.Type)}}}
	}
	var out []Feature
	var ps problems
	for i, raw := range raws {
		f, why := parseFeature(raw, fmt.Sprintf("%s feature %d", name, i))
		if why != "" {
			ps.add(f.Name, "%s", why)
			continue
		}
		out = append(out, f)
	}
	return out, ps, nil
}

func parseFeature(raw json.RawMessage, name string) (Feature, string) {
	f := Feature{Name: name}
	var rf rawFeature
	if err := json.Unmarshal(raw, &rf); err != nil {
		return f, "not a feature: " + err.Error()
	}
	if rf.ID != nil {
		f.Name += fmt.Sprintf(" (id %v)", rf.ID)
	} else if reg, ok := rf.Properties["region"].(string); ok {
		f.Name += fmt.Sprintf(" (region %s)", reg)
	}
	if rf.Type != "Feature" {
		return f, fmt.Sprintf("type %q: want Feature", rf.Type)
	}
	f.Props = rf.Properties
	if f.Props == nil {
		f.Props = map[string]any{}
	}
	mp, why := parseGeometry(rf.Geometry)
	f.Geometry = mp
	return f, why
}

// parseGeometry decodes a Polygon or MultiPolygon, checking every ring:
// at least 4 positions, closed, finite lon/lat in range. Winding is repaired.
func parseGeometry(raw json.RawMessage) (orb.MultiPolygon, string) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, "no geometry"
	}
	var g rawGeometry
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, "bad geometry: " + err.Error()
	}
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return nil, "bad Polygon coordinates: " + shortJSONErr(err)
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return nil, "bad MultiPolygon coordinates: " + shortJSONErr(err)
		}
	default:
		return nil, fmt.Sprintf("geometry type %q: want Polygon or MultiPolygon", g.Type)
	}
	if len(polys) == 0 {
		return nil, "empty geometry"
	}
	mp := make(orb.MultiPolygon, 0, len(polys))
	for pi, p := range polys {
		if len(p) == 0 {
			return nil, fmt.Sprintf("polygon %d has no rings", pi)
		}
		poly := make(orb.Polygon, 0, len(p))
		for ri, r := range p {
			ring, why := parseRing(r)
			if why != "" {
				return nil, fmt.Sprintf("polygon %d ring %d: %s", pi, ri, why)
			}
			poly = append(poly, ring)
		}
		mp = append(mp, poly)
	}
	mp = roundGeom(mp)
	if len(mp) == 0 {
		return nil, "geometry has no area"
	}
	return mp, ""
}

func parseRing(r [][]float64) (orb.Ring, string) {
	if len(r) < 4 {
		return nil, fmt.Sprintf("%d positions: a ring needs at least 4", len(r))
	}
	ring := make(orb.Ring, len(r))
	for i, pos := range r {
		if len(pos) < 2 {
			return nil, fmt.Sprintf("position %d has %d numbers: want [lon, lat]", i, len(pos))
		}
		lon, lat := pos[0], pos[1]
		if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
			return nil, fmt.Sprintf("position %d is not finite", i)
		}
		if lon < -180 || lon > 180 || lat < -90 || lat > 90 {
			return nil, fmt.Sprintf("position %d [%g, %g] is out of range (lon -180..180, lat -90..90)", i, lon, lat)
		}
		ring[i] = orb.Point{lon, lat}
	}
	if ring[0] != ring[len(ring)-1] {
		return nil, fmt.Sprintf("not closed: first position %v differs from last %v", ring[0], ring[len(ring)-1])
	}
	return ring, ""
}

func shortJSONErr(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("a %s where an array of numbers belongs", te.Value)
	}
	return err.Error()
}

// jsonErrorAt names the line and column of a JSON syntax error.
func jsonErrorAt(body []byte, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err.Error()
	}
	before := string(body[:min(int(se.Offset), len(body))])
	line := strings.Count(before, "\n") + 1
	col := len(before) - strings.LastIndex(before, "\n")
	return fmt.Sprintf("line %d column %d: %v", line, col, se)
}

// featureVersion turns a feature's properties into a version; missing
// region, side and status come from def.
func featureVersion(f Feature, def ImportConfig) (geo.Version, string) {
	v := geo.Version{Geometry: f.Geometry, Dataset: def.Dataset}
	var why []string
	str := func(k string) string {
		s, _ := f.Props[k].(string)
		return strings.TrimSpace(s)
	}
	v.Region = firstNonEmpty(str("region"), def.Region)
	if v.Region == "" {
		why = append(why, "no region (property \"region\" or --region)")
	} else if !ValidSlug(v.Region) {
		why = append(why, fmt.Sprintf("bad region slug %q", v.Region))
	}
	var err error
	if s := str("side"); s != "" {
		if v.Side, err = geo.ParseSide(s); err != nil {
			why = append(why, strings.TrimPrefix(err.Error(), "geo: "))
		}
	} else if v.Side = def.Side; v.Side == geo.SideNone {
		why = append(why, "no side (property \"side\" or --side)")
	}
	if s := str("status"); s != "" {
		if v.Status, err = geo.ParseStatus(s); err != nil {
			why = append(why, strings.TrimPrefix(err.Error(), "geo: "))
		}
	} else if v.Status = def.Status; v.Status == geo.StatusNone {
		why = append(why, "no status (property \"status\" or --status)")
	}
	v.Valid.To = geo.Forever
	if s := firstNonEmpty(str("valid_from"), str("day"), str("date")); s != "" {
		if v.Valid.From, err = geo.ParseDay(s); err != nil {
			why = append(why, "valid_from: "+strings.TrimPrefix(err.Error(), "geo: "))
		}
	} else {
		why = append(why, "no valid_from")
	}
	if s := str("valid_to"); s != "" {
		if v.Valid.To, err = geo.ParseDay(s); err != nil {
			why = append(why, "valid_to: "+strings.TrimPrefix(err.Error(), "geo: "))
		} else if !v.Valid.Valid() {
			why = append(why, fmt.Sprintf("valid_to %s is not after valid_from %s", v.Valid.To, v.Valid.From))
		}
	}
	v.Source = firstNonEmpty(str("source"), def.Source)
	return v, strings.Join(why, "; ")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
