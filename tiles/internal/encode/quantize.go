package encode

import (
	"encoding/binary"
	"image"
	"image/color"
)

// Quantizer maps opaque pixels to the nearest colour of a palette (never
// index 0, the transparent one): palette colours exactly, others through
// a table of 32,768 cells (5 bits a channel) filled as colours come.
type Quantizer struct {
	rgb   [][3]int32
	exact map[uint32]uint8
	lut   []uint16 // palette index + 1 of each cell; 0 is not looked up yet
}

// NewQuantizer makes a Quantizer to pal, whose index Transparent is left out.
func NewQuantizer(pal color.Palette) *Quantizer {
	q := &Quantizer{rgb: make([][3]int32, len(pal)), exact: map[uint32]uint8{}, lut: make([]uint16, 1<<15)}
	for i, c := range pal {
		n := color.NRGBAModel.Convert(c).(color.NRGBA)
		q.rgb[i] = [3]int32{int32(n.R), int32(n.G), int32(n.B)}
		if i != Transparent && n.A == 0xff {
			if _, ok := q.exact[rgbKey(n.R, n.G, n.B)]; !ok {
				q.exact[rgbKey(n.R, n.G, n.B)] = uint8(i)
			}
		}
	}
	return q
}

func rgbKey(r, g, b uint8) uint32 { return uint32(r)<<16 | uint32(g)<<8 | uint32(b) }

// Index returns the palette index of a colour.
func (q *Quantizer) Index(r, g, b uint8) uint8 {
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

// Convert maps img (opaque) to palette indices in dst, a run of one
// colour at a time.
func (q *Quantizer) Convert(dst []byte, img *image.RGBA) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var last uint32
	var idx uint8
	j := 0
	for y := range h {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):][:4*w]
		for i := 0; i < len(row); i += 4 {
			v := binary.LittleEndian.Uint32(row[i:]) | 0xff000000
			if j == 0 || v != last {
				idx, last = q.Index(row[i], row[i+1], row[i+2]), v
			}
			dst[j] = idx
			j++
		}
	}
}
