package draw

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"math"

	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/internal/encode"

	"github.com/paulmach/orb"
	"golang.org/x/image/math/fixed"
)

// This file holds the pixel work of the raster renderer: the Frame of
// reusable buffers, fills and strokes of tile geometry (outlined in
// stroke.go, rasterised in coverage.go), and compositing the spans, the
// hatch pattern and label masks onto an *image.RGBA. Geometry is 26.6 fixed
// point and blending uses the integer formulas of image/draw, so a tile
// renders to the same pixels on every platform; the few floating-point
// steps are single operations (a square root of an exact integer, one
// multiplication then rounding) that no fused multiply-add can change.

// premul is a colour with 16-bit premultiplied channels, as color.Color's
// RGBA method returns them.
type premul struct{ r, g, b, a uint32 }

func premulOf(c color.NRGBA) premul {
	r, g, b, a := c.RGBA()
	return premul{r, g, b, a}
}

// over composites c with coverage ma (0..0xffff) over the pixel p[0:4].
func over(p []byte, c premul, ma uint32) {
	a := 0xffff - c.a*ma/0xffff
	p[0] = uint8((uint32(p[0])*0x101*a + c.r*ma) / 0xffff >> 8)
	p[1] = uint8((uint32(p[1])*0x101*a + c.g*ma) / 0xffff >> 8)
	p[2] = uint8((uint32(p[2])*0x101*a + c.b*ma) / 0xffff >> 8)
	p[3] = uint8((uint32(p[3])*0x101*a + c.a*ma) / 0xffff >> 8)
}

// overSpan composites c with coverage ma over a run of pixels. Large fills
// cover runs of one colour, so the last result is reused, and a run that
// is all one colour is filled with its first pixel.
func overSpan(pix []byte, c premul, ma uint32) {
	if c.a == 0xffff && ma == 0xffff {
		fillPixels(pix, [4]byte{uint8(c.r >> 8), uint8(c.g >> 8), uint8(c.b >> 8), 0xff})
		return
	}
	if len(pix) > 16 && bytes.Equal(pix[4:], pix[:len(pix)-4]) {
		over(pix[:4], c, ma)
		fillPixels(pix, [4]byte(pix[:4]))
		return
	}
	var in, out uint32
	seen := false
	for i := 0; i+4 <= len(pix); i += 4 {
		p := pix[i : i+4]
		v := binary.LittleEndian.Uint32(p)
		if seen && v == in {
			binary.LittleEndian.PutUint32(p, out)
			continue
		}
		over(p, c, ma)
		in, out, seen = v, binary.LittleEndian.Uint32(p), true
	}
}

// fillPixels sets the pixels of pix to v, doubling the filled part.
func fillPixels(pix []byte, v [4]byte) {
	if len(pix) < 4 {
		return
	}
	copy(pix, v[:])
	for n := 4; n < len(pix); n *= 2 {
		copy(pix[n:], pix[:n])
	}
}

// painter composites the spans of one rasterised path onto dst: a uniform
// fill, then, if pattern is set, hatch lines masked by the pattern.
type painter struct {
	dst     *image.RGBA
	fill    premul
	hatch   premul
	pattern []uint32 // hatch coverage by (world x + world y) mod len(pattern)
	phase   int      // (world x + world y) of dst's top-left pixel, mod len(pattern)
}

// span is a run of pixels x0 ≤ x < x1 of row y with one coverage,
// 0..0xffff.
type span struct {
	y, x0, x1 int
	alpha     uint32
}

// paint composites the spans.
func (p *painter) paint(ss []span) {
	for _, s := range ss {
		i := p.dst.PixOffset(p.dst.Rect.Min.X+s.x0, p.dst.Rect.Min.Y+s.y)
		pix := p.dst.Pix[i : i+4*(s.x1-s.x0)]
		if p.fill.a > 0 {
			overSpan(pix, p.fill, s.alpha)
		}
		if len(p.pattern) > 0 {
			p.hatchSpan(pix, s)
		}
	}
}

