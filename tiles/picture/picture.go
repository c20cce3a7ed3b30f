// Package picture draws the pictures a reporter publishes: a snapshot of
// the map on a day, a diff between two days and a timelapse, each with its
// title bar, legend, scale bar and attribution, and the figures it shows.
// It plans a request (days, view, layout, the versions of every frame),
// names it by content, and draws it with tiles/draw into PNG or GIF bytes.
// It does no I/O of its own: the store is a Source, and it never imports
// net/http, so the CLI draws exactly what the server serves.
package picture

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/lru"

	"github.com/paulmach/orb"
	"golang.org/x/sync/semaphore"
)

// Version is the version of the pictures' own drawing: layout, title bar,
// date stamp, legend, scale bar, figures and attribution, the diff's
// colours, the GIF palette and encoding, and how a view's content is made
// from the versions it shows (their projection and simplification). It is
// part of every picture's key and ETag (Plan.Key), beside draw.Version and
// the style's Key, so that a release that draws pictures differently is
// not answered with 304 on pictures cached by browsers and CDNs.
//
// Bump it with any change of this package (or of what it calls, other
// than tiles/draw, which has its own Version) that changes a picture's
// bytes for the same request and versions. TestHashes fails when the reference
// pictures change while Version and draw.Version do not; then bump it and
// run
//
//	go test ./tiles/picture -run Hashes -update-hashes
//
// which writes testdata/hashes-v<Version>.txt.
const Version = 3

// Source is what pictures read from the store; data.Store satisfies it.
type Source interface {
	tiles.Source
	ChangeDays(ctx context.Context, dataset string, b orb.Bound) ([]geo.Day, error)
	Stats(ctx context.Context, dataset string, day geo.Day) (geo.Stats, error)
	Region(ctx context.Context, slug string) (geo.Region, error)
	Outline(ctx context.Context, slug string) (orb.MultiPolygon, error)
	History(ctx context.Context, dataset, slug string) ([]geo.Version, error)
	DefaultDataset(ctx context.Context) (string, error)
	HasDataset(ctx context.Context, name string) (bool, error)
	// Dataset describes a dataset: the attribution and licence a picture
	// credits, and the observed range that says which map a day shows.
	Dataset(ctx context.Context, name string) (geo.Dataset, error)
}

// Resolver turns a request's dataset name and day texts ("2025-01-20",
// "latest") into a dataset and days. The HTTP server has one with caches;
// New's default asks the Source every time.
type Resolver interface {
	Dataset(ctx context.Context, name string) (string, error)
	// Day reads text as the day of a request parameter called name;
	// latest says whether it was "latest" (the dataset's last change day).
	Day(ctx context.Context, dataset, text, name string) (day geo.Day, latest bool, err error)
}

// Defaults of Config's bounds.
const (
	DefaultBudget    = 2 * MaxPixels // Config.Budget, in pixels
	DefaultBaseBytes = 64 << 20      // Config.BaseBytes
	BytesPerPixel    = 10            // about what drawing a picture holds a pixel
)

// Config configures a Renderer. Source and Builder are required.
type Config struct {
	Source  Source
	Builder *tiles.Builder // the basemap and the memo of projected shapes
	Raster  *draw.Renderer // nil: one with draw.DefaultStyle
	Resolve Resolver       // nil: resolved from Source
	// Memo keeps measured figures by the versions they measure; nil makes
	// one of 8 MiB.
	Memo *lru.Bytes
	// BaseBytes bounds the drawn basemaps kept for the next picture of the
	// same view and size; default DefaultBaseBytes.
	BaseBytes int64
	// Budget bounds the pixels of the pictures being drawn at once (about
	// BytesPerPixel bytes each while drawing); a picture waits for room.
	// Default DefaultBudget; never less than MaxPixels.
	Budget int64
	// Workers is how many pictures are drawn at once (snapshots, diffs and
	// timelapses: the heavy requests, in a pool of their own so that tiles
	// keep their latency); more wait their turn. Default the number of
	// CPUs (runtime.NumCPU).
	Workers int
	// Rendered, if not nil, is told the kind and time of every picture drawn.
	Rendered func(kind string, d time.Duration)
}

// Renderer plans and draws pictures. It is safe for concurrent use.
type Renderer struct {
	store    Source
	build    *tiles.Builder
	raster   *draw.Renderer
	look     string // Version and raster.Key(): in every Plan's Key
	resolve  Resolver
	cache    *lru.Bytes // measured figures
	bases    *lru.Bytes // drawn basemaps of pictures, by view
	budget   int64
	pixels   *semaphore.Weighted // of budget
	workers  *semaphore.Weighted // of Config.Workers
	rendered func(kind string, d time.Duration)
}

