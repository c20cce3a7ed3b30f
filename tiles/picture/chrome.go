package picture

import (
	"image"
	"image/color"
	"math"

	"github.com/frontline-map/frontline/tiles/draw"
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

// chrome draws a picture's frame: title bar, scale bar, legend and
// footer, with draw's primitives in CSS pixels.
type chrome struct {
	*draw.Chrome
	lay layout
	in  chromeInks
}

func newChrome(r *draw.Renderer, f *draw.Frame, dst *image.RGBA, lay layout) *chrome {
	return &chrome{Chrome: draw.NewChrome(r, f, dst, lay.scale), lay: lay, in: defaultInks()}
}

// titleBar draws the title, a subtitle and the date stamp; progress (0..1,
// or < 0 for none) draws a timeline under it.
func (c *chrome) titleBar(title, subtitle, stamp string, progress float64) {
	w, h := float64(c.lay.w), float64(c.lay.titleH)
	c.Rect(0, 0, w, h, c.in.bg)
	c.Rect(0, h-1, w, h, c.in.rule)
	sw := c.Width(stamp, 15, true) + 24
	x0 := w - 16 - sw
	c.Rect(x0, 17, w-16, 47, c.in.stamp)
	c.Text(x0+12, 37, stamp, 15, true, c.in.white)
	room := x0 - 32
	c.Text(16, 31, c.Fit(title, 22, true, room), 22, true, c.in.ink)
	c.Text(16, 51, c.Fit(subtitle, 12.5, false, room), 12.5, false, c.in.muted)
	if progress >= 0 {
		c.Rect(0, h-3, w*min(1, progress), h, c.in.stamp)
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
	lw := c.Width(label, 11, true)
	w, h := math.Max(px, lw)+16, 34.0
	x1, y1 := float64(mw)-12, float64(c.lay.titleH+mh)-12
	x0, y0 := x1-w, y1-h
	c.Rect(x0, y0, x1, y1, c.in.panel)
	c.Box(x0, y0, x1, y1, c.in.rule)
	bx, by := x0+8, y1-14
	c.Rect(bx, by, bx+px, by+6, c.in.stamp)
	c.Rect(bx+px/2, by+1, bx+px-1, by+5, c.in.white)
	c.Text(bx+(px-lw)/2, by-5, label, 11, true, c.in.ink)
}

// legendRow is a line of the legend: a swatch (or none), a label and a
// value on the right.
type legendRow struct {
	area   draw.Area
	symbol bool
	label  string
	value  string
}

// legend draws a box of rows and notes at the bottom left of the map;
// it is left out if the map has no room for it. It reports whether it
// was drawn.
func (c *chrome) legend(header string, rows []legendRow, notes []string) bool {
	const pad, rowH, sw, sh, gap, size, small = 10.0, 20.0, 26.0, 13.0, 8.0, 12.0, 10.5
	var labelW, valueW float64
	for _, r := range rows {
		labelW = math.Max(labelW, c.Width(r.label, size, false))
		valueW = math.Max(valueW, c.Width(r.value, size, false))
	}
	w := sw + gap + labelW
	if valueW > 0 {
		w += 3*gap + valueW
	}
	w = math.Max(w, c.Width(header, size+0.5, true))
	for _, n := range notes {
		w = math.Max(w, c.Width(n, small, false))
	}
	w += 2 * pad
	h := 2*pad + 16 + rowH*float64(len(rows)) + 15*float64(len(notes))
	mw, mh := c.lay.mapSize()
	x0, y1 := 12.0, float64(c.lay.titleH+mh)-12
	y0 := y1 - h
	if c.lay.compact || y0 < float64(c.lay.titleH)+8 || w > float64(mw)/2 {
		return false
	}
	c.Rect(x0, y0, x0+w, y1, c.in.panel)
	c.Box(x0, y0, x0+w, y1, c.in.rule)
	c.Text(x0+pad, y0+pad+11, header, size+0.5, true, c.in.ink)
	y := y0 + pad + 16
	for _, r := range rows {
		if r.symbol {
			c.Swatch(x0+pad, y+3, sw, sh, r.area)
		}
		c.Text(x0+pad+sw+gap, y+14, r.label, size, false, c.in.ink)
		if r.value != "" {
			c.Text(x0+w-pad-c.Width(r.value, size, false), y+14, r.value, size, false, c.in.ink)
		}
		y += rowH
	}
	for _, n := range notes {
		c.Text(x0+pad, y+11, n, small, false, c.in.muted)
		y += 15
	}
	return true
}
