package tiles

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"math"
	"math/bits"

	"github.com/paulmach/orb"
	"golang.org/x/image/math/fixed"
)

// This file holds the pixel work of the raster renderer: the frame of
// reusable buffers, fills and strokes (with dashes) of tile geometry, the
// antialiasing rasteriser (coverage), and compositing its spans, the hatch
// pattern and label masks onto an *image.RGBA. Geometry is 26.6 fixed
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

// frame holds the buffers of one drawing. Frames are pooled by the
// Renderer, so a drawing allocates little.
type frame struct {
	view    view
	ras     coverage
	paint   painter
	pts     []fixed.Point26_6 // the ring being drawn, in canvas pixels
	norms   []fixed.Point26_6 // its segments' normals
	dash    []fixed.Point26_6 // the dash being drawn
	pattern []uint32

	canvasPix []byte
	canvasImg image.RGBA

	faces      map[faceKey]*labelFace // taken from freeFaces when needed
	freeFaces  chan map[faceKey]*labelFace
	text, halo image.Alpha
	labels     []label
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
	f.ras.reset(dst.Rect.Dx(), dst.Rect.Dy())
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
	f.ras.rasterize(&f.paint)
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

// minStep is the shortest segment project keeps: a quarter pixel.
const minStep = covOne / 4

// project converts r to canvas pixels in f.pts, dropping points within a
// quarter pixel of the last one kept (but keeping the last point, which
// closes a ring); it reports whether at least two points remain.
func (f *frame) project(r []orb.Point) bool {
	f.pts = f.pts[:0]
	for i, p := range r {
		q := f.view.point(p)
		n := len(f.pts)
		switch {
		case n == 0:
		case i == len(r)-1:
			if f.pts[n-1] == q {
				continue
			}
			if n > 1 && closeTo(f.pts[n-1], q) {
				f.pts = f.pts[:n-1]
			}
		case closeTo(f.pts[n-1], q):
			continue
		}
		f.pts = append(f.pts, q)
	}
	return len(f.pts) >= 2
}

func closeTo(a, b fixed.Point26_6) bool {
	return abs64(int64(a.X-b.X)) < minStep && abs64(int64(a.Y-b.Y)) < minStep
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

// strokeLine adds the outline of the polyline pts, w wide, with bevel
// joins. A closed ring (first point = last) becomes two contours, its
// outer and inner edge wound opposite; an open line one contour with butt
// ends. Normals are integer (the square root of an exact integer), so the
// outline is the same on every platform.
func (f *frame) strokeLine(pts []fixed.Point26_6, w fixed.Int26_6, closed bool) {
	n := len(pts)
	if n < 2 {
		return
	}
	f.norms = f.norms[:0]
	for i := 1; i < n; i++ {
		f.norms = append(f.norms, normal(pts[i-1], pts[i], w))
	}
	nn := f.norms
	if closed && pts[0] == pts[n-1] && n > 2 {
		m := n - 1 // vertices; segment j goes from vertex j to j+1
		for _, side := range []fixed.Int26_6{1, -1} {
			for k := range m {
				j := k
				if side < 0 {
					j = m - 1 - k // the inner edge runs backwards
				}
				in, out := nn[(j+m-1)%m].Mul(side*64), nn[j].Mul(side*64)
				if side < 0 {
					in, out = out, in
				}
				f.to(k == 0, pts[j].Add(in))
				if !closeTo(in, out) { // a bevel; on a straight line one point does
					f.to(false, pts[j].Add(out))
				}
			}
		}
		return
	}
	f.to(true, pts[0].Add(nn[0]))
	for j := 1; j < n-1; j++ {
		f.to(false, pts[j].Add(nn[j-1]))
		if !closeTo(nn[j-1], nn[j]) {
			f.to(false, pts[j].Add(nn[j]))
		}
	}
	f.to(false, pts[n-1].Add(nn[n-2]))
	f.to(false, pts[n-1].Sub(nn[n-2]))
	for j := n - 2; j >= 1; j-- {
		f.to(false, pts[j].Sub(nn[j]))
		if !closeTo(nn[j-1], nn[j]) {
			f.to(false, pts[j].Sub(nn[j-1]))
		}
	}
	f.to(false, pts[0].Sub(nn[0]))
}

// to starts a contour at p or adds a line to it, skipping repeated points.
func (f *frame) to(start bool, p fixed.Point26_6) {
	switch {
	case start:
		f.ras.Start(p)
	case p != f.ras.pen:
		f.ras.Add1(p)
	}
}

// normal is the left normal of the segment a→b (y down), w/2 long.
func normal(a, b fixed.Point26_6, w fixed.Int26_6) fixed.Point26_6 {
	dx, dy := int64(b.X-a.X), int64(b.Y-a.Y)
	l := int64(math.Sqrt(float64(dx*dx + dy*dy)))
	if l == 0 {
		return fixed.Point26_6{}
	}
	return fixed.Point26_6{X: fixed.Int26_6(dy * int64(w) / (2 * l)), Y: fixed.Int26_6(-dx * int64(w) / (2 * l))}
}

// strokeDashed adds dashes along f.pts, w wide: dash on, gap off, in 26.6
// pixels, starting with a dash at the first point. Lengths are integer,
// so dashes fall alike everywhere.
func (f *frame) strokeDashed(w fixed.Int26_6, dash, gap int64) {
	on, left := true, dash
	f.dash = append(f.dash[:0], f.pts[0])
	for i := 1; i < len(f.pts); i++ {
		a, b := f.pts[i-1], f.pts[i]
		dx, dy := int64(b.X-a.X), int64(b.Y-a.Y)
		l := int64(math.Sqrt(float64(dx*dx + dy*dy)))
		for t := int64(0); t < l; {
			step := min(left, l-t)
			t, left = t+step, left-step
			p := fixed.Point26_6{X: a.X + fixed.Int26_6(dx*t/l), Y: a.Y + fixed.Int26_6(dy*t/l)}
			if on {
				f.dash = append(f.dash, p)
			}
			if left > 0 {
				continue
			}
			if on {
				f.strokeLine(f.dash, w, false)
				left = gap
			} else {
				f.dash = append(f.dash[:0], p)
				left = dash
			}
			on = !on
		}
	}
	if on {
		f.strokeLine(f.dash, w, false)
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

// coverage is an antialiasing scanline rasteriser: the signed-area
// accumulation of font-rs and golang.org/x/image/vector, in integer
// arithmetic on 26.6 coordinates. Each row of acc gathers, per pixel, the
// change of covered area (4096 a whole pixel) that the edges make there;
// a running sum along the row is the coverage. The absolute sum clipped
// to one pixel is nonzero winding for holes wound opposite to their outer
// rings, and makes overlapping strokes add up instead of cancelling.
type coverage struct {
	w, h       int
	acc        []int32  // h rows of w+1: the extra column takes what falls right of the image
	touched    []uint64 // a bit for each cell of acc that edges changed, stride words
	words      int
	lo, hi     []int32 // the columns of each row that edges touched
	yLo, yHi   int     // the rows that edges touched
	pen, start fixed.Point26_6
	open       bool
	spans      []span
}

const (
	covOne  = 64      // one pixel in 26.6
	covFull = 64 * 64 // the area of one pixel
)

// reset sizes c to w×h pixels and empties it.
func (c *coverage) reset(w, h int) {
	if c.w != w || c.h != h || c.yLo <= c.yHi { // new size, or left dirty
		c.w, c.h = w, h
		c.acc = make([]int32, (w+1)*h)
		c.words = (w + 1 + 63) / 64
		c.touched = make([]uint64, c.words*h)
		c.lo, c.hi = make([]int32, h), make([]int32, h)
		for y := range h {
			c.lo[y], c.hi[y] = int32(w+1), -1
		}
		c.yLo, c.yHi = h, -1
	}
	c.open = false
}

// Start closes the open contour and starts a new one at a.
func (c *coverage) Start(a fixed.Point26_6) {
	c.close()
	c.pen, c.start, c.open = a, a, true
}

// Add1 adds a line from the pen to b.
func (c *coverage) Add1(b fixed.Point26_6) {
	c.line(c.pen, b)
	c.pen = b
}

// Add2 adds a quadratic Bézier from the pen through b to d, flattened.
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

// Add3 adds a cubic Bézier from the pen through b and d to e, flattened.
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
	top := max(y0*covOne, ay)
	x := xAt(top)
	for y := y0; y < y1; y++ {
		bot := min((y+1)*covOne, by)
		xn := xAt(bot)
		if top < bot {
			c.cell(int(y), x, xn, (bot-top)*dir)
		}
		top, x = bot, xn
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
// xn at its bottom, d its signed height (26.6). After column i the running
// sum of the edge's contributions is the area of pixel i right of the
// edge; from the column right of the edge on it is the whole d·64, exactly.
func (c *coverage) cell(y int, x, xn, d int64) {
	row := c.acc[y*(c.w+1) : (y+1)*(c.w+1)]
	x0, x1 := min(x, xn), max(x, xn)
	i0, i1 := floorDiv(x0, covOne), floorDiv(x1+covOne-1, covOne)
	sum := int64(0)
	add := func(i, target int64) {
		j := min(max(i, 0), int64(c.w))
		row[j] += int32(target - sum)
		sum = target
		c.touched[y*c.words+int(j>>6)] |= 1 << (j & 63)
		c.lo[y], c.hi[y] = min(c.lo[y], int32(j)), max(c.hi[y], int32(j))
	}
	if i1 <= i0+1 {
		// Within one column: the area right of the edge's mean x.
		add(i0, d*(2*(i0+1)*covOne-x0-x1)/2)
	} else {
		// g is the area between the edge and the vertical line at X, left
		// of X, times 2(x1-x0).
		g := func(X int64) int64 {
			switch {
			case X <= x0:
				return 0
			case X >= x1:
				return d * (2*X - x0 - x1) * (x1 - x0)
			}
			return d * (X - x0) * (X - x0)
		}
		s2 := 2 * (x1 - x0)
		for i := i0; i < i1; i++ {
			add(i, (g((i+1)*covOne)-g(i*covOne))/s2)
		}
	}
	add(max(i1, i0+1), d*covOne)
	c.yLo, c.yHi = min(c.yLo, y), max(c.yHi, y)
}

// rasterize closes the open contour, paints the covered pixels as spans
// with p and empties c for the next path.
func (c *coverage) rasterize(p *painter) {
	c.close()
	for y := c.yLo; y <= c.yHi; y++ {
		lo, hi := int(c.lo[y]), int(c.hi[y])
		if lo > hi {
			continue
		}
		row := c.acc[y*(c.w+1) : (y+1)*(c.w+1)]
		tw := c.touched[y*c.words : (y+1)*c.words]
		spans := c.spans[:0]
		var acc int32
		x := 0 // the pixels from x to the next touched cell have coverage acc
		for wi := lo >> 6; wi <= hi>>6; wi++ {
			for b := tw[wi]; b != 0; b &= b - 1 {
				t := wi<<6 + bits.TrailingZeros64(b)
				if t >= c.w { // the extra column
					row[t] = 0
					continue
				}
				spans = appendSpan(spans, y, x, t, acc)
				acc += row[t]
				row[t] = 0
				spans = appendSpan(spans, y, t, t+1, acc)
				x = t + 1
			}
			tw[wi] = 0
		}
		spans = appendSpan(spans, y, x, c.w, acc)
		c.lo[y], c.hi[y] = int32(c.w+1), -1
		if len(spans) > 0 {
			p.paint(spans)
		}
		c.spans = spans
	}
	c.yLo, c.yHi = c.h, -1
}

// appendSpan adds pixels x0 to x1 of row y with accumulated area a to ss,
// extending the last span if it has the same alpha.
func appendSpan(ss []span, y, x0, x1 int, a int32) []span {
	if x0 >= x1 {
		return ss
	}
	if a < 0 {
		a = -a
	}
	alpha := uint32(min(a, covFull)) * 0xffff / covFull
	if alpha == 0 {
		return ss
	}
	if n := len(ss); n > 0 && ss[n-1].x1 == x0 && ss[n-1].alpha == alpha {
		ss[n-1].x1 = x1
		return ss
	}
	return append(ss, span{y: y, x0: x0, x1: x1, alpha: alpha})
}
