package tiles

import (
	"image"
	"image/color"
	"math"
	"strings"

	"github.com/paulmach/orb"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// chromeInks are the colours of a picture's frame: title bar, footer,
// legend and scale bar. The gif palette holds each of them.
type chromeInks struct {
	bg, ink, muted, rule, footer, panel, stamp, white color.NRGBA
}

func defaultInks() chromeInks {
	return chromeInks{
		bg:     rgba(0xff, 0xff, 0xff, 0xff),
		ink:    rgba(0x1f, 0x1f, 0x24, 0xff),
		muted:  rgba(0x5c, 0x5c, 0x63, 0xff),
		rule:   rgba(0xc9, 0xc3, 0xb8, 0xff),
		footer: rgba(0xf6, 0xf4, 0xef, 0xff),
		panel:  rgba(0xff, 0xff, 0xff, 0xff),
		stamp:  rgba(0x2a, 0x2a, 0x2e, 0xff),
		white:  rgba(0xff, 0xff, 0xff, 0xff),
	}
}

// chrome draws text and boxes onto a picture in CSS pixels, scaled to
// device pixels, with the frame's rasteriser and fonts.
type chrome struct {
	r   *Renderer
	f   *frame
	dst *image.RGBA
	lay layout
	s   float64
	in  chromeInks
}

func newChrome(r *Renderer, f *frame, dst *image.RGBA, lay layout) *chrome {
	s := float64(lay.scale)
	f.begin(dst, view{k64: 64 * s, px: s, box: dst.Rect})
	return &chrome{r: r, f: f, dst: dst, lay: lay, s: s, in: defaultInks()}
}

func (c *chrome) face(size float64, bold bool) *labelFace {
	return c.f.face(c.r.fonts, PlaceStyle{FontSize: size, Bold: bold}, c.s)
}

// width is the advance of s in CSS pixels.
func (c *chrome) width(s string, size float64, bold bool) float64 {
	return float64(c.face(size, bold).measure(s)) / 64 / c.s
}

// text draws s from x with its baseline at y (CSS pixels, the baseline
// rounded to a device pixel for crisp hinting).
func (c *chrome) text(x, y float64, s string, size float64, bold bool, col color.NRGBA) {
	d := font.Drawer{Dst: c.dst, Src: image.NewUniform(col), Face: c.face(size, bold),
		Dot: fixed.Point26_6{X: fixed.Int26_6(math.Round(x * c.s * 64)), Y: fixed.I(int(math.Round(y * c.s)))}}
	d.DrawString(s)
}

// fit shortens s with an ellipsis until it is at most w CSS pixels wide.
func (c *chrome) fit(s string, size float64, bold bool, w float64) string {
	if c.width(s, size, bold) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		if t := strings.TrimRight(string(r), " ,;·") + "…"; c.width(t, size, bold) <= w {
			return t
		}
	}
	return ""
}

// rect fills a rectangle (CSS pixels).
func (c *chrome) rect(x0, y0, x1, y1 float64, col color.NRGBA) {
	c.f.pts = append(c.f.pts[:0], c.pt(x0, y0), c.pt(x1, y0), c.pt(x1, y1), c.pt(x0, y1), c.pt(x0, y0))
	c.f.addRing()
	c.f.render(premulOf(col), Hatch{})
}

// frame outlines a rectangle with a line one CSS pixel wide, inside it.
func (c *chrome) frame(x0, y0, x1, y1 float64, col color.NRGBA) {
	c.f.pts = append(c.f.pts[:0], c.pt(x0, y0), c.pt(x1, y0), c.pt(x1, y1), c.pt(x0, y1), c.pt(x0, y0))
	c.f.addRing()
	c.f.pts = append(c.f.pts[:0], c.pt(x0+1, y0+1), c.pt(x0+1, y1-1), c.pt(x1-1, y1-1), c.pt(x1-1, y0+1), c.pt(x0+1, y0+1))
	c.f.addRing()
	c.f.render(premulOf(col), Hatch{})
}

func (c *chrome) pt(x, y float64) fixed.Point26_6 {
	return fixed.Point26_6{X: fixed.Int26_6(math.Round(x * c.s * 64)), Y: fixed.Int26_6(math.Round(y * c.s * 64))}
}

