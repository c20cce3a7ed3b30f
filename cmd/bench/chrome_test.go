package main

import (
	"fmt"
	"image"
	"image/color"
	"testing"

	"github.com/frontline-map/frontline/tiles/draw"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The chrome of a 1200×800 picture as the pictures draw it: a title bar
// with a title, a subtitle and a date stamp; a legend box of five rows
// with swatches and values; a scale bar; a footer line. BenchmarkChrome
// draws it with tiles/draw (what the product does) and with fogleman/gg
// (the named package the pictures could use instead), on the same canvas
// and with the same Go fonts. README's design notes quote the figures.

type chromePainter interface {
	rect(x0, y0, x1, y1 float64, c color.NRGBA)
	box(x0, y0, x1, y1 float64, c color.NRGBA)
	text(x, y float64, s string, size float64, bold bool, c color.NRGBA)
}

var (
	inkC   = color.NRGBA{0x1f, 0x1f, 0x24, 0xff}
	ruleC  = color.NRGBA{0xc9, 0xc3, 0xb8, 0xff}
	panelC = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	stampC = color.NRGBA{0x2a, 0x2a, 0x2e, 0xff}
	fillC  = color.NRGBA{0xc8, 0x3c, 0x32, 0xa0}
)

func paintChrome(p chromePainter) {
	p.rect(0, 0, 1200, 64, panelC)
	p.rect(0, 63, 1200, 64, ruleC)
	p.rect(1040, 17, 1184, 47, stampC)
	p.text(1052, 37, "20 Jan 2025", 15, true, panelC)
	p.text(16, 31, "Ukraine, 20 January 2025", 22, true, inkC)
	p.text(16, 51, "Russian-occupied areas, annexation claims, contested ground", 12.5, false, inkC)
	p.rect(12, 560, 320, 740, panelC)
	p.box(12, 560, 320, 740, ruleC)
	p.text(22, 582, "Control on 20 Jan 2025", 12.5, true, inkC)
	for i := range 5 {
		y := 596 + 20*float64(i)
		p.rect(22, y+3, 48, y+16, fillC)
		p.text(56, y+14, fmt.Sprintf("Russian-occupied, row %d", i), 12, false, inkC)
		p.text(250, y+14, "110,352 km²", 12, false, inkC)
	}
	p.rect(1060, 690, 1188, 724, panelC)
	p.box(1060, 690, 1188, 724, ruleC)
	p.rect(1068, 710, 1168, 716, stampC)
	p.text(1100, 705, "100 km", 11, true, inkC)
	p.rect(0, 760, 1200, 800, color.NRGBA{0xf6, 0xf4, 0xef, 0xff})
	p.text(16, 784, "Sources: DeepStateMap (GPL-3.0); Natural Earth; frontline", 10.5, false, inkC)
}

// ours paints with tiles/draw's Chrome.
type ours struct{ c *draw.Chrome }

func (o ours) rect(x0, y0, x1, y1 float64, c color.NRGBA) { o.c.Rect(x0, y0, x1, y1, c) }
func (o ours) box(x0, y0, x1, y1 float64, c color.NRGBA)  { o.c.Box(x0, y0, x1, y1, c) }
func (o ours) text(x, y float64, s string, size float64, bold bool, c color.NRGBA) {
	o.c.Text(x, y, s, size, bold, c)
}

// withGG paints with gg, faces cached by size as the Chrome caches them.
type withGG struct {
	dc    *gg.Context
	faces map[[2]float64]font.Face
}

var ggFonts = func() [2]*truetype.Font {
	r, _ := truetype.Parse(goregular.TTF)
	b, _ := truetype.Parse(gobold.TTF)
	return [2]*truetype.Font{r, b}
}()

func (g withGG) rect(x0, y0, x1, y1 float64, c color.NRGBA) {
	g.dc.DrawRectangle(x0, y0, x1-x0, y1-y0)
	g.dc.SetColor(c)
	g.dc.Fill()
}

func (g withGG) box(x0, y0, x1, y1 float64, c color.NRGBA) {
	g.dc.DrawRectangle(x0+0.5, y0+0.5, x1-x0-1, y1-y0-1)
	g.dc.SetColor(c)
	g.dc.SetLineWidth(1)
	g.dc.Stroke()
}

func (g withGG) text(x, y float64, s string, size float64, bold bool, c color.NRGBA) {
	k := [2]float64{size, 0}
	i := 0
	if bold {
		k[1], i = 1, 1
	}
	f, ok := g.faces[k]
	if !ok {
		f = truetype.NewFace(ggFonts[i], &truetype.Options{Size: size, Hinting: font.HintingFull, GlyphCacheEntries: 1024})
		g.faces[k] = f
	}
	g.dc.SetFontFace(f)
	g.dc.SetColor(c)
	g.dc.DrawString(s, x, y)
}

func BenchmarkChrome(b *testing.B) {
	canvas := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	b.Run("tiles-draw", func(b *testing.B) {
		r := draw.NewRenderer(nil)
		f := r.Frame()
		defer r.Release(f)
		for b.Loop() {
			paintChrome(ours{draw.NewChrome(r, f, canvas, 1)})
		}
	})
	b.Run("gg", func(b *testing.B) {
		g := withGG{gg.NewContextForRGBA(canvas), map[[2]float64]font.Face{}}
		for b.Loop() {
			paintChrome(g)
		}
	})
}