func (p *painter) hatchSpan(pix []byte, s span) {
	n := len(p.pattern)
	k := (p.phase + s.x0 + s.y) % n
	for i := 0; i+4 <= len(pix); i += 4 {
		if m := p.pattern[k]; m > 0 {
			over(pix[i:i+4], p.hatch, s.alpha*m/0xffff)
		}
		if k++; k == n {
			k = 0
		}
	}
}

// hatchPattern returns the coverage (0..0xffff) of a pixel by "/" lines of
// width w every spacing pixels (along x), indexed by (x + y) mod the period.
// Line centres pass through pixel corners where x + y ≡ 0; a pixel centre
// lies m/√2 from the nearest line, m its distance in x + y.
func hatchPattern(dst []uint32, width, spacing float64) []uint32 {
	n := max(2, int(math.Round(spacing)))
	dst = dst[:0]
	for k := range n {
		m := float64((k + 1) % n) // pixel centre: x+0.5 + y+0.5
		m = min(m, float64(n)-m)
		d := float64(m / math.Sqrt2)                    // distance to the line
		c := float64(width/2) + 0.5 - d                 // box-filtered coverage
		c = min(1, max(0, min(c, float64(width))))      // thin lines cover at most width
		dst = append(dst, uint32(math.Round(c*0xffff))) // explicit rounding: no fused ops
	}
	return dst
}

// blendMask composites c through mask m, whose top-left corner goes to at
// in dst.
func blendMask(dst *image.RGBA, m *image.Alpha, at image.Point, c premul) {
	r := m.Rect.Sub(m.Rect.Min).Add(at).Intersect(dst.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		mi := m.PixOffset(m.Rect.Min.X+r.Min.X-at.X, m.Rect.Min.Y+y-at.Y)
		di := dst.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x, mi, di = x+1, mi+1, di+4 {
			if a := uint32(m.Pix[mi]); a > 0 {
				over(dst.Pix[di:di+4], c, a*0x101)
			}
		}
	}
}

// dilate sets dst (the same size as src) to the maximum of src over a disc
// of radius r: the halo of a text mask.
func dilate(dst, src *image.Alpha, r float64) {
	ri := int(math.Ceil(r))
	rr := float64(r * r)
	w, h := src.Rect.Dx(), src.Rect.Dy()
	clear(dst.Pix[:dst.Stride*h])
	for dy := -ri; dy <= ri; dy++ {
		for dx := -ri; dx <= ri; dx++ {
			if float64(dx*dx+dy*dy) > rr+float64(r) { // a slightly round disc
				continue
			}
			for y := max(0, -dy); y < min(h, h-dy); y++ {
				s := src.Pix[(y+dy)*src.Stride:]
				d := dst.Pix[y*dst.Stride:]
				for x := max(0, -dx); x < min(w, w-dx); x++ {
					d[x] = max(d[x], s[x+dx])
				}
			}
		}
	}
}

// Frame holds the buffers of one drawing: a pen that turns geometry into
// coverage and paint, a labeller with font faces and the labels placed,
// the canvas, and the PNG encoder. Frames are pooled by the Renderer, so
// a drawing allocates little.
type Frame struct {
	pen
	labeller

	canvasPix []byte
	canvasImg image.RGBA

	png encode.PNG
}

// pen draws geometry through a view: outlines become coverage in the
// rasteriser (coverage.go, stroke.go), coverage becomes paint (painter).
type pen struct {
	view    View
	ras     coverage
	paint   painter
	pts     []fixed.Point26_6 // the ring being drawn, in canvas pixels
	norms   []fixed.Point26_6 // its segments' normals
	dash    []fixed.Point26_6 // the dash being drawn
	pattern []uint32
}

// labeller holds the font faces of a drawing and the labels it placed
// (labels.go).
type labeller struct {
	faces      map[faceKey]*labelFace // taken from freeFaces when needed
	freeFaces  chan map[faceKey]*labelFace
	text, halo image.Alpha
	labels     []label
	boxes      []image.Rectangle
}

