package tiles

import (
	"context"
	"fmt"
	"image"
	"runtime"
	"slices"
	"sync"

	"github.com/frontline-map/frontline/geo"

	"golang.org/x/image/math/fixed"
)

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
}

// Picture draws a picture: a snapshot or a diff as a PNG, a timelapse as
// an animated GIF. It always renders (the HTTP handlers cache); progress,
// if not nil, is called after each frame with the frames done and in all.
func (s *Server) Picture(ctx context.Context, req PictureRequest, progress func(done, total int)) (*Picture, error) {
	p, err := s.plan(ctx, req)
	if err != nil {
		return nil, err
	}
	return s.renderPicture(ctx, p, progress)
}

// renderPicture draws a planned picture.
func (s *Server) renderPicture(ctx context.Context, p *plan, progress func(done, total int)) (*Picture, error) {
	w, h := p.lay.pixels()
	// Wait for room to draw: pictures can be 25 MP, and many at once would
	// exhaust memory.
	n := min(int64(w)*int64(h), s.cfg.PictureBudget)
	if err := s.pixels.Acquire(ctx, n); err != nil {
		return nil, err
	}
	defer s.pixels.Release(n)
	pic := &Picture{Key: p.key(), Width: w, Height: h, Title: p.title, Map: p.lay.mapRect()}
	for _, fr := range p.frames {
		pic.Days = append(pic.Days, fr.day)
	}
	var err error
	if p.req.Kind == KindTimelapse {
		pic.Type = "image/gif"
		pic.Body, pic.Figures, err = s.renderGIF(ctx, p, progress)
	} else {
		pic.Type = "image/png"
		pic.Body, pic.Figures, err = s.renderPNG(ctx, p)
		if err == nil && progress != nil {
			progress(1, 1)
		}
	}
	if err != nil {
		return nil, err
	}
	return pic, nil
}

// renderPNG draws a snapshot or a diff.
func (s *Server) renderPNG(ctx context.Context, p *plan) ([]byte, Figures, error) {
	fr := &p.frames[0]
	figs, err := s.figures(ctx, p, fr)
	if err != nil {
		return nil, figs, err
	}
	r := s.raster
	if r.err != nil {
		return nil, figs, r.err
	}
	f := r.snapshotFrame()
	defer r.releaseSnapshot(f)
	canvas := f.rgba(p.lay.pixels())
	g := NewGrid(p.mv.x0, p.mv.y0, p.mv.zoom, p.mv.w, p.mv.h, p.lay.scale)
	c := &Content{Items: s.build.ViewBase(g)}
	v := gridView(g, p.lay.mapRect().Min, p.lay.mapRect(), p.lay.scale)
	s.drawBasemap(canvas, g, v, c)
	c.Items = append(c.Items, s.build.ViewControl(g, fr.versions)...)
	r.drawBands(canvas, v, func(f *frame) {
		r.drawControl(f, c)
		if p.req.Kind == KindDiff {
			gained, lost := diffStyles(r.st)
			drawChanges(f, g, gained, lost, figs.Changes)
		}
		f.stroke(c, selector{layer: LayerRegions}, r.st.Region)
	})
	f.begin(canvas, v)
	r.places(f, c)
	ch := newChrome(r, f, canvas, p.lay)
	ch.draw(p, fr, &figs, presentKeys(r, c))
	body, err := r.encode(f, canvas)
	return body, figs, err
}

// presentKeys lists the sides and statuses drawn in c, in drawing order.
func presentKeys(r *Renderer, c *Content) []ControlKey {
	seen := map[ControlKey]bool{}
	for i := range c.Items {
		if it := &c.Items[i]; it.Layer == LayerControl {
			seen[ControlKey{it.Side, it.Status}] = true
		}
	}
	return r.drawnKeys(seen)
}

// drawnKeys returns the keys in seen in the renderer's drawing order.
func (r *Renderer) drawnKeys(seen map[ControlKey]bool) []ControlKey {
	var out []ControlKey
	for _, a := range r.areas {
		if seen[a.key] {
			out = append(out, a.key)
		}
	}
	return out
}

// snapshotFrames holds the frames of snapshots apart from the tiles'
// (r.frames): a snapshot's canvas and rasteriser are many times a tile's,
// and a tile given such a frame would reallocate them.
var snapshotFrames sync.Pool

// drawBasemap draws the sea, land and borders of base over the whole of
// canvas, or copies them from the last picture of the same view and size:
// they never change, and stroking the borders is most of a snapshot's
// drawing. The copies are bounded in bytes (Config.BaseBytes).
func (s *Server) drawBasemap(canvas *image.RGBA, g Grid, v view, base *Content) {
	key := fmt.Sprint(g.Z, g.K, g.WX, g.WY, v.off, v.world, v.px, canvas.Rect)
	if pix, ok := s.bases.Get(key); ok && len(pix) == len(canvas.Pix) {
		copy(canvas.Pix, pix)
		return
	}
	s.raster.drawBands(canvas, v, func(f *frame) { s.raster.drawBase(f, base) })
	s.bases.Put(key, slices.Clone(canvas.Pix))
}

// bandRows is the least height of a band that drawBands draws on its own.
const bandRows = 200

// drawBands runs draw over horizontal bands of canvas at once, each band
// with a frame of its own. Rows of the rasteriser are independent and
// a band's view is the canvas's moved by whole pixels, so the pixels are
// those of one pass over the canvas; only labels, which are placed over
// the whole map, must be drawn after.
func (r *Renderer) drawBands(canvas *image.RGBA, v view, draw func(f *frame)) {
	h := canvas.Rect.Dy()
	// A band a core: each band walks every ring that reaches it, so more
	// bands repeat work (measured: 8 bands on 2 cores were slower than 2).
	n := max(1, min(runtime.GOMAXPROCS(0), h/bandRows))
	var wg sync.WaitGroup
	for i := range n {
		y0, y1 := h*i/n, h*(i+1)/n
		wg.Go(func() {
			f := r.snapshotFrame()
			defer r.releaseSnapshot(f)
			b := canvas.Rect
			band := canvas.SubImage(image.Rect(b.Min.X, b.Min.Y+y0, b.Max.X, b.Min.Y+y1)).(*image.RGBA)
			bv := v
			bv.off.Y -= fixed.Int26_6(y0 * 64)
			bv.world += int64(y0)
			bv.box = v.box.Sub(image.Pt(0, y0))
			f.begin(band, bv)
			draw(f)
		})
	}
	wg.Wait()
}

func (r *Renderer) snapshotFrame() *frame {
	f, ok := snapshotFrames.Get().(*frame)
	if !ok {
		f = &frame{}
	}
	f.freeFaces = r.faces
	return f
}

func (r *Renderer) releaseSnapshot(f *frame) {
	if f.faces != nil {
		select {
		case r.faces <- f.faces:
		default:
		}
		f.faces = nil
	}
	snapshotFrames.Put(f)
}

// rgba returns the frame's cleared w×h canvas.
func (f *frame) rgba(w, h int) *image.RGBA {
	n := 4 * w * h
	if cap(f.canvasPix) < n {
		f.canvasPix = make([]byte, n)
	}
	f.canvasPix = f.canvasPix[:n]
	clear(f.canvasPix)
	f.canvasImg = image.RGBA{Pix: f.canvasPix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	return &f.canvasImg
}
