package encode

import (
	"bytes"
	"compress/lzw"
	"encoding/binary"
	"image"
	"image/color"
)

// This file writes timelapses as animated GIFs (GIF89a) frame by frame:
// image/gif's EncodeAll needs every frame in memory at once, up to 400 of
// them, while this writer holds two. The format is the one image/gif reads
// (the tests decode with it): one global palette, frames that hold only
// the rectangle that changed since the previous frame with unchanged
// pixels transparent, and LZW from compress/lzw, as image/gif uses.

// GIF writes an animated GIF of w×h frames that loops forever. Fill
// Pixels with palette indices, then call Frame; Close ends the file.
type GIF struct {
	out       *bytes.Buffer
	w, h      int
	prev, cur []byte // cur is Pixels
	frames    int
	blk       blockWriter
}

// Transparent is the palette index of unchanged pixels.
const Transparent = 0

// NewGIF starts a GIF of w×h frames with the global palette pal in out.
func NewGIF(out *bytes.Buffer, w, h int, pal color.Palette) *GIF {
	g := &GIF{out: out, w: w, h: h, prev: make([]byte, w*h), cur: make([]byte, w*h)}
	out.WriteString("GIF89a")
	var lsd [7]byte
	binary.LittleEndian.PutUint16(lsd[0:], uint16(w))
	binary.LittleEndian.PutUint16(lsd[2:], uint16(h))
	lsd[4] = 0xf7 // a global colour table of 256 entries, 8 bits a channel
	out.Write(lsd[:])
	var gct [3 * 256]byte
	for i, c := range pal[:min(256, len(pal))] {
		n := color.NRGBAModel.Convert(c).(color.NRGBA)
		gct[3*i], gct[3*i+1], gct[3*i+2] = n.R, n.G, n.B
	}
	out.Write(gct[:])
	out.WriteString("\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00") // loop forever
	return g
}

// Frame writes Pixels, shown for delay hundredths of a second. After the
// first frame only the rectangle that changed is written.
func (g *GIF) Frame(delay int) error {
	r := image.Rect(0, 0, g.w, g.h)
	if g.frames > 0 {
		r = changedRect(g.prev, g.cur, g.w, g.h)
		if r.Empty() {
			r = image.Rect(0, 0, 1, 1) // nothing changed: one transparent pixel keeps the timing
		}
	}
	var gce [8]byte
	gce[0], gce[1], gce[2] = 0x21, 0xf9, 4
	gce[3] = 1 << 2 // disposal: leave the frame in place
	if g.frames > 0 {
		gce[3] |= 1 // index Transparent is transparent
	}
	binary.LittleEndian.PutUint16(gce[4:], uint16(delay))
	g.out.Write(gce[:])
	var id [10]byte
	id[0] = 0x2c
	binary.LittleEndian.PutUint16(id[1:], uint16(r.Min.X))
	binary.LittleEndian.PutUint16(id[3:], uint16(r.Min.Y))
	binary.LittleEndian.PutUint16(id[5:], uint16(r.Dx()))
	binary.LittleEndian.PutUint16(id[7:], uint16(r.Dy()))
	g.out.Write(id[:])
	g.out.WriteByte(8) // LZW minimum code size for 256 colours
	g.blk.reset(g.out)
	zw := lzw.NewWriter(&g.blk, lzw.LSB, 8)
	row := make([]byte, r.Dx())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := y*g.w + r.Min.X
		cur, prev := g.cur[i:i+r.Dx()], g.prev[i:i+r.Dx()]
		copy(row, cur)
		if g.frames > 0 {
			for x := range row {
				if cur[x] == prev[x] {
					row[x] = Transparent
				}
			}
		}
		if _, err := zw.Write(row); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	g.blk.close()
	g.prev, g.cur = g.cur, g.prev
	g.frames++
	return nil
}

// close ends the GIF.
// Close writes the trailer.
func (g *GIF) Close() { g.out.WriteByte(0x3b) }

// changedRect is the smallest rectangle holding every pixel that differs
// between a and b (w×h palette indices).
func changedRect(a, b []byte, w, h int) image.Rectangle {
	y0, y1 := -1, -1
	for y := range h {
		if !bytes.Equal(a[y*w:(y+1)*w], b[y*w:(y+1)*w]) {
			if y0 < 0 {
				y0 = y
			}
			y1 = y + 1
		}
	}
	if y0 < 0 {
		return image.Rectangle{}
	}
	x0, x1 := w, 0
	for y := y0; y < y1; y++ {
		ra, rb := a[y*w:(y+1)*w], b[y*w:(y+1)*w]
		for x := 0; x < x0; x++ {
			if ra[x] != rb[x] {
				x0 = x
				break
			}
		}
		for x := w - 1; x >= x1; x-- {
			if ra[x] != rb[x] {
				x1 = x + 1
				break
			}
		}
	}
	return image.Rect(x0, y0, x1, y1)
}

// blockWriter splits image data into GIF sub-blocks of up to 255 bytes.
type blockWriter struct {
	out *bytes.Buffer
	buf [255]byte
	n   int
}

func (b *blockWriter) reset(out *bytes.Buffer) { b.out, b.n = out, 0 }

func (b *blockWriter) Write(p []byte) (int, error) {
	for _, c := range p {
		b.buf[b.n] = c
		if b.n++; b.n == len(b.buf) {
			b.flush()
		}
	}
	return len(p), nil
}

// WriteByte makes blockWriter an io.ByteWriter, which compress/lzw
// writes to directly.
func (b *blockWriter) WriteByte(c byte) error {
	b.buf[b.n] = c
	if b.n++; b.n == len(b.buf) {
		b.flush()
	}
	return nil
}

func (b *blockWriter) flush() {
	if b.n > 0 {
		b.out.WriteByte(byte(b.n))
		b.out.Write(b.buf[:b.n])
		b.n = 0
	}
}

// close writes what is left and the block terminator.
func (b *blockWriter) close() {
	b.flush()
	b.out.WriteByte(0)
}

// Pixels is the next frame: w×h palette indices, row by row.
func (g *GIF) Pixels() []byte { return g.cur }
