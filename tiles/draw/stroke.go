package draw

import (
	"math"

	"github.com/paulmach/orb"
	"golang.org/x/image/math/fixed"
)

// This file turns tile geometry into canvas pixels and outlines strokes
// (with bevels and dashes) as polygons for the rasteriser in coverage.go.

// minStep is the shortest segment project keeps: a quarter pixel.
const minStep = covOne / 4

// project converts r to canvas pixels in f.pts, dropping points within a
// quarter pixel of the last one kept (but keeping the last point, which
// closes a ring); it reports whether at least two points remain.
func (f *pen) project(r []orb.Point) bool {
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

// rowsMiss reports whether f.pts lie wholly above or below the canvas by
// more than margin: such a ring adds nothing to any row, and skipping it
// spares the stroke outline and the rasteriser (a band of a snapshot
// skips the rings of the other bands). Rings left or right of the canvas
// are kept: the rasteriser folds them into its edge columns.
func (f *pen) rowsMiss(margin fixed.Int26_6) bool {
	lo, hi := f.pts[0].Y, f.pts[0].Y
	for _, p := range f.pts[1:] {
		lo, hi = min(lo, p.Y), max(hi, p.Y)
	}
	return hi < -margin || lo > fixed.Int26_6(f.ras.h*64)+margin
}

func closeTo(a, b fixed.Point26_6) bool {
	return abs64(int64(a.X-b.X)) < minStep && abs64(int64(a.Y-b.Y)) < minStep
}

// addRing adds f.pts as a closed contour.
func (f *pen) addRing() {
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
func (f *pen) strokeLine(pts []fixed.Point26_6, w fixed.Int26_6, closed bool) {
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
func (f *pen) to(start bool, p fixed.Point26_6) {
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
func (f *pen) strokeDashed(w fixed.Int26_6, dash, gap int64) {
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
func (f *pen) addCircle(c fixed.Point26_6, rad fixed.Int26_6) {
	k := fixed.Int26_6(int64(rad) * 36195 / 65536)
	pt := func(x, y fixed.Int26_6) fixed.Point26_6 { return fixed.Point26_6{X: c.X + x, Y: c.Y + y} }
	f.ras.Start(pt(rad, 0))
	f.ras.Add3(pt(rad, k), pt(k, rad), pt(0, rad))
	f.ras.Add3(pt(-k, rad), pt(-rad, k), pt(-rad, 0))
	f.ras.Add3(pt(-rad, -k), pt(-k, -rad), pt(0, -rad))
	f.ras.Add3(pt(k, -rad), pt(rad, -k), pt(rad, 0))
}
