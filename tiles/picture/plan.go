package picture

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strings"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
)

// Plan is a picture request resolved against the store: the days, the
// dataset, the region's name, the fitted View and each frame's versions.
// Everything the picture shows follows from it (see Key).
type Plan struct {
	look      string // the Renderer's Version, draw.Version and style Key
	req       Request
	dataset   string
	meta      geo.Dataset // the dataset: its attribution, licence and observed range
	day, from geo.Day     // the (last) day, and the first day of a diff or timelapse
	latest    bool        // a day was given as latest
	name      string      // the region's name, or "Ukraine"
	title     string
	mv        mapView
	lay       layout
	withStats bool // the map shows all of Ukraine: draw /api/stats figures
	frames    []frameData
}

// frameData is what one frame draws.
type frameData struct {
	day      geo.Day
	asOf     geo.Day       // the last observed day, when day lies after it (geo.Dataset.AsOf)
	versions []geo.Version // on the map at day, in View (everywhere when withStats)
	before   []geo.Version // a diff's map at from, in View
}

// Plan resolves a request. Bad requests are geo.ErrInvalid; unknown
// regions or datasets are geo.ErrNotFound.
func (s *Renderer) Plan(ctx context.Context, req Request) (*Plan, error) {
	if err := req.normalize(); err != nil {
		return nil, err
	}
	p := &Plan{look: s.look, req: req}
	var err error
	if p.dataset, err = s.resolve.Dataset(ctx, req.Dataset); err != nil {
		return nil, err
	}
	if p.meta, err = s.store.Dataset(ctx, p.dataset); err != nil {
		return nil, err
	}
	if err := s.planDays(ctx, p); err != nil {
		return nil, err
	}
	p.lay = newLayout(req.Width, req.Height, req.Scale)
	if err := s.planView(ctx, p); err != nil {
		return nil, err
	}
	p.title = req.Title
	if p.title == "" {
		p.title = p.defaultTitle()
	}
	ua := ukraineBound(s.build.Base())
	b := p.mv.bound()
	p.withStats = b.Contains(ua.Min) && b.Contains(ua.Max)
	return p, s.planFrames(ctx, p)
}

// normalize fills in defaults for a request built in Go, and checks what
// ParseQuery checks of it.
func (req *Request) normalize() error {
	if req.Kind < KindSnapshot || req.Kind > KindTimelapse {
		return geo.Invalidf("unknown picture kind %d", req.Kind)
	}
	if req.Width == 0 && req.Height == 0 {
		req.Width, req.Height = DefaultWidth, DefaultHeight
	}
	req.Scale = max(req.Scale, 1)
	for _, side := range []struct {
		name string
		v    int
	}{{"width", req.Width}, {"height", req.Height}} {
		if side.v < MinSide || side.v > MaxSide {
			return geo.Invalidf("%s %d is out of range: want %d to %d", side.name, side.v, MinSide, MaxSide)
		}
	}
	if req.Scale > MaxScale {
		return geo.Invalidf("scale %d is out of range: want 1 to %d", req.Scale, MaxScale)
	}
	if req.Step == (Step{}) {
		req.Step = DefaultStep
	}
	if _, err := ParseStep(req.Step.String()); err != nil {
		return err
	}
	if err := checkTitle(req.Title); err != nil {
		return err
	}
	return req.checkPixels()
}

func (s *Renderer) planDays(ctx context.Context, p *Plan) error {
	day := func(name, v string) (geo.Day, error) {
		if v == "" {
			v = "latest"
		}
		d, latest, err := s.resolve.Day(ctx, p.dataset, v, name)
		p.latest = p.latest || latest
		return d, err
	}
	var err error
	if p.req.Kind == KindSnapshot {
		p.day, err = day("day", p.req.Day)
		p.from = p.day
		return err
	}
	if p.from, err = day("from", p.req.From); err != nil {
		return err
	}
	if p.day, err = day("to", p.req.To); err != nil {
		return err
	}
	if p.from > p.day {
		return geo.Invalidf("from %s is after to %s", p.from, p.day)
	}
	return nil
}

// planView fits the View into the map's part of the picture.
func (s *Renderer) planView(ctx context.Context, p *Plan) error {
	v := p.req.View
	w, h := p.lay.mapSize()
	p.name = "Ukraine"
	var err error
	switch {
	case v.Region != "":
		reg, err := s.store.Region(ctx, v.Region)
		if err != nil {
			return err
		}
		p.name = reg.Name
		b, err := s.regionExtent(ctx, p.dataset, v.Region)
		if err != nil {
			return err
		}
		return p.fitRegion(b, w, h)
	case v.BBox != orb.Bound{}:
		p.mv, err = fitBound(v.BBox, w, h, 0)
	case v.Zoom != 0 || v.Center != orb.Point{}:
		p.mv, err = centerView(v.Center, v.Zoom, w, h)
	default:
		p.mv, err = fitBound(ukraineBound(s.build.Base()), w, h, 0.02)
	}
	return err
}

// fitRegion fits a region's extent with a margin, but shows at least
// minRegionSpan of ground across the map's shorter side, so that a small
// region (the Kursk incursion) is seen among its towns and borders.
func (p *Plan) fitRegion(b orb.Bound, w, h int) error {
	mv, err := fitBound(b, w, h, fitMargin)
	if err != nil {
		return err
	}
	c := mv.center()
	if zmax := math.Log2(earthCircumference * math.Cos(c[1]*math.Pi/180) * float64(min(w, h)) / (256 * minRegionSpan)); mv.zoom > zmax {
		if mv, err = centerView(c, max(0, zmax), w, h); err != nil {
			return err
		}
	}
	p.mv = mv
	return nil
}

