package picture

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/draw"

	"github.com/paulmach/orb"
)

// Figures are the numbers a picture shows, in km² on the WGS84 ellipsoid
// (geo.AreaKm2, as /api/stats measures).
type Figures struct {
	Day geo.Day `json:"day"`
	// AsOf is the dataset's last observed day when Day lies after it: the
	// map and figures are those of that day (geo.Dataset.AsOf).
	AsOf geo.Day   `json:"as_of,omitempty"`
	BBox []float64 `json:"bbox"` // the map: minlon, minlat, maxlon, maxlat
	// Observed is false for a day before the dataset's first observed
	// day: the map is empty for want of data, not free of occupation.
	Observed bool `json:"observed"`
	// InView is the ground held across the line (occupied, and held by
	// Ukraine in Russia) and the ground contested, inside the map's
	// rectangle; ground retaken by its owner is not counted.
	InView []HeldArea `json:"in_view"`
	// Stats are the figures of /api/stats at Day, when the map shows all
	// of Ukraine (the reference of their shares).
	Stats *geo.Stats `json:"stats,omitempty"`
	// Changes are a diff's areas gained and lost per side since From,
	// inside the map's rectangle.
	From    geo.Day      `json:"from,omitempty"`
	Changes []geo.Change `json:"changes,omitempty"`
}

// HeldArea is an area of one kind in view: Side's occupied ground (the
// Russian-occupied, or Ukrainian-held in Russia), or, with Side none,
// the ground contested by either side or by neither.
type HeldArea struct {
	Side   geo.Side   `json:"side"`
	Status geo.Status `json:"status"` // occupied or contested
	Km2    float64    `json:"km2"`
}

// Label names the area as the legend does: "Russian-occupied",
// "Ukrainian-held in Russia", "contested".
func (a HeldArea) Label() string {
	if a.Status == geo.StatusContested {
		return "contested"
	}
	return controlLabel(draw.ControlKey{Side: a.Side, Status: a.Status})
}

// heldKinds are the kinds of ground a picture's figures count, in order.
var heldKinds = []HeldArea{
	{Side: geo.SideRU, Status: geo.StatusOccupied},
	{Side: geo.SideUA, Status: geo.StatusOccupied},
	{Side: geo.SideNone, Status: geo.StatusContested},
}

// counts reports whether version v is of the kind k.
func (k HeldArea) counts(v geo.Version) bool {
	if k.Status == geo.StatusContested {
		return v.Status == geo.StatusContested
	}
	return v.Side == k.Side && v.Status == k.Status
}

// rectShape is a [lon, lat] rectangle as a polygon (Web Mercator maps a
// lon/lat rectangle to a rectangle, so this is the map's exact area).
func rectShape(b orb.Bound) orb.MultiPolygon {
	return orb.MultiPolygon{{{b.Min, {b.Max[0], b.Min[1]}, b.Max, {b.Min[0], b.Max[1]}, b.Min}}}
}

