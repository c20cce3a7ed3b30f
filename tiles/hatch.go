package tiles

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"math"

	"github.com/golang/freetype/raster"
	"github.com/paulmach/orb"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// This file holds the pixel work of the raster renderer: compositing
// antialiased spans and masks onto an *image.RGBA, and the hatch pattern.
// All of it is integer arithmetic (the formulas of image/draw), so a tile
// renders to the same pixels on every platform.

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
// cross runs of one colour, so the last result is reused.
func overSpan(pix []byte, c premul, ma uint32) {
	if c.a == 0xffff && ma == 0xffff {
		fillPixels(pix, [4]byte{uint8(c.r >> 8), uint8(c.g >> 8), uint8(c.b >> 8), 0xff})
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

// Paint implements raster.Painter.
func (p *painter) Paint(ss []raster.Span, done bool) {
	for _, s := range ss {
		if s.Alpha == 0 {
			continue
		}
		i := p.dst.PixOffset(p.dst.Rect.Min.X+s.X0, p.dst.Rect.Min.Y+s.Y)
		pix := p.dst.Pix[i : i+4*(s.X1-s.X0)]
		if p.fill.a > 0 {
			overSpan(pix, p.fill, s.Alpha)
		}
		if len(p.pattern) > 0 {
			p.hatchSpan(pix, s)
		}
	}
}

func (p *painter) hatchSpan(pix []byte, s raster.Span) {
	n := len(p.pattern)
	k := (p.phase + s.X0 + s.Y) % n
	for i := 0; i+4 <= len(pix); i += 4 {
		if m := p.pattern[k]; m > 0 {
			over(pix[i:i+4], p.hatch, s.Alpha*m/0xffff)
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

// frame holds the buffers of one drawing. Frames are pooled by the
// Renderer, so a drawing allocates little.
type frame struct {
	view    view
	ras     raster.Rasterizer
	rasSize image.Point
	paint   painter
	pts     []fixed.Point26_6
	path    raster.Path
	pattern []uint32

	canvasPix []byte
	canvasImg image.RGBA

	faces      map[faceKey]font.Face // taken from freeFaces when needed
	freeFaces  chan map[faceKey]font.Face
	text, halo image.Alpha
	order      []int
	boxes      []image.Rectangle

	palPix []byte
	palImg image.Paletted
	colors [256]color.RGBA
	slots  [1024]uint16 // palette index + 1 by hash of the colour; 0 is empty
	keys   [1024]uint32
	out    bytes.Buffer
	png    pngWriter
}

func (r *Renderer) frame() *frame {
	f, ok := r.frames.Get().(*frame)
	if !ok {
		f = &frame{}
	}
	f.freeFaces = r.faces
	return f
}

// release returns f and its faces for reuse.
func (r *Renderer) release(f *frame) {
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
func (f *frame) canvas(size int) *image.RGBA {
	n := 4 * size * size
	if cap(f.canvasPix) < n {
		f.canvasPix = make([]byte, n)
	}
	f.canvasPix = f.canvasPix[:n]
	clear(f.canvasPix)
	f.canvasImg = image.RGBA{Pix: f.canvasPix, Stride: 4 * size, Rect: image.Rect(0, 0, size, size)}
	return &f.canvasImg
}

// begin readies the frame to draw onto dst through v.
func (f *frame) begin(dst *image.RGBA, v view) {
	f.view = v
	f.paint.dst = dst
	if sz := dst.Rect.Size(); sz != f.rasSize {
		f.ras.SetBounds(sz.X, sz.Y)
		f.rasSize = sz
	} else {
		f.ras.Clear()
	}
	f.ras.UseNonZeroWinding = true
}

// render paints what was added to the rasteriser: col, then the hatch h.
// Everything added in one go is one coverage mask, so shared edges and
// overlaps within it leave no seams and no double alpha.
func (f *frame) render(col premul, h Hatch) {
	f.paint.fill = col
	f.paint.pattern = nil
	if h.Color.A > 0 && h.Width > 0 && h.Spacing > 0 {
		f.pattern = hatchPattern(f.pattern, float64(h.Width*f.view.px), float64(h.Spacing*f.view.px))
		n := int64(len(f.pattern))
		f.paint.pattern = f.pattern
		f.paint.hatch = premulOf(h.Color)
		f.paint.phase = int((f.view.world%n + n) % n)
	}
	f.ras.Rasterize(&f.paint)
	f.ras.Clear()
}

// fill fills the polygons of the items s selects (nonzero winding: holes
// are wound opposite to their outer rings).
func (f *frame) fill(c *Content, s selector, col premul, h Hatch) {
	if col.a == 0 && h.Color.A == 0 {
		return
	}
	n := 0
	for i := range c.Items {
		if it := &c.Items[i]; s.match(it) {
			eachRing(it.Geometry, true, func(r []orb.Point, _ bool) {
				if f.project(r) {
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
func (f *frame) stroke(c *Content, s selector, l Line) {
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
				if !f.project(r) {
					return
				}
				if dash > 0 {
					f.strokeDashed(w, dash, gap)
				} else {
					f.strokeSolid(w, closed)
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

// project converts r to canvas pixels in f.pts, dropping repeated points;
// it reports whether at least two points remain.
func (f *frame) project(r []orb.Point) bool {
	f.pts = f.pts[:0]
	for _, p := range r {
		q := f.view.point(p)
		if n := len(f.pts); n == 0 || f.pts[n-1] != q {
			f.pts = append(f.pts, q)
		}
	}
	return len(f.pts) >= 2
}

// addRing adds f.pts as a closed contour.
func (f *frame) addRing() {
	f.ras.Start(f.pts[0])
	for _, p := range f.pts[1:] {
		f.ras.Add1(p)
	}
	if f.pts[len(f.pts)-1] != f.pts[0] {
		f.ras.Add1(f.pts[0])
	}
}

// strokeSolid adds the outline of f.pts, w wide.
func (f *frame) strokeSolid(w fixed.Int26_6, closed bool) {
	f.path.Clear()
	f.path.Start(f.pts[0])
	for _, p := range f.pts[1:] {
		f.path.Add1(p)
	}
	cap := raster.ButtCapper
	if closed {
		cap = raster.RoundCapper // the two ends meet: round hides the seam
	}
	raster.Stroke(&f.ras, f.path, w, cap, raster.BevelJoiner)
}

// strokeDashed adds dashes along f.pts, w wide: dash on, gap off, in 26.6
// pixels, starting with a dash at the first point. Lengths are integer
// (the square root of an exact integer), so dashes fall alike everywhere.
func (f *frame) strokeDashed(w fixed.Int26_6, dash, gap int64) {
	on, left := true, dash
	f.path.Clear()
	f.path.Start(f.pts[0])
	for i := 1; i < len(f.pts); i++ {
		a, b := f.pts[i-1], f.pts[i]
		dx, dy := int64(b.X-a.X), int64(b.Y-a.Y)
		l := int64(math.Sqrt(float64(dx*dx + dy*dy)))
		for t := int64(0); t < l; {
			step := min(left, l-t)
			t, left = t+step, left-step
			p := fixed.Point26_6{X: a.X + fixed.Int26_6(dx*t/l), Y: a.Y + fixed.Int26_6(dy*t/l)}
			if on {
				f.path.Add1(p)
			}
			if left > 0 {
				continue
			}
			if on {
				raster.Stroke(&f.ras, f.path, w, raster.ButtCapper, raster.BevelJoiner)
				left = gap
			} else {
				f.path.Clear()
				f.path.Start(p)
				left = dash
			}
			on = !on
		}
	}
	if on {
		raster.Stroke(&f.ras, f.path, w, raster.ButtCapper, raster.BevelJoiner)
	}
}

// addCircle adds a disc of radius rad around c: four cubic Béziers, the
// control points 0.5523 (36195/65536) of the radius out.
func (f *frame) addCircle(c fixed.Point26_6, rad fixed.Int26_6) {
	k := fixed.Int26_6(int64(rad) * 36195 / 65536)
	pt := func(x, y fixed.Int26_6) fixed.Point26_6 { return fixed.Point26_6{X: c.X + x, Y: c.Y + y} }
	f.ras.Start(pt(rad, 0))
	f.ras.Add3(pt(rad, k), pt(k, rad), pt(0, rad))
	f.ras.Add3(pt(-k, rad), pt(-rad, k), pt(-rad, 0))
	f.ras.Add3(pt(-rad, -k), pt(-k, -rad), pt(0, -rad))
	f.ras.Add3(pt(k, -rad), pt(rad, -k), pt(rad, 0))
}

// paletted converts img to a paletted image if it has at most 256
// colours. The palette is in order of first appearance, so the bytes are
// deterministic.
func (f *frame) paletted(img *image.RGBA) (*image.Paletted, bool) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if cap(f.palPix) < w*h {
		f.palPix = make([]byte, w*h)
	}
	pix := f.palPix[:w*h]
	clear(f.slots[:])
	pal := f.palImg.Palette[:0]
	var last uint32
	var idx uint8
	j := 0
	for y := range h {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):][:4*w]
		for i := 0; i < len(row); i += 4 {
			v := binary.LittleEndian.Uint32(row[i:])
			if j == 0 || v != last {
				var ok bool
				if idx, ok = f.lookup(v, &pal); !ok {
					return nil, false
				}
				last = v
			}
			pix[j] = idx
			j++
		}
	}
	f.palImg = image.Paletted{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h), Palette: pal}
	return &f.palImg, true
}

// lookup returns the palette index of the pixel v (little-endian RGBA),
// adding it to pal if new; ok is false if pal is full.
func (f *frame) lookup(v uint32, pal *color.Palette) (uint8, bool) {
	h := (v * 0x9e3779b1) >> 22
	for {
		s := f.slots[h]
		if s == 0 {
			n := len(*pal)
			if n == len(f.colors) {
				return 0, false
			}
			f.slots[h], f.keys[h] = uint16(n+1), v
			f.colors[n] = color.RGBA{R: uint8(v), G: uint8(v >> 8), B: uint8(v >> 16), A: uint8(v >> 24)}
			*pal = append(*pal, &f.colors[n]) // a pointer: no allocation
			return uint8(n), true
		}
		if f.keys[h] == v {
			return uint8(s - 1), true
		}
		h = (h + 1) & (uint32(len(f.slots)) - 1)
	}
}

// coverage is an antialiasing scanline rasteriser: the signed-area
// accumulation of font-rs and golang.org/x/image/vector, in integer
// arithmetic on 26.6 coordinates. Each row of acc gathers, per pixel, the
// change of covered area (4096 a whole pixel) that the edges make there;
// a running sum along the row is the coverage. The absolute sum clipped
// to one pixel is nonzero winding for holes wound opposite to their outer
// rings, and makes overlapping strokes add up instead of cancelling.
// coverage implements raster.Adder, so raster.Stroke can feed it.
type coverage struct {
	w, h       int
	acc        []int32 // h rows of w+1: the extra column takes what falls right of the image
	lo, hi     []int32 // the columns of each row that edges touched
	yLo, yHi   int     // the rows that edges touched
	pen, start fixed.Point26_6
	open       bool
	spans      []raster.Span
}

const (
	covOne  = 64      // one pixel in 26.6
	covFull = 64 * 64 // the area of one pixel
)

// reset sizes c to w×h pixels and empties it.
func (c *coverage) reset(w, h int) {
	if c.w != w || c.h != h {
		c.w, c.h = w, h
		c.acc = make([]int32, (w+1)*h)
		c.lo, c.hi = make([]int32, h), make([]int32, h)
		for y := range h {
			c.lo[y], c.hi[y] = int32(w+1), -1
		}
		c.yLo, c.yHi = h, -1
	}
	c.open = false
}

// Start implements raster.Adder: it closes the open contour and starts
// a new one at a.
func (c *coverage) Start(a fixed.Point26_6) {
	c.close()
	c.pen, c.start, c.open = a, a, true
}

// Add1 implements raster.Adder.
func (c *coverage) Add1(b fixed.Point26_6) {
	c.line(c.pen, b)
	c.pen = b
}

// Add2 implements raster.Adder, flattening the quadratic Bézier.
func (c *coverage) Add2(b, d fixed.Point26_6) {
	a := c.pen
	n := curveSteps(a, b, d)
	for i := int64(1); i <= n; i++ {
		j := n - i
		c.Add1(fixed.Point26_6{
			X: fixed.Int26_6((j*j*int64(a.X) + 2*j*i*int64(b.X) + i*i*int64(d.X)) / (n * n)),
			Y: fixed.Int26_6((j*j*int64(a.Y) + 2*j*i*int64(b.Y) + i*i*int64(d.Y)) / (n * n)),
		})
	}
}

// Add3 implements raster.Adder, flattening the cubic Bézier.
func (c *coverage) Add3(b, d, e fixed.Point26_6) {
	a := c.pen
	n := curveSteps(a, b, d, e)
	for i := int64(1); i <= n; i++ {
		j := n - i
		c.Add1(fixed.Point26_6{
			X: fixed.Int26_6((j*j*j*int64(a.X) + 3*j*j*i*int64(b.X) + 3*j*i*i*int64(d.X) + i*i*i*int64(e.X)) / (n * n * n)),
			Y: fixed.Int26_6((j*j*j*int64(a.Y) + 3*j*j*i*int64(b.Y) + 3*j*i*i*int64(d.Y) + i*i*i*int64(e.Y)) / (n * n * n)),
		})
	}
}

// curveSteps is how many lines flatten a curve through ps: one per two
// pixels of its control polygon, 1 to 16.
func curveSteps(ps ...fixed.Point26_6) int64 {
	var l int64
	for i := 1; i < len(ps); i++ {
		l += abs64(int64(ps[i].X-ps[i-1].X)) + abs64(int64(ps[i].Y-ps[i-1].Y))
	}
	return min(16, 1+l/(2*covOne))
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// close adds the edge back to the start of the open contour.
func (c *coverage) close() {
	if c.open && c.pen != c.start {
		c.line(c.pen, c.start)
	}
	c.pen, c.open = c.start, false
}

// line accumulates the edge from a to b, row by row.
func (c *coverage) line(a, b fixed.Point26_6) {
	dir := int64(1)
	if a.Y > b.Y {
		a, b, dir = b, a, -1
	}
	ay, by := int64(a.Y), int64(b.Y)
	if ay == by {
		return // horizontal edges change no coverage
	}
	ax, dx := int64(a.X), int64(b.X-a.X)
	xAt := func(y int64) int64 { return ax + dx*(y-ay)/(by-ay) } // exact integer: no drift
	y0 := max(0, floorDiv(ay, covOne))
	y1 := min(int64(c.h), (by+covOne-1)/covOne)
	for y := y0; y < y1; y++ {
		top, bot := max(y*covOne, ay), min((y+1)*covOne, by)
		if top >= bot {
			continue
		}
		c.cell(int(y), xAt(top), xAt(bot), (bot-top)*dir)
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// cell accumulates the part of an edge inside row y, from x at its top to
// xn at its bottom, d its signed height (26.6). The contributions to the
// row add up to exactly d·64, so nothing leaks past the edge.
func (c *coverage) cell(y int, x, xn, d int64) {
	row := c.acc[y*(c.w+1) : (y+1)*(c.w+1)]
	x0, x1 := min(x, xn), max(x, xn)
	i0, i1 := floorDiv(x0, covOne), floorDiv(x1+covOne-1, covOne)
	total, sum := d*covOne, int64(0)
	add := func(i, v int64) {
		j := min(max(i, 0), int64(c.w))
		row[j] += int32(v)
		sum += v
		c.lo[y], c.hi[y] = min(c.lo[y], int32(j)), max(c.hi[y], int32(j))
	}
	if i1 <= i0+1 {
		// Within one column: the area left of the edge's mean x.
		xm := (x+xn)/2 - i0*covOne
		add(i0, d*(covOne-xm))
	} else {
		// Across columns: a triangle, trapezoids, a triangle.
		s2 := 2 * (x1 - x0)
		f0 := covOne - (x0 - i0*covOne) // the part of the first column right of x0
		f1 := x1 - (i1-1)*covOne        // the part of the last column left of x1
		add(i0, d*f0*f0/s2)
		for i := i0 + 1; i < i1-1; i++ {
			// Area covered up to the right side of column i, minus what
			// earlier columns took.
			w := (i+1)*covOne - x0
			add(i, d*w*w/s2-sum)
			if i == i0+1 {
				continue
			}
		}
		last := d * (s2*covOne - f1*f1) / s2 // up to the right of column i1-1
		add(i1-1, last-sum)
	}
	add(i0+max(1, i1-i0), total-sum)
	if y < c.yLo {
		c.yLo = y
	}
	if y > c.yHi {
		c.yHi = y
	}
}