// swatch draws a map symbol over land in a w×h box at (x, y).
func (c *chrome) swatch(x, y, w, h float64, a Area) {
	c.rect(x, y, x+w, y+h, c.r.st.Land)
	inset := a.Outline.Width / 2
	box := orb.Polygon{{{x + inset, y + inset}, {x + inset, y + h - inset}, {x + w - inset, y + h - inset}, {x + w - inset, y + inset}, {x + inset, y + inset}}}
	sc := &Content{Items: []Item{{Layer: LayerControl, Geometry: orb.MultiPolygon{box}}}}
	sel := selector{layer: LayerControl}
	c.f.fill(sc, sel, premulOf(a.Fill), a.Hatch)
	c.f.stroke(sc, sel, a.Outline)
}

// titleBar draws the title, a subtitle and the date stamp; progress (0..1,
// or < 0 for none) draws a timeline under it.
func (c *chrome) titleBar(title, subtitle, stamp string, progress float64) {
	w, h := float64(c.lay.w), float64(c.lay.titleH)
	c.rect(0, 0, w, h, c.in.bg)
	c.rect(0, h-1, w, h, c.in.rule)
	sw := c.width(stamp, 15, true) + 24
	x0 := w - 16 - sw
	c.rect(x0, 17, w-16, 47, c.in.stamp)
	c.text(x0+12, 37, stamp, 15, true, c.in.white)
	room := x0 - 32
	c.text(16, 31, c.fit(title, 22, true, room), 22, true, c.in.ink)
	c.text(16, 51, c.fit(subtitle, 12.5, false, room), 12.5, false, c.in.muted)
	if progress >= 0 {
		c.rect(0, h-3, w*min(1, progress), h, c.in.stamp)
	}
}

// scaleBar draws a scale bar at the bottom right of the map, true at the
// map's middle latitude.
func (c *chrome) scaleBar(mv mapView) {
	mw, mh := c.lay.mapSize()
	if mw < 160 || mh < 80 {
		return
	}
	metres, px := scaleBar(mv.center()[1], mv.zoom, math.Min(140, float64(mw)/4))
	if px < 16 {
		return
	}
	label := lengthLabel(metres)
	lw := c.width(label, 11, true)
	w, h := math.Max(px, lw)+16, 34.0
	x1, y1 := float64(mw)-12, float64(c.lay.titleH+mh)-12
	x0, y0 := x1-w, y1-h
	c.rect(x0, y0, x1, y1, c.in.panel)
	c.frame(x0, y0, x1, y1, c.in.rule)
	bx, by := x0+8, y1-14
	c.rect(bx, by, bx+px, by+6, c.in.stamp)
	c.rect(bx+px/2, by+1, bx+px-1, by+5, c.in.white)
	c.text(bx+(px-lw)/2, by-5, label, 11, true, c.in.ink)
}

// legendRow is a line of the legend: a swatch (or none), a label and a
// value on the right.
type legendRow struct {
	area   Area
	symbol bool
	label  string
	value  string
}

// legend draws a box of rows and notes at the bottom left of the map;
// it is left out if the map has no room for it.
func (c *chrome) legend(header string, rows []legendRow, notes []string) {
	const pad, rowH, sw, sh, gap, size, small = 10.0, 20.0, 26.0, 13.0, 8.0, 12.0, 10.5
	var labelW, valueW float64
	for _, r := range rows {
		labelW = math.Max(labelW, c.width(r.label, size, false))
		valueW = math.Max(valueW, c.width(r.value, size, false))
	}
	w := sw + gap + labelW
	if valueW > 0 {
		w += 3*gap + valueW
	}
	w = math.Max(w, c.width(header, size+0.5, true))
	for _, n := range notes {
		w = math.Max(w, c.width(n, small, false))
	}
	w += 2 * pad
	h := 2*pad + 16 + rowH*float64(len(rows)) + 15*float64(len(notes))
	mw, mh := c.lay.mapSize()
	x0, y1 := 12.0, float64(c.lay.titleH+mh)-12
	y0 := y1 - h
	if c.lay.compact || y0 < float64(c.lay.titleH)+8 || w > float64(mw)/2 {
		return
	}
	c.rect(x0, y0, x0+w, y1, c.in.panel)
	c.frame(x0, y0, x0+w, y1, c.in.rule)
	c.text(x0+pad, y0+pad+11, header, size+0.5, true, c.in.ink)
	y := y0 + pad + 16
	for _, r := range rows {
		if r.symbol {
			c.swatch(x0+pad, y+3, sw, sh, r.area)
		}
		c.text(x0+pad+sw+gap, y+14, r.label, size, false, c.in.ink)
		if r.value != "" {
			c.text(x0+w-pad-c.width(r.value, size, false), y+14, r.value, size, false, c.in.ink)
		}
		y += rowH
	}
	for _, n := range notes {
		c.text(x0+pad, y+11, n, small, false, c.in.muted)
		y += 15
	}
}
