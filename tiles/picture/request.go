package picture

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
)

// Kind is what a picture request draws.
type Kind uint8

// The kinds of picture.
const (
	KindSnapshot  Kind = iota + 1 // the map at one day, PNG
	KindDiff                      // the map at To with what each side gained and lost since From, PNG
	KindTimelapse                 // an animated GIF of the map from From to To
)

func (k Kind) String() string {
	switch k {
	case KindSnapshot:
		return "snapshot"
	case KindDiff:
		return "diff"
	case KindTimelapse:
		return "timelapse"
	}
	return ""
}

// Limits of picture requests.
const (
	// DefaultWidth and DefaultHeight are the size of a picture, in CSS pixels.
	DefaultWidth, DefaultHeight = 1200, 800
	// MinSide and MaxSide bound the width and the height, in CSS pixels.
	MinSide, MaxSide = 64, 3000
	// MaxScale is the largest scale: device pixels a CSS pixel.
	MaxScale = 3
	// MaxTitle is the longest title, in characters.
	MaxTitle = 160
	// MaxFrames is the most frames a timelapse has.
	MaxFrames = 400
	// MaxPixels bounds a PNG picture: width·scale × height·scale.
	MaxPixels = 25_000_000
	// MaxFramePixels bounds a frame of a timelapse.
	MaxFramePixels = 4_000_000
	// MaxTimelapsePixels bounds the work of a timelapse: its frames times
	// the pixels of a frame. Frames are drawn at some 5 to 8 million
	// pixels a second, so one at the bound takes about a minute, within
	// the server's 120 s write timeout (298 frames of 2000×2000 took 143
	// to 227 s, and their client got an empty reply).
	MaxTimelapsePixels = 300_000_000
)

// Request says what picture to draw. Its fields mirror the query
// parameters of /snapshot.png, /diff.png and /timelapse.gif (and the flags
// of `frontline snapshot`); ParseQuery reads them.
type Request struct {
	Kind    Kind
	Dataset string // "" is the default dataset
	// Day is the day of a snapshot; From and To bound a diff or a
	// timelapse. Each is YYYY-MM-DD or "latest".
	Day, From, To string
	View          View
	// Width and Height are in CSS pixels; Scale (1 to 3) multiplies them,
	// with fonts and lines, for print.
	Width, Height, Scale int
	Title                string // "" draws the region's name (or "Ukraine") and the day
	Step                 Step   // timelapse: time between frames
	All                  bool   // timelapse: a frame on every step, not only where the View changed
	// NoFigures leaves the numbers out of the legend: the areas of its
	// symbols, a diff's gains and losses, and the notes of what is in view
	// (figures=0).
	NoFigures bool
	NoCache   bool // render even if the picture is cached (benchmarks)
}

// ParseQuery reads and checks a picture request from URL query
// parameters: day (snapshot) or from and to (diff, timelapse), one of
// bbox=minlon,minlat,maxlon,maxlat, center=lon,lat with zoom, or region,
// width, height, scale, title, dataset, figures (0 hides the numbers), and
// for a timelapse step (Nd, Nw, Nm) and all. Days are checked for form here and resolved ("latest") by
// the Server. Errors are bad requests; impossible days wrap geo.ErrBadDay.
func ParseQuery(kind Kind, q url.Values) (Request, error) {
	req := Request{Kind: kind, Dataset: q.Get("dataset"), Title: q.Get("title"), NoCache: q.Get("nocache") == "1"}
	if err := req.parseDays(q); err != nil {
		return req, err
	}
	var err error
	if req.View, err = parseView(q); err != nil {
		return req, err
	}
	if err := req.parseSize(q); err != nil {
		return req, err
	}
	if err := checkTitle(req.Title); err != nil {
		return req, err
	}
	if f := q.Get("figures"); f != "" {
		shown, err := parseBool(f, "figures")
		if err != nil {
			return req, err
		}
		req.NoFigures = !shown
	}
	if kind == KindTimelapse {
		if req.Step, err = ParseStep(strings.TrimSpace(q.Get("step"))); err != nil {
			return req, err
		}
		if req.All, err = parseBool(q.Get("all"), "all"); err != nil {
			return req, err
		}
	}
	return req, nil
}

func (req *Request) parseDays(q url.Values) error {
	switch req.Kind {
	case KindSnapshot:
		req.Day = q.Get("day")
		if req.Day == "" {
			req.Day = "latest"
		}
		return checkDay("day", req.Day)
	case KindDiff, KindTimelapse:
		req.From, req.To = q.Get("from"), q.Get("to")
		if req.From == "" || req.To == "" {
			return geo.Invalidf("from and to are required (YYYY-MM-DD or latest)")
		}
		if err := checkDay("from", req.From); err != nil {
			return err
		}
		return checkDay("to", req.To)
	}
	return geo.Invalidf("unknown picture kind %d", req.Kind)
}