// New makes a Renderer.
func New(cfg Config) *Renderer {
	if cfg.Raster == nil {
		cfg.Raster = draw.NewRenderer(nil)
	}
	if cfg.Builder == nil {
		cfg.Builder = tiles.NewBuilder(nil, 32<<20)
	}
	if cfg.Resolve == nil {
		cfg.Resolve = sourceResolver{cfg.Source}
	}
	if cfg.Memo == nil {
		cfg.Memo = lru.NewBytes(8 << 20)
	}
	if cfg.BaseBytes <= 0 {
		cfg.BaseBytes = DefaultBaseBytes
	}
	if cfg.Budget < MaxPixels {
		cfg.Budget = DefaultBudget
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	look := "picture/" + strconv.Itoa(Version) + "|" + cfg.Raster.Key()
	return &Renderer{store: cfg.Source, build: cfg.Builder, raster: cfg.Raster, look: look, resolve: cfg.Resolve,
		cache: cfg.Memo, bases: lru.NewBytes(cfg.BaseBytes), budget: cfg.Budget,
		pixels: semaphore.NewWeighted(cfg.Budget), workers: semaphore.NewWeighted(int64(cfg.Workers)), rendered: cfg.Rendered}
}

// Bases reports the entries and hits of the kept basemaps (for tests and
// metrics).
func (s *Renderer) Bases() (entries int, hits int64) {
	entries, _, hits, _ = s.bases.Stats()
	return entries, hits
}

// sourceResolver resolves names and days by asking the Source.
type sourceResolver struct{ src Source }

func (r sourceResolver) Dataset(ctx context.Context, name string) (string, error) {
	if name == "" {
		return r.src.DefaultDataset(ctx)
	}
	if !geo.ValidSlug(name) {
		return "", geo.Invalidf("bad dataset name %s: want lowercase words joined by '-'", geo.Echo(name))
	}
	ok, err := r.src.HasDataset(ctx, name)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("dataset %s: %w", geo.Echo(name), geo.ErrNotFound)
	}
	return name, nil
}

func (r sourceResolver) Day(ctx context.Context, dataset, text, name string) (geo.Day, bool, error) {
	if text != "latest" {
		d, err := geo.ParseDay(text)
		if err != nil {
			return 0, false, geo.Invalidf("%s: %v", name, err)
		}
		return d, false, nil
	}
	days, err := r.src.ChangeDays(ctx, dataset, orb.Bound{})
	if err != nil {
		return 0, false, err
	}
	if len(days) == 0 {
		return geo.DayOf(time.Now()), true, nil
	}
	return days[len(days)-1], true, nil
}

func rgba(r, g, b, a uint8) color.NRGBA { return color.NRGBA{R: r, G: g, B: b, A: a} }

func alpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

// Picture is a rendered snapshot, diff or timelapse and the numbers it shows.
type Picture struct {
	Body          []byte // PNG or GIF
	Type          string // MIME type: image/png or image/gif
	Key           string // a hash of everything that defines the picture: its ETag
	Width, Height int    // pixels (CSS pixels × scale)
	// Map is where the map lies in the picture, in pixels; Figures.BBox is
	// its [lon, lat] bound (Web Mercator in between).
	Map     image.Rectangle
	Title   string    // as drawn
	Days    []geo.Day // the day of each frame (one for a PNG)
	Figures Figures   // of the last frame
	// Stamp is the date stamp of the last frame ("20 JAN 2025", or "map
	// as of 22 Aug 2026" for a day after the dataset's last observed day),
	// and Attribution the footer's line of credits as drawn on it (the
	// dataset's attribution and licence, the versions' sources, the
	// basemap's), both as in Plan.Key.
	Stamp       string
	Attribution string
	// Notes are the legend's notes on the last frame as drawn: what the
	// figures in view count ("In view: Russian-occupied 812 km² · ..."),
	// and what shares are of; none on a compact picture or one without
	// figures (Request.NoFigures).
	Notes []string
}

// Render draws a picture: a snapshot or a diff as a PNG, a timelapse as
// an animated GIF. It always draws (the HTTP server caches by Plan.Key);
// progress, if not nil, is called after each frame with the frames done
// and in all.
func (s *Renderer) Render(ctx context.Context, req Request, progress func(done, total int)) (*Picture, error) {
	p, err := s.Plan(ctx, req)
	if err != nil {
		return nil, err
	}
	return s.Draw(ctx, p, progress)
}

