package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/frontline-map/frontline/geo"

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
	var ps problems
	feats, err := parseFeatures(r, name, &ps)
	return feats, ps.list, err
}

// parseFeatures reads GeoJSON as a stream: a FeatureCollection's features
// are decoded one at a time, so that memory holds the parsed shapes but
// never the whole text.
func parseFeatures(r io.Reader, name string, ps *problems) ([]Feature, error) {
	lr := &lineReader{r: r}
	dec := json.NewDecoder(lr)
	broken := func(err error) error {
		var ve *ValidationError
		var le *LimitError
		switch {
		case errors.As(err, &ve), errors.As(err, &le), errors.Is(err, geo.ErrInvalid), errors.Is(err, geo.ErrTooLarge):
			return err
		case isJSONError(err), err == io.EOF, err == io.ErrUnexpectedEOF:
			return &ValidationError{Problems: []Problem{{What: name, Why: "broken JSON: " + lr.where(err)}}}
		}
		return fmt.Errorf("read %s: %w", name, err)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, broken(err)
	}
	if tok != json.Delim('{') {
		return nil, &ValidationError{Problems: []Problem{{What: name, Why: "not a GeoJSON object"}}}
	}
	var typ string
	var out []Feature
	single := map[string]json.RawMessage{} // the members of a lone Feature
	n := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, broken(err)
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			if err := dec.Decode(&typ); err != nil {
				return nil, broken(err)
			}
		case "features":
			if tok, err := dec.Token(); err != nil {
				return nil, broken(err)
			} else if tok != json.Delim('[') {
				return nil, &ValidationError{Problems: []Problem{{What: name, Why: "features is not an array"}}}
			}
			for dec.More() {
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return nil, broken(err)
				}
				f, why := parseFeature(raw, fmt.Sprintf("%s feature %d", name, n))
				n++
				if why != "" {
					ps.add(f.Name, "%s", why)
					continue
				}
				out = append(out, f)
			}
			if _, err := dec.Token(); err != nil {
				return nil, broken(err)
			}
		case "id", "properties", "geometry":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, broken(err)
			}
			single[key] = raw
		default:
			if err := skipValue(dec); err != nil {
				return nil, broken(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, broken(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = fmt.Errorf("data after the GeoJSON object")
			return nil, &ValidationError{Problems: []Problem{{What: name, Why: "broken JSON: " + err.Error()}}}
		}
		return nil, broken(err)
	}
	switch typ {
	case "FeatureCollection":
		return out, nil
	case "Feature":
		single["type"] = json.RawMessage(`"Feature"`)
		raw, err := json.Marshal(single)
		if err != nil {
			return nil, err
		}
		f, why := parseFeature(raw, name+" feature 0")
		if why != "" {
			ps.add(f.Name, "%s", why)
			return nil, nil
		}
		return []Feature{f}, nil
	}
	return nil, &ValidationError{Problems: []Problem{{What: name, Why: fmt.Sprintf("type %s: want FeatureCollection or Feature", geo.Echo(typ))}}}
}

// skipValue reads past one JSON value token by token, holding none of it.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

func isJSONError(err error) bool {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	return errors.As(err, &se) || errors.As(err, &te)
}

// lineReader counts lines as a JSON decoder reads, keeping the last bytes
// read, so that a syntax error's offset can be named by line and column.
type lineReader struct {
	r         io.Reader
	tail      []byte // the last bytes read
	tailStart int64  // offset of tail[0]
	lines     int    // newlines before tailStart
}

const lineTail = 64 << 10

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.tail = append(l.tail, p[:n]...)
	if len(l.tail) > 2*lineTail {
		drop := len(l.tail) - lineTail
		l.lines += bytes.Count(l.tail[:drop], []byte{'\n'})
		l.tail = append(l.tail[:0], l.tail[drop:]...)
		l.tailStart += int64(drop)
	}
	return n, err
}

// where describes a decoding error with its line and column when known.
func (l *lineReader) where(err error) string {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return "unexpected end of input"
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) || se.Offset < l.tailStart || se.Offset-l.tailStart > int64(len(l.tail)) {
		return err.Error()
	}
	before := l.tail[:se.Offset-l.tailStart]
	line := l.lines + bytes.Count(before, []byte{'\n'}) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d column %d: %v", line, col, se)
}

func parseFeature(raw json.RawMessage, name string) (Feature, string) {
	f := Feature{Name: name}
	var rf rawFeature
	if err := json.Unmarshal(raw, &rf); err != nil {
		return f, "not a feature: " + capText(err.Error(), 200)
	}
	if rf.ID != nil {
		f.Name += " (id " + capText(fmt.Sprint(rf.ID), 64) + ")"
	} else if reg, ok := rf.Properties["region"].(string); ok {
		f.Name += " (region " + capText(reg, 64) + ")"
	}
	if rf.Type != "Feature" {
		return f, fmt.Sprintf("type %s: want Feature", geo.Echo(rf.Type))
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
		return nil, fmt.Sprintf("geometry type %s: want Polygon or MultiPolygon", geo.Echo(g.Type))
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
		why = append(why, "bad region slug "+geo.Echo(v.Region))
	}
	var err error
	if s := str("side"); s != "" {
		if v.Side, err = geo.ParseSide(s); err != nil {
			why = append(why, err.Error())
		}
	} else if v.Side = def.Side; v.Side == geo.SideNone {
		why = append(why, "no side (property \"side\" or --side)")
	}
	if s := str("status"); s != "" {
		if v.Status, err = geo.ParseStatus(s); err != nil {
			why = append(why, err.Error())
		}
	} else if v.Status = def.Status; v.Status == geo.StatusNone {
		why = append(why, "no status (property \"status\" or --status)")
	}
	if v.Side == geo.SideNone && v.Status != geo.StatusNone && v.Status != geo.StatusContested && len(why) == 0 {
		why = append(why, fmt.Sprintf("side none is held by neither side: status contested only, not %s", v.Status))
	}
	v.Valid.To = geo.Forever
	if s := firstNonEmpty(str("valid_from"), str("day"), str("date")); s != "" {
		if v.Valid.From, err = geo.ParseDay(s); err != nil {
			why = append(why, "valid_from: "+err.Error())
		}
	} else {
		why = append(why, "no valid_from")
	}
	if s := str("valid_to"); s != "" {
		if v.Valid.To, err = geo.ParseDay(s); err != nil {
			why = append(why, "valid_to: "+err.Error())
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
