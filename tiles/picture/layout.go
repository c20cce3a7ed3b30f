package picture

import (
	"fmt"
	"image"

	"github.com/frontline-map/frontline/geo"
)

// layout places the parts of a picture, in CSS pixels: a title bar on top,
// the map, and a footer with the attribution. Small pictures are compact:
// no title bar and a thin footer.
type layout struct {
	w, h, scale     int
	titleH, footerH int
	compact         bool
}

func newLayout(w, h, scale int) layout {
	if w < 480 || h < 320 {
		return layout{w: w, h: h, scale: scale, footerH: min(16, h/4), compact: true}
	}
	return layout{w: w, h: h, scale: scale, titleH: 64, footerH: 26}
}

// mapSize is the map's size in CSS pixels.
func (l layout) mapSize() (w, h int) { return l.w, l.h - l.titleH - l.footerH }

// mapRect is the map's rectangle in device pixels.
func (l layout) mapRect() image.Rectangle {
	return image.Rect(0, l.titleH*l.scale, l.w*l.scale, (l.h-l.footerH)*l.scale)
}

// pixels is the picture's size in device pixels.
func (l layout) pixels() (w, h int) { return l.w * l.scale, l.h * l.scale }

// defaultTitle is the region's name (or Ukraine) and the day or days.
func (p *Plan) defaultTitle() string {
	switch p.req.Kind {
	case KindDiff:
		return p.name + ": changes " + dayRange(p.from, p.day)
	case KindTimelapse:
		return p.name + ", " + dayRange(p.from, p.day)
	}
	return p.name + ", " + longDay(p.day)
}

// longDay writes a day as "20 January 2025".
func longDay(d geo.Day) string { return d.Time().Format("2 January 2006") }

// shortDay writes a day as "20 Jan 2025".
func shortDay(d geo.Day) string { return d.Time().Format("2 Jan 2006") }

// dayRange writes two days as "1–31 August 2024", "1 August – 30 September
// 2024" or "1 August 2024 – 30 April 2025".
func dayRange(a, b geo.Day) string {
	ta, tb := a.Time(), b.Time()
	switch {
	case a == b:
		return longDay(a)
	case ta.Year() != tb.Year():
		return longDay(a) + " – " + longDay(b)
	case ta.Month() != tb.Month():
		return ta.Format("2 January") + " – " + longDay(b)
	}
	return fmt.Sprintf("%d–%s", ta.Day(), longDay(b))
}