// checkDay checks the form of a day parameter: YYYY-MM-DD or latest.
func checkDay(name, v string) error {
	if v == "latest" {
		return nil
	}
	if _, err := geo.ParseDay(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// parseView reads bbox, center with zoom, or region: at most one of them.
func parseView(q url.Values) (View, error) {
	var v View
	bbox, center, zoom, region := q.Get("bbox"), q.Get("center"), q.Get("zoom"), q.Get("region")
	n := 0
	for _, s := range []string{bbox, center, region} {
		if s != "" {
			n++
		}
	}
	switch {
	case n > 1:
		return v, geo.Invalidf("give one of bbox, center (with zoom) or region, not several")
	case (center == "") != (zoom == ""):
		return v, geo.Invalidf("center and zoom go together: center=lon,lat&zoom=Z")
	case bbox != "":
		b, err := geo.ParseBBox(bbox)
		if err != nil {
			return v, geo.Invalidf("%s", err.Error())
		}
		v.BBox = b
	case center != "":
		c, err := parseCenter(center)
		if err != nil {
			return v, err
		}
		z, err := strconv.ParseFloat(zoom, 64)
		if err != nil || math.IsNaN(z) || z < 0 || z > tiles.MaxZoom {
			return v, geo.Invalidf("zoom %q: want a number from 0 to %d", zoom, tiles.MaxZoom)
		}
		v.Center, v.Zoom = c, z
	case region != "":
		if len(region) > 100 || strings.Trim(region, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return v, geo.Invalidf("region %q: want a slug such as crimea or kursk-incursion", region)
		}
		v.Region = region
	}
	return v, nil
}

func parseCenter(s string) (orb.Point, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return orb.Point{}, geo.Invalidf("center %q: want lon,lat", s)
	}
	var p orb.Point
	for i, part := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return p, geo.Invalidf("center %q: %q is not a number", s, part)
		}
		p[i] = f
	}
	if math.Abs(p[0]) > 180 || math.Abs(p[1]) > tiles.MaxLat {
		return p, geo.Invalidf("center %q: out of range (lon -180..180, lat ±%.2f)", s, tiles.MaxLat)
	}
	return p, nil
}

// parseSize reads width, height and scale and bounds the pixels.
func (req *Request) parseSize(q url.Values) error {
	var err error
	if req.Width, err = parseInt(q.Get("width"), "width", DefaultWidth, MinSide, MaxSide); err != nil {
		return err
	}
	if req.Height, err = parseInt(q.Get("height"), "height", DefaultHeight, MinSide, MaxSide); err != nil {
		return err
	}
	if req.Scale, err = parseInt(q.Get("scale"), "scale", 1, 1, MaxScale); err != nil {
		return err
	}
	return req.checkPixels()
}

// checkPixels bounds the pixels of the picture (or of one frame).
func (req *Request) checkPixels() error {
	px := req.Width * req.Scale * req.Height * req.Scale
	limit, what := MaxPixels, "a picture"
	if req.Kind == KindTimelapse {
		limit, what = MaxFramePixels, "a timelapse frame"
	}
	if px > limit {
		return geo.Invalidf("%d×%d pixels at scale %d is %d pixels; %s has at most %d", req.Width, req.Height, req.Scale, px, what, limit)
	}
	return nil
}

func parseInt(s, name string, def, lo, hi int) (int, error) {
	if s == "" {
		return def, nil
	}
	if len(s) > 6 || strings.Trim(s, "0123456789") != "" {
		return 0, geo.Invalidf("%s %q: want a whole number from %d to %d", name, s, lo, hi)
	}
	v, _ := strconv.Atoi(s)
	if v < lo || v > hi {
		return 0, geo.Invalidf("%s %d is out of range: want %d to %d", name, v, lo, hi)
	}
	return v, nil
}

func parseBool(s, name string) (bool, error) {
	switch s {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, geo.Invalidf("%s %q: want 1 or 0", name, s)
}

// checkTitle accepts a title of printable text up to MaxTitle characters.
func checkTitle(s string) error {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxTitle {
		return geo.Invalidf("title: want at most %d characters of UTF-8 text", MaxTitle)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return geo.Invalidf("title: %q is not printable", r)
		}
	}
	return nil
}
