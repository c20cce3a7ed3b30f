package draw

import (
	"image"
	"runtime"
	"sync"

	"github.com/frontline-map/frontline/tiles"

	"golang.org/x/image/math/fixed"
)

// snapshotFrames holds the frames of pictures apart from the tiles'
// (r.frames): a picture's canvas and rasteriser are many times a tile's,
// and a tile given such a Frame would reallocate them.
var snapshotFrames sync.Pool

// bandRows is the least height of a band that Bands draws on its own.
const bandRows = 200

// Bands runs draw over horizontal bands of canvas at once, each band
// with a Frame of its own. Rows of the rasteriser are independent and
// a band's View is the canvas's moved by whole pixels, so the pixels are
// those of one pass over the canvas; only labels, which are placed over
// the whole map, must be drawn after.
func (r *Renderer) Bands(canvas *image.RGBA, v View, draw func(f *Frame)) {
	h := canvas.Rect.Dy()
	// A band a core: each band walks every ring that reaches it, so more
	// bands repeat work (measured: 8 bands on 2 cores were slower than 2).
	n := max(1, min(runtime.GOMAXPROCS(0), h/bandRows))
	var wg sync.WaitGroup
	for i := range n {
		y0, y1 := h*i/n, h*(i+1)/n
		wg.Go(func() {
			f := r.Frame()
			defer r.Release(f)
			b := canvas.Rect
			band := canvas.SubImage(image.Rect(b.Min.X, b.Min.Y+y0, b.Max.X, b.Min.Y+y1)).(*image.RGBA)
			bv := v
			bv.Off.Y -= fixed.Int26_6(y0 * 64)
			bv.World += int64(y0)
			bv.Box = v.Box.Sub(image.Pt(0, y0))
			f.begin(band, bv)
			draw(f)
		})
	}
	wg.Wait()
}

// Frame returns a frame for drawing a picture; Release gives it back.
func (r *Renderer) Frame() *Frame {
	f, ok := snapshotFrames.Get().(*Frame)
	if !ok {
		f = &Frame{}
	}
	f.freeFaces = r.faces
	return f
}

// Release returns a frame from Frame, with its font faces, for reuse.
func (r *Renderer) Release(f *Frame) {
	if f.faces != nil {
		select {
		case r.faces <- f.faces:
		default:
		}
		f.faces = nil
	}
	snapshotFrames.Put(f)
}

// Canvas returns the frame's cleared w×h canvas.
func (f *Frame) Canvas(w, h int) *image.RGBA {
	n := 4 * w * h
	if cap(f.canvasPix) < n {
		f.canvasPix = make([]byte, n)
	}
	f.canvasPix = f.canvasPix[:n]
	clear(f.canvasPix)
	f.canvasImg = image.RGBA{Pix: f.canvasPix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	return &f.canvasImg
}

// DrawnKeys returns the keys in seen in the renderer's drawing order.
func (r *Renderer) DrawnKeys(seen map[ControlKey]bool) []ControlKey {
	var out []ControlKey
	for _, a := range r.areas {
		if seen[a.key] {
			out = append(out, a.key)
		}
	}
	return out
}

// Begin readies f to draw onto dst through v.
func (f *Frame) Begin(dst *image.RGBA, v View) { f.begin(dst, v) }

// Encode writes img as a PNG (paletted when it can be).
func (f *Frame) Encode(img *image.RGBA) ([]byte, error) { return f.png.Encode(img) }

// Symbol fills and outlines the items of layer in c with the symbol a.
func (f *Frame) Symbol(c *tiles.Content, layer string, a Area) {
	sel := selector{layer: layer}
	f.fill(c, sel, premulOf(a.Fill), a.Hatch)
	f.stroke(c, sel, a.Outline)
}

// Base paints the sea over the whole of f's canvas, then the land and the
// borders of c.
func (r *Renderer) Base(f *Frame, c *tiles.Content) { r.drawBase(f, c) }

// Control draws the control layer of c.
func (r *Renderer) Control(f *Frame, c *tiles.Content) { r.drawControl(f, c) }

// Regions outlines the regions layer of c.
func (r *Renderer) Regions(f *Frame, c *tiles.Content) {
	f.stroke(c, selector{layer: tiles.LayerRegions}, r.st.Region)
}

// Top draws what lies over the control layer: region outlines and places.
func (r *Renderer) Top(f *Frame, c *tiles.Content) { r.drawTop(f, c) }

// Labels draws the places of c and their names.
func (r *Renderer) Labels(f *Frame, c *tiles.Content) { r.places(f, c) }

// Style returns the renderer's style; it must not be changed.
func (r *Renderer) Style() *Style { return r.st }

// Err is the error of loading the fonts, if any: nothing draws without them.
func (r *Renderer) Err() error { return r.err }

// Symbol is the symbol of a side and status on the map.
type Symbol struct {
	Key ControlKey
	Area
}

// Symbols returns the control symbols in drawing order.
func (r *Renderer) Symbols() []Symbol {
	out := make([]Symbol, len(r.areas))
	for i, a := range r.areas {
		out[i] = Symbol{a.key, a.Area}
	}
	return out
}