func (r *Renderer) frame() *Frame {
	f, ok := r.frames.Get().(*Frame)
	if !ok {
		f = &Frame{}
	}
	f.freeFaces = r.faces
	return f
}

// release returns f and its faces for reuse.
func (r *Renderer) release(f *Frame) {
	if f.faces != nil {
		select {
		case r.faces <- f.faces:
		default:
		}
		f.faces = nil
	}
	r.frames.Put(f)
}

// canvas returns the frame's transparent image of size pixels square.
func (f *Frame) canvas(size int) *image.RGBA {
	n := 4 * size * size
	if cap(f.canvasPix) < n {
		f.canvasPix = make([]byte, n)
	}
	f.canvasPix = f.canvasPix[:n]
	clear(f.canvasPix)
	f.canvasImg = image.RGBA{Pix: f.canvasPix, Stride: 4 * size, Rect: image.Rect(0, 0, size, size)}
	return &f.canvasImg
}

// begin readies the pen to draw onto dst through v.
func (f *pen) begin(dst *image.RGBA, v View) {
	f.view = v
	f.paint.dst = dst
	f.ras.reset(dst.Rect.Dx(), dst.Rect.Dy())
}

// render paints what was added to the rasteriser: col, then the hatch h.
// Everything added in one go is one coverage mask, so shared edges and
// overlaps within it leave no seams and no double alpha.
func (f *pen) render(col premul, h Hatch) {
	f.paint.fill = col
	f.paint.pattern = nil
	if h.Color.A > 0 && h.Width > 0 && h.Spacing > 0 {
		f.pattern = hatchPattern(f.pattern, float64(h.Width*f.view.Px), float64(h.Spacing*f.view.Px))
		n := int64(len(f.pattern))
		f.paint.pattern = f.pattern
		f.paint.hatch = premulOf(h.Color)
		f.paint.phase = int((f.view.World%n + n) % n)
	}
	f.ras.rasterize(&f.paint)
}

// fill fills the polygons of the items s selects (nonzero winding: holes
// are wound opposite to their outer rings).
func (f *pen) fill(c *tiles.Content, s selector, col premul, h Hatch) {
	if col.a == 0 && h.Color.A == 0 {
		return
	}
	n := 0
	for i := range c.Items {
		if it := &c.Items[i]; s.match(it) {
			eachRing(it.Geometry, true, func(r []orb.Point, _ bool) {
				if f.project(r) && !f.rowsMiss(64) {
					f.addRing()
					n++
				}
			})
		}
	}
	if n > 0 {
		f.render(col, h)
	}
}

// stroke outlines the rings and lines of the items s selects with l.
func (f *pen) stroke(c *tiles.Content, s selector, l Line) {
	if !l.visible() {
		return
	}
	v := f.view
	w := max(1, v.length(l.Width))
	dash, gap := int64(v.length(l.Dash)), int64(v.length(l.Gap))
	if gap <= 0 {
		gap = dash
	}
	n := 0
	for i := range c.Items {
		if it := &c.Items[i]; s.match(it) {
			eachRing(it.Geometry, false, func(r []orb.Point, closed bool) {
				if !f.project(r) || f.rowsMiss(w+128) {
					return
				}
				if dash > 0 {
					f.strokeDashed(w, dash, gap)
				} else {
					f.strokeLine(f.pts, w, closed)
				}
				n++
			})
		}
	}
	if n > 0 {
		f.render(premulOf(l.Color), Hatch{})
	}
}

// eachRing calls fn with the rings of polygons in g and, unless
// polygonsOnly, with its line strings.
func eachRing(g orb.Geometry, polygonsOnly bool, fn func(r []orb.Point, closed bool)) {
	switch g := g.(type) {
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				fn(r, true)
			}
		}
	case orb.Polygon:
		for _, r := range g {
			fn(r, true)
		}
	case orb.MultiLineString:
		for _, l := range g {
			if !polygonsOnly {
				fn(l, false)
			}
		}
	case orb.LineString:
		if !polygonsOnly {
			fn(g, false)
		}
	}
}
