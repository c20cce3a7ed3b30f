package tiles

import (
	"encoding/binary"
	"image"
	"image/color"
)

// gifPalette is the fixed palette of timelapse frames, the same for every
// frame of every timelapse drawn with a renderer, so frames need no
// colour analysis: index 0 is transparent (gifTransparent); then the
// colours the style and the chrome draw, composited over the land, the
// sea and the chrome's white as they come out; blends of them for
// antialiased edges and text; a grey ramp; and a coarse colour cube for
// anything else. Frames map to it without dithering (quantizer).
func gifPalette(r *Renderer) color.Palette {
	st, in := r.st, defaultInks()
	land, sea := composite(st.Land, rgba(0, 0, 0, 0xff)), composite(st.Sea, rgba(0, 0, 0, 0xff))
	anchors := []color.NRGBA{land, sea, in.bg, in.ink, in.muted, in.rule, in.footer, in.stamp, st.Text,
		composite(in.panel, land), composite(in.panel, sea), composite(st.Halo, land), composite(st.Halo, sea),
		composite(st.Admin1Line, land), composite(st.CountryLine, land), composite(st.CountryLine, sea)}
	for _, a := range r.areas {
		ground := composite(a.Fill, land)
		anchors = append(anchors, ground, composite(a.Fill, sea))
		if a.Hatch.Color.A > 0 {
			anchors = append(anchors, composite(a.Hatch.Color, ground))
		}
		if a.Outline.visible() {
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

// quantizer maps opaque pixels to the nearest colour of a palette (never
// index 0, the transparent one): palette colours exactly, others through
// a table of 32,768 cells (5 bits a channel) filled as colours come.
type quantizer struct {
	rgb   [][3]int32
	exact map[uint32]uint8
	lut   []uint16 // palette index + 1 of each cell; 0 is not looked up yet
}

func newQuantizer(pal color.Palette) *quantizer {
	q := &quantizer{rgb: make([][3]int32, len(pal)), exact: map[uint32]uint8{}, lut: make([]uint16, 1<<15)}
	for i, c := range pal {
		n := color.NRGBAModel.Convert(c).(color.NRGBA)
		q.rgb[i] = [3]int32{int32(n.R), int32(n.G), int32(n.B)}
		if i != gifTransparent && n.A == 0xff {
			if _, ok := q.exact[rgbKey(n.R, n.G, n.B)]; !ok {
				q.exact[rgbKey(n.R, n.G, n.B)] = uint8(i)
			}
		}
	}
	return q
}

func rgbKey(r, g, b uint8) uint32 { return uint32(r)<<16 | uint32(g)<<8 | uint32(b) }

// index returns the palette index of a colour.
func (q *quantizer) index(r, g, b uint8) uint8 {
	if i, ok := q.exact[rgbKey(r, g, b)]; ok {
		return i
	}
	cell := int(r>>3)<<10 | int(g>>3)<<5 | int(b>>3)
	if v := q.lut[cell]; v > 0 {
		return uint8(v - 1)
	}
	// The cell's centre, so the answer does not depend on which colour came first.
	cr, cg, cb := int32(r>>3)<<3|4, int32(g>>3)<<3|4, int32(b>>3)<<3|4
	best, bestD := 1, int32(1<<31-1)
	for i := 1; i < len(q.rgb); i++ {
		c := q.rgb[i]
		dr, dg, db := c[0]-cr, c[1]-cg, c[2]-cb
		if d := 3*dr*dr + 4*dg*dg + 2*db*db; d < bestD {
			best, bestD = i, d
		}
	}
	q.lut[cell] = uint16(best + 1)
	return uint8(best)
}

// convert maps img (opaque) to palette indices in dst, a run of one
// colour at a time.
func (q *quantizer) convert(dst []byte, img *image.RGBA) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var last uint32
	var idx uint8
	j := 0
	for y := range h {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):][:4*w]
		for i := 0; i < len(row); i += 4 {
			v := binary.LittleEndian.Uint32(row[i:]) | 0xff000000
			if j == 0 || v != last {
				idx, last = q.index(row[i], row[i+1], row[i+2]), v
			}
			dst[j] = idx
			j++
		}
	}
}