// heldInView measures each kind of heldKinds, the union of its versions,
// inside rect; kinds with no version are left out. ctx is checked between
// the overlay steps.
func heldInView(ctx context.Context, vs []geo.Version, rect orb.MultiPolygon) ([]HeldArea, error) {
	var out []HeldArea
	for _, k := range heldKinds {
		var parts []orb.MultiPolygon
		for _, v := range vs {
			if k.counts(v) {
				parts = append(parts, v.Geometry)
			}
		}
		if len(parts) == 0 {
			continue
		}
		held := parts[0]
		if len(parts) > 1 {
			var err error
			if held, err = geo.UnionContext(ctx, parts...); err != nil {
				return nil, fmt.Errorf("tiles: %s: %w", k.Label(), err)
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		in, err := insideRect(held, rect)
		if err != nil {
			return nil, fmt.Errorf("tiles: %s in view: %w", k.Label(), err)
		}
		k.Km2 = geo.AreaKm2(in)
		out = append(out, k)
	}
	return out, nil
}

// heldInView is heldInView remembered in the body cache: overlay is the
// costly part of a picture, and a version never changes once written, so
// the ids of the versions and the rectangle name the result.
func (s *Renderer) heldInView(ctx context.Context, vs []geo.Version, rect orb.MultiPolygon) ([]HeldArea, error) {
	h := sha256.New()
	b := rect.Bound()
	fmt.Fprintf(h, "held/2|%.12g,%.12g,%.12g,%.12g|", b.Min[0], b.Min[1], b.Max[0], b.Max[1])
	var buf []byte
	for _, v := range vs {
		buf = binary.AppendVarint(buf, v.ID)
	}
	h.Write(buf)
	key := "figures/" + hex.EncodeToString(h.Sum(nil)[:16])
	const n = 10 // side, status, km² as float64 bits
	if body, ok := s.cache.Get(key); ok && len(body)%n == 0 {
		out := make([]HeldArea, len(body)/n)
		for i := range out {
			b := body[n*i:]
			out[i] = HeldArea{Side: geo.Side(b[0]), Status: geo.Status(b[1]), Km2: math.Float64frombits(binary.LittleEndian.Uint64(b[2:]))}
		}
		return out, nil
	}
	out, err := heldInView(ctx, vs, rect)
	if err != nil {
		return nil, err
	}
	body := make([]byte, 0, n*len(out))
	for _, a := range out {
		body = binary.LittleEndian.AppendUint64(append(body, byte(a.Side), byte(a.Status)), math.Float64bits(a.Km2))
	}
	s.cache.Put(key, body)
	return out, nil
}

// insideRect is mp ∩ rect, skipping the overlay when mp lies inside.
func insideRect(mp, rect orb.MultiPolygon) (orb.MultiPolygon, error) {
	rb, b := rect.Bound(), mp.Bound()
	if rb.Contains(b.Min) && rb.Contains(b.Max) {
		return mp, nil
	}
	return geo.Intersection(mp, rect)
}

// figures measures what a frame shows: held areas in View, the stats of
// the day when the map shows all of Ukraine, and a diff's changes (which
// a diff draws). A picture without figures (Request.NoFigures) measures
// only what it draws.
func (s *Renderer) figures(ctx context.Context, p *Plan, fr *frameData) (Figures, error) {
	b := p.mv.bound()
	f := Figures{Day: fr.day, AsOf: fr.asOf, Observed: p.meta.Observed(fr.day), BBox: []float64{round6(b.Min[0]), round6(b.Min[1]), round6(b.Max[0]), round6(b.Max[1])}}
	rect := rectShape(b)
	var err error
	if !p.req.NoFigures {
		if f.InView, err = s.heldInView(ctx, fr.versions, rect); err != nil {
			return f, err
		}
	}
	if p.withStats && !p.req.NoFigures {
		st, err := s.store.Stats(ctx, p.dataset, fr.day)
		if err != nil {
			return f, err
		}
		f.Stats = &st
	}
	if p.req.Kind == KindDiff {
		f.From = p.from
		if f.Changes, err = geo.Diff(ctx, fr.before, fr.versions, geo.Reference{Shape: rect}); err != nil {
			return f, fmt.Errorf("tiles: diff in view: %w", err)
		}
	}
	return f, nil
}

// sideName is a side as a legend writes it.
func sideName(s geo.Side) string {
	switch s {
	case geo.SideRU:
		return "Russia"
	case geo.SideUA:
		return "Ukraine"
	}
	return s.String()
}

// controlLabel names a side and status in the legend, as the web app does.
func controlLabel(k draw.ControlKey) string {
	switch k {
	case draw.ControlKey{Side: geo.SideRU, Status: geo.StatusOccupied}:
		return "Russian-occupied"
	case draw.ControlKey{Side: geo.SideUA, Status: geo.StatusOccupied}:
		return "Ukrainian-held in Russia"
	case draw.ControlKey{Side: geo.SideRU, Status: geo.StatusContested}:
		return "Contested, Russian advance"
	case draw.ControlKey{Side: geo.SideUA, Status: geo.StatusContested}:
		return "Contested, Ukrainian advance"
	case draw.ControlKey{Side: geo.SideNone, Status: geo.StatusContested}:
		return "Contested (grey zone)"
	case draw.ControlKey{Side: geo.SideRU, Status: geo.StatusLiberated}:
		return "Retaken by Russia"
	case draw.ControlKey{Side: geo.SideUA, Status: geo.StatusLiberated}:
		return "Liberated by Ukraine"
	case draw.ControlKey{Side: geo.SideRU, Status: geo.StatusClaimed}:
		return "Claimed by Russia (annexation)"
	case draw.ControlKey{Side: geo.SideUA, Status: geo.StatusClaimed}:
		return "Claimed by Ukraine"
	}
	return k.Side.String() + " " + k.Status.String()
}

// km2 formats an area: "112,140 km²", "12.5 km²", "<0.1 km²".
func km2(v float64) string {
	switch {
	case v >= 99.5:
		return thousands(int64(math.Round(v))) + " km²"
	case v >= 0.05:
		return fmt.Sprintf("%.1f km²", v)
	case v > 0:
		return "<0.1 km²"
	}
	return "0 km²"
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// shortSource shortens a version's source for the attribution line: its
// first clause, at most 48 characters; a file name loses its extension and
// date ("deepstatemap_data_20250120.geojson" is "Deepstatemap data"), and
// a file named by the Unix time of its publication is told by its day
// ("DeepStateMap 1724112000.geojson, published ..." is "DeepStateMap, 20
// Aug 2024").
func shortSource(src string) string {
	s := strings.TrimSpace(src)
	if s != "" && !strings.ContainsAny(s, " \t") {
		s = strings.TrimSuffix(s, path.Ext(s))
		s = strings.TrimRight(s, "0123456789_-.")
		s = strings.NewReplacer("_", " ", "-", " ").Replace(s)
	}
	for _, sep := range []string{";", ": ", " (", ", "} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	s = publishedDay(s)
	if r := []rune(s); len(r) > 48 {
		s = string(r[:47])
		if i := strings.LastIndexByte(s, ' '); i > 24 {
			s = s[:i]
		}
		s += "…"
	}
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return ""
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// publishedDay tells a clause "NAME FILE", whose FILE is named by a Unix
// time (DeepStateMap's files: 1724112000.geojson), as "NAME, 20 Aug 2024"
// (the UTC day); any other clause is returned as it is.
func publishedDay(s string) string {
	i := strings.LastIndexByte(s, ' ')
	if i <= 0 {
		return s
	}
	name, file := strings.TrimSpace(s[:i]), s[i+1:]
	stem := strings.TrimSuffix(file, path.Ext(file))
	if stem == file || len(stem) < 9 || len(stem) > 11 || strings.Trim(stem, "0123456789") != "" {
		return s
	}
	secs, err := strconv.ParseInt(stem, 10, 64)
	if err != nil {
		return s
	}
	return name + ", " + shortDay(geo.DayOf(time.Unix(secs, 0)))
}

// sources lists the shortened sources of versions, each once, in order.
func sources(vss ...[]geo.Version) []string {
	seen := map[string]bool{}
	var out []string
	for _, vs := range vss {
		for _, v := range vs {
			if s := shortSource(v.Source); s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}