// Draw draws a planned picture.
func (s *Renderer) Draw(ctx context.Context, p *Plan, progress func(done, total int)) (*Picture, error) {
	start := time.Now()
	w, h := p.lay.pixels()
	// Wait for a worker of the pool of pictures (Config.Workers), then for
	// room to draw: pictures can be 25 MP, and many at once would
	// exhaust memory.
	if err := s.workers.Acquire(ctx, 1); err != nil {
		return nil, err
	}
	defer s.workers.Release(1)
	n := min(int64(w)*int64(h), s.budget)
	if err := s.pixels.Acquire(ctx, n); err != nil {
		return nil, err
	}
	defer s.pixels.Release(n)
	pic := &Picture{Key: p.Key(), Width: w, Height: h, Title: p.title, Map: p.lay.mapRect()}
	for _, fr := range p.frames {
		pic.Days = append(pic.Days, fr.day)
	}
	var err error
	var text drawnText
	pic.Stamp = p.stamp(p.frames[len(p.frames)-1].day)
	if p.req.Kind == KindTimelapse {
		pic.Type = "image/gif"
		pic.Body, pic.Figures, text, err = s.renderGIF(ctx, p, progress)
	} else {
		pic.Type = "image/png"
		pic.Body, pic.Figures, text, err = s.renderPNG(ctx, p)
		if err == nil && progress != nil {
			progress(1, 1)
		}
	}
	if err != nil {
		return nil, err
	}
	pic.Attribution, pic.Notes = text.credits, text.notes
	if s.rendered != nil {
		s.rendered(p.req.Kind.String(), time.Since(start))
	}
	return pic, nil
}

// renderPNG draws a snapshot or a diff; it returns the text of its
// chrome as drawn beside the bytes and figures.
func (s *Renderer) renderPNG(ctx context.Context, p *Plan) ([]byte, Figures, drawnText, error) {
	fr := &p.frames[0]
	figs, err := s.figures(ctx, p, fr)
	if err != nil {
		return nil, figs, drawnText{}, err
	}
	r := s.raster
	if r.Err() != nil {
		return nil, figs, drawnText{}, r.Err()
	}
	f := r.Frame()
	defer r.Release(f)
	canvas := f.Canvas(p.lay.pixels())
	g := tiles.NewGrid(p.mv.x0, p.mv.y0, p.mv.zoom, p.mv.w, p.mv.h, p.lay.scale)
	c := &tiles.Content{Items: s.build.ViewBase(g, fr.day)}
	v := draw.GridView(g, p.lay.mapRect().Min, p.lay.mapRect(), p.lay.scale)
	s.drawBasemap(canvas, g, v, c, s.build.WaterState(fr.day))
	c.Items = append(c.Items, s.build.ViewControl(g, fr.versions)...)
	r.Bands(canvas, v, func(f *draw.Frame) {
		r.Control(f, c)
		if p.req.Kind == KindDiff {
			gained, lost := diffStyles(r.Style())
			drawChanges(f, g, gained, lost, figs.Changes)
		}
		r.Regions(f, c)
	})
	f.Begin(canvas, v)
	r.Labels(f, c)
	ch := newChrome(r, f, canvas, p.lay)
	text := ch.draw(p, fr, &figs, presentKeys(r, c))
	body, err := f.Encode(canvas)
	return body, figs, text, err
}

// presentKeys lists the sides and statuses drawn in c, in drawing order.
func presentKeys(r *draw.Renderer, c *tiles.Content) []draw.ControlKey {
	seen := map[draw.ControlKey]bool{}
	for i := range c.Items {
		if it := &c.Items[i]; it.Layer == tiles.LayerControl {
			seen[draw.ControlKey{Side: it.Side, Status: it.Status}] = true
		}
	}
	return r.DrawnKeys(seen)
}

// drawBasemap draws the sea, land and borders of base over the whole of
// canvas, or copies them from the last picture of the same View and size:
// they never change, and stroking the borders is most of a snapshot's
// drawing. The copies are bounded in bytes (Config.BaseBytes).
func (s *Renderer) drawBasemap(canvas *image.RGBA, g tiles.Grid, v draw.View, base *tiles.Content, water string) {
	key := fmt.Sprint(g.Z, g.K, g.WX, g.WY, v.Off, v.World, v.Px, canvas.Rect, water)
	if pix, ok := s.bases.Get(key); ok && len(pix) == len(canvas.Pix) {
		copy(canvas.Pix, pix)
		return
	}
	s.raster.Bands(canvas, v, func(f *draw.Frame) { s.raster.Base(f, base) })
	s.bases.Put(key, slices.Clone(canvas.Pix))
}