// minRegionSpan is the least ground (metres) a region's map spans.
const minRegionSpan = 160e3

// regionExtent is a region's outline's bound, or else the union of the
// bounds of its versions in a dataset.
func (s *Renderer) regionExtent(ctx context.Context, dataset, slug string) (orb.Bound, error) {
	if o, err := s.store.Outline(ctx, slug); err != nil {
		return orb.Bound{}, err
	} else if len(o) > 0 {
		return o.Bound(), nil
	}
	vs, err := s.store.History(ctx, dataset, slug)
	if err != nil {
		return orb.Bound{}, err
	}
	if len(vs) == 0 {
		return orb.Bound{}, fmt.Errorf("tiles: region %q has no outline and no versions in dataset %s: %w", slug, dataset, geo.ErrNotFound)
	}
	b := vs[0].Geometry.Bound()
	for _, v := range vs[1:] {
		b = b.Union(v.Geometry.Bound())
	}
	return b, nil
}

// ukraineExtent is Ukraine's bound (Natural Earth, Crimea included), for
// a basemap without Ukraine.
var ukraineExtent = orb.Bound{Min: orb.Point{22.14, 44.38}, Max: orb.Point{40.23, 52.38}}

// ukraineBound is the bound of Ukraine's country feature in the basemap.
func ukraineBound(base *tiles.Basemap) orb.Bound {
	for _, f := range base.Features {
		if f.Layer == geo.LayerCountry && f.ISO == "UA" && len(f.Geometry) > 0 {
			return f.Geometry.Bound()
		}
	}
	return ukraineExtent
}

// planFrames reads the versions of each frame.
func (s *Renderer) planFrames(ctx context.Context, p *Plan) error {
	days := []geo.Day{p.day}
	if p.req.Kind == KindTimelapse {
		var err error
		if days, err = s.timelapseDays(ctx, p); err != nil {
			return err
		}
	}
	b := p.mv.bound()
	if p.withStats {
		b = orb.Bound{} // the stats count everything: so does the key
	}
	for _, d := range days {
		fr := frameData{day: d, asOf: p.meta.AsOf(d)}
		var err error
		if fr.versions, err = s.store.VersionsAt(ctx, p.dataset, d, b); err != nil {
			return err
		}
		if p.req.Kind == KindDiff {
			if fr.before, err = s.store.VersionsAt(ctx, p.dataset, p.from, b); err != nil {
				return err
			}
		}
		p.frames = append(p.frames, fr)
	}
	return nil
}

// Key hashes everything that defines the picture: how it is drawn
// (Version, draw.Version and the style's Key), the kind, the dataset, its
// title, attribution and licence (the footer credits them) and first
// observed day (a stamp may say "no data before" it), the title, the View
// and size, whether figures are shown, and each frame's day, the day its
// map is as of (the stamp says so) and versions. A version never changes once written, so its id stands
// for its content.
func (p *Plan) Key() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%s|%q|%q|%q|%q|%q|%d|%.12g,%.12g,%.12g|%dx%d@%d|%s|%v|%v|%v|",
		p.look, p.req.Kind, p.dataset, p.meta.Title, p.meta.Attribution, p.meta.License, p.title, p.name, p.meta.ObservedFrom,
		p.mv.x0, p.mv.y0, p.mv.zoom, p.lay.w, p.lay.h, p.lay.scale, p.req.Step, p.req.All, p.withStats, p.req.NoFigures)
	var buf []byte
	for _, fr := range p.frames {
		buf = binary.AppendVarint(buf[:0], int64(fr.day))
		buf = binary.AppendVarint(buf, int64(fr.asOf))
		for _, vs := range [][]geo.Version{fr.versions, fr.before} {
			for _, v := range vs {
				buf = binary.AppendVarint(buf, v.ID)
			}
			buf = append(buf, '|')
		}
		h.Write(buf)
	}
	fmt.Fprintf(h, "%d", p.from)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// FileName is what a browser saves the picture as:
// snapshot-ukraine-2025-01-20.png, diff-kursk-incursion-2024-08-01-2024-08-31.png.
func (p *Plan) FileName() string {
	name := strings.ToLower(strings.ReplaceAll(p.name, " ", "-"))
	if p.req.View.Region != "" {
		name = p.req.View.Region
	}
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, name)
	switch p.req.Kind {
	case KindDiff:
		return "diff-" + name + "-" + p.from.String() + "-" + p.day.String() + ".png"
	case KindTimelapse:
		return "timelapse-" + name + "-" + p.from.String() + "-" + p.day.String() + ".gif"
	}
	return "snapshot-" + name + "-" + p.day.String() + ".png"
}

// Day is the day the picture shows (the last, for a diff or a timelapse).
func (p *Plan) Day() geo.Day { return p.day }

// Dataset is the dataset the picture draws, with its attribution,
// licence and observed range.
func (p *Plan) Dataset() geo.Dataset { return p.meta }

// Latest reports whether a day of the request was "latest".
func (p *Plan) Latest() bool { return p.latest }

// Request is the request as planned, defaults filled in.
func (p *Plan) Request() Request { return p.req }
