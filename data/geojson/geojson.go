// Package geojson reads GeoJSON FeatureCollections of polygons into
// validated features and versions (geo.Version): bytes in, domain values
// out, with no SQL and no HTTP. The other readers (series, deepstate) read
// their GeoJSON through it, within its Limits.
package geojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

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

// Read reads a GeoJSON FeatureCollection (or a single Feature) from r as a
// stream: its features are decoded one at a time, so that memory holds the
// parsed shapes but never the whole text. Features with bad geometry are
// problems added to ps, each naming the feature (prefixed with name) and
// the reason; broken JSON, or JSON that is not GeoJSON, is a
// *geo.ValidationError; a shape past a geometry budget (MaxRingVertices
// and the others), or an error of r that is a rejection, is a
// *geo.LimitError; other errors of r are wrapped.
func Read(r io.Reader, name string, ps *geo.Problems) ([]Feature, error) {
	d := &decoder{name: name, ps: ps, lr: &lineReader{r: &spaceReader{r: r}}, single: map[string]json.RawMessage{}}
	d.dec = json.NewDecoder(d.lr)
	if err := d.object(); err != nil {
		return nil, d.broken(err)
	}
	switch d.typ {
	case "FeatureCollection":
		return d.out, nil
	case "Feature":
		d.single["type"] = json.RawMessage(`"Feature"`)
		raw, err := json.Marshal(d.single)
		if err != nil {
			return nil, err
		}
		f, why := parseFeature(raw, name+" feature 0")
		if why != "" {
			ps.Add(f.Name, "%s", why)
			return nil, nil
		}
		if err := d.tally.Add(f.Geometry, f.Name, name); err != nil {
			return nil, err
		}
		return []Feature{f}, nil
	}
	return nil, geo.Reject(name, fmt.Sprintf("type %s: want FeatureCollection or Feature", geo.Echo(d.typ)))
}

// decoder is the state of one Read.
type decoder struct {
	name   string
	ps     *geo.Problems
	lr     *lineReader
	dec    *json.Decoder
	typ    string
	out    []Feature
	single map[string]json.RawMessage // the members of a lone Feature
	n      int                        // features seen
	tally  Tally                      // vertices against the geometry budgets
}

// broken is the error Read returns for err: rejections as they are,
// broken JSON a rejection naming where, other errors wrapped.
func (d *decoder) broken(err error) error {
	var ve *geo.ValidationError
	var le *geo.LimitError
	switch {
	case errors.As(err, &ve), errors.As(err, &le), errors.Is(err, geo.ErrInvalid), errors.Is(err, geo.ErrTooLarge):
		return err
	case isJSONError(err), err == io.EOF, err == io.ErrUnexpectedEOF:
		return geo.Reject(d.name, "broken JSON: "+d.lr.where(err))
	}
	return fmt.Errorf("read %s: %w", d.name, err)
}

// object reads the one JSON object of the input, member by member.
func (d *decoder) object() error {
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return geo.Reject(d.name, "not a GeoJSON object")
	}
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			err = d.dec.Decode(&d.typ)
		case "features":
			err = d.features()
		case "id", "properties", "geometry":
			var raw json.RawMessage
			err = d.dec.Decode(&raw)
			d.single[key] = raw
		default:
			err = skipValue(d.dec)
		}
		if err != nil {
			return err
		}
	}
	if _, err := d.dec.Token(); err != nil { // the closing brace
		return err
	}
	if _, err := d.dec.Token(); err != io.EOF {
		if err == nil {
			return geo.Reject(d.name, "broken JSON: data after the GeoJSON object")
		}
		return err
	}
	return nil
}

// features reads the features array, one feature at a time.
func (d *decoder) features() error {
	if tok, err := d.dec.Token(); err != nil {
		return err
	} else if tok != json.Delim('[') {
		return geo.Reject(d.name, "features is not an array")
	}
	for d.dec.More() {
		var raw json.RawMessage
		if err := d.dec.Decode(&raw); err != nil {
			return err
		}
		f, why := parseFeature(raw, fmt.Sprintf("%s feature %d", d.name, d.n))
		d.n++
		if why != "" {
			d.ps.Add(f.Name, "%s", why)
			continue
		}
		if err := d.tally.Add(f.Geometry, f.Name, d.name); err != nil {
			return err
		}
		d.out = append(d.out, f)
	}
	_, err := d.dec.Token()
	return err
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
		return f, "not a feature: " + geo.Cut(err.Error(), 200)
	}
	if rf.ID != nil {
		f.Name += " (id " + geo.Cut(fmt.Sprint(rf.ID), 64) + ")"
	} else if reg, ok := rf.Properties["region"].(string); ok {
		f.Name += " (region " + geo.Cut(reg, 64) + ")"
	}
	if rf.Type != "Feature" {
		return f, fmt.Sprintf("type %s: want Feature", geo.Echo(rf.Type))
	}
	f.Props = rf.Properties
	if f.Props == nil {
		f.Props = map[string]any{}
	}
	mp, why := ParseGeometry(rf.Geometry)
	f.Geometry = mp
	return f, why
}

// ParseGeometry decodes a GeoJSON Polygon or MultiPolygon geometry object,
// checking every ring: at least 4 positions, closed, finite [lon, lat] in
// range. The shape is rounded and wound as Round does. A geometry that is
// none of this returns the reason why, and no shape.
func ParseGeometry(raw json.RawMessage) (orb.MultiPolygon, string) {
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
	mp = Round(mp)
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
