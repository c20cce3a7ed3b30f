package picture

import (
	"image/color"

	"github.com/frontline-map/frontline/tiles/draw"
)

// gifPalette is the fixed palette of timelapse frames, the same for every
// frame of every timelapse drawn with a renderer, so frames need no
// colour analysis: index 0 is transparent (encode.Transparent); then the
// colours the style and the chrome draw, composited over the land, the
// sea and the chrome's white as they come out; blends of them for
// antialiased edges and text; a grey ramp; and a coarse colour cube for
// anything else. Frames map to it without dithering (quantizer).
func gifPalette(r *draw.Renderer) color.Palette {
	st, in := r.Style(), defaultInks()
	land, sea := composite(st.Land, rgba(0, 0, 0, 0xff)), composite(st.Sea, rgba(0, 0, 0, 0xff))
	anchors := []color.NRGBA{land, sea, in.bg, in.ink, in.muted, in.rule, in.footer, in.stamp, st.Text,
		composite(in.panel, land), composite(in.panel, sea), composite(st.Halo, land), composite(st.Halo, sea),
		composite(st.Admin1Line, land), composite(st.CountryLine, land), composite(st.CountryLine, sea)}
	for _, a := range r.Symbols() {
		ground := composite(a.Fill, land)
		anchors = append(anchors, ground, composite(a.Fill, sea))
		if a.Hatch.Color.A > 0 {
			anchors = append(anchors, composite(a.Hatch.Color, ground))
		}
		if a.Outline.Color.A > 0 && a.Outline.Width > 0 {
			anchors = append(anchors, composite(a.Outline.Color, land), composite(a.Outline.Color, ground))
		}
	}
	b := paletteBuilder{seen: map[color.NRGBA]bool{}}
	b.pal = append(b.pal, color.NRGBA{})
	for _, c := range anchors {
		b.add(c)
	}
	for t := 1; t < 8; t++ { // text over its grounds
		b.add(mix(in.ink, in.bg, t, 8))
		b.add(mix(in.white, in.stamp, t, 8))
		b.add(mix(st.Text, composite(st.Halo, land), t, 8))
	}
	for _, c := range anchors { // edges against the land
		b.add(mix(c, land, 1, 3))
		b.add(mix(c, land, 2, 3))
	}
	for i := range 16 {
		v := uint8(i * 17)
		b.add(rgba(v, v, v, 0xff))
	}
	for _, r := range []uint8{0, 85, 170, 255} {
		for _, g := range []uint8{0, 85, 170, 255} {
			for _, bl := range []uint8{0, 85, 170, 255} {
				b.add(rgba(r, g, bl, 0xff))
			}
		}
	}
	return b.pal
}

type paletteBuilder struct {
	pal  color.Palette
	seen map[color.NRGBA]bool
}

func (b *paletteBuilder) add(c color.NRGBA) {
	if len(b.pal) < 256 && !b.seen[c] {
		b.seen[c] = true
		b.pal = append(b.pal, c)
	}
}

// composite composites top (straight alpha) over an opaque bottom.
func composite(top, bottom color.NRGBA) color.NRGBA {
	a := int(top.A)
	ch := func(t, b uint8) uint8 { return uint8((int(t)*a + int(b)*(255-a) + 127) / 255) }
	return rgba(ch(top.R, bottom.R), ch(top.G, bottom.G), ch(top.B, bottom.B), 0xff)
}

// mix is t/n of a and the rest of b, both opaque.
func mix(a, b color.NRGBA, t, n int) color.NRGBA {
	ch := func(x, y uint8) uint8 { return uint8((int(x)*t + int(y)*(n-t) + n/2) / n) }
	return rgba(ch(a.R, b.R), ch(a.G, b.G), ch(a.B, b.B), 0xff)
}
