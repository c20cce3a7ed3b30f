package draw

import (
	"image"
	"image/color"
	"math"
	"strings"

	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Chrome draws text and boxes onto a picture in CSS pixels, scaled to
// device pixels, with a frame's rasteriser and fonts: the title bar,
// legend, scale bar and footer around a picture's map.
type Chrome struct {
	r   *Renderer
	f   *Frame
	dst *image.RGBA
	s   float64
}

// NewChrome readies f to draw chrome onto dst at scale device pixels a
// CSS pixel.
func NewChrome(r *Renderer, f *Frame, dst *image.RGBA, scale int) *Chrome {
	s := float64(scale)
	f.begin(dst, View{K64: 64 * s, Px: s, Box: dst.Rect})
	return &Chrome{r: r, f: f, dst: dst, s: s}
}

// Style is the style of the renderer the chrome draws with.
func (c *Chrome) Style() *Style { return c.r.st }

func (c *Chrome) face(size float64, bold bool) *labelFace {
	return c.f.face(c.r.fonts, PlaceStyle{FontSize: size, Bold: bold}, c.s)
}

// Width is the advance of s in CSS pixels.
func (c *Chrome) Width(s string, size float64, bold bool) float64 {
	return float64(c.face(size, bold).measure(s)) / 64 / c.s
}

// Text draws s from x with its baseline at y (CSS pixels, the baseline
// rounded to a device pixel for crisp hinting).
func (c *Chrome) Text(x, y float64, s string, size float64, bold bool, col color.NRGBA) {
	d := font.Drawer{Dst: c.dst, Src: image.NewUniform(col), Face: c.face(size, bold),
		Dot: fixed.Point26_6{X: fixed.Int26_6(math.Round(x * c.s * 64)), Y: fixed.I(int(math.Round(y * c.s)))}}
	d.DrawString(s)
}

// Fit shortens s with an ellipsis until it is at most w CSS pixels wide.
func (c *Chrome) Fit(s string, size float64, bold bool, w float64) string {
	if c.Width(s, size, bold) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		if t := strings.TrimRight(string(r), " ,;·") + "…"; c.Width(t, size, bold) <= w {
			return t
		}
	}
	return ""
}

// Rect fills a rectangle (CSS pixels).
func (c *Chrome) Rect(x0, y0, x1, y1 float64, col color.NRGBA) {
	c.f.pts = append(c.f.pts[:0], c.pt(x0, y0), c.pt(x1, y0), c.pt(x1, y1), c.pt(x0, y1), c.pt(x0, y0))
	c.f.addRing()
	c.f.render(premulOf(col), Hatch{})
}

// Box outlines a rectangle with a line one CSS pixel wide, inside it.
func (c *Chrome) Box(x0, y0, x1, y1 float64, col color.NRGBA) {
	c.f.pts = append(c.f.pts[:0], c.pt(x0, y0), c.pt(x1, y0), c.pt(x1, y1), c.pt(x0, y1), c.pt(x0, y0))
	c.f.addRing()
	c.f.pts = append(c.f.pts[:0], c.pt(x0+1, y0+1), c.pt(x0+1, y1-1), c.pt(x1-1, y1-1), c.pt(x1-1, y0+1), c.pt(x0+1, y0+1))
	c.f.addRing()
	c.f.render(premulOf(col), Hatch{})
}

func (c *Chrome) pt(x, y float64) fixed.Point26_6 {
	return fixed.Point26_6{X: fixed.Int26_6(math.Round(x * c.s * 64)), Y: fixed.Int26_6(math.Round(y * c.s * 64))}
}

// Swatch draws a map symbol over land in a w×h box at (x, y).
func (c *Chrome) Swatch(x, y, w, h float64, a Area) {
	c.Rect(x, y, x+w, y+h, c.r.st.Land)
	inset := a.Outline.Width / 2
	box := orb.Polygon{{{x + inset, y + inset}, {x + inset, y + h - inset}, {x + w - inset, y + h - inset}, {x + w - inset, y + inset}, {x + inset, y + inset}}}
	sc := &tiles.Content{Items: []tiles.Item{{Layer: tiles.LayerControl, Geometry: orb.MultiPolygon{box}}}}
	sel := selector{layer: tiles.LayerControl}
	c.f.fill(sc, sel, premulOf(a.Fill), a.Hatch)
	c.f.stroke(sc, sel, a.Outline)
}
