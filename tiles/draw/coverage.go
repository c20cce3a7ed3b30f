package draw

import (
	"math/bits"

	"golang.org/x/image/math/fixed"
)

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
