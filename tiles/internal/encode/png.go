// Package encode owns the image encoders of tiles and pictures: PNG
// (paletted when an image has at most 256 colours, deflated in parallel
// bands when it is big) and animated GIF with a fixed palette.
package encode

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"image"
	"image/color"
	"runtime"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zlib"
)

// PNG encodes PNG images without filtering the rows. image/png
// picks a filter for every row of a truecolour image by trying all five,
// which costs more than deflating it. Map tiles are flat colours with
// antialiased edges, which deflate finds as repeats without a filter: the
// bench tile comes out smaller unfiltered than with Sub, Up or Paeth, and
// encodes three times faster than with image/png (BenchmarkEncode).
//
// A PNG keeps its buffers between images; it is not safe for concurrent
// use (a renderer keeps one in each of its pooled frames).
type PNG struct {
	zw    *zlib.Writer
	idat  bytes.Buffer
	row   []byte
	parts []deflatePart // of dataParallel, kept for their buffers
	out   bytes.Buffer

	// the conversion to a palette
	palPix []byte
	palImg image.Paletted
	colors [256]color.RGBA
	slots  [1024]uint16 // palette index + 1 by hash of the colour; 0 is empty
	keys   [1024]uint32
}

// Encode writes img as a PNG: 8-bit paletted when it has at most 256
// colours, RGB or RGBA otherwise. The bytes are the caller's.
func (w *PNG) Encode(img *image.RGBA) ([]byte, error) {
	w.out.Reset()
	var err error
	if p, ok := w.Palette(img); ok {
		err = w.Paletted(&w.out, p)
	} else {
		err = w.RGBA(&w.out, img)
	}
	if err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return bytes.Clone(w.out.Bytes()), nil
}

// Paletted writes m, whose palette holds 1 to 256 colours, as an 8-bit
// paletted PNG with a tRNS chunk if a colour is not opaque.
func (w *PNG) Paletted(out *bytes.Buffer, m *image.Paletted) error {
	n := len(m.Palette)
	if n == 0 || n > 256 {
		return fmt.Errorf("palette of %d colours", n)
	}
	var plte [3 * 256]byte
	var trns [256]byte
	last := 0
	for i, c := range m.Palette {
		// Straight alpha, as color.NRGBAModel converts it.
		r, g, b, a := c.RGBA()
		if a > 0 && a < 0xffff {
			r, g, b = r*0xffff/a, g*0xffff/a, b*0xffff/a
		}
		plte[3*i], plte[3*i+1], plte[3*i+2], trns[i] = uint8(r>>8), uint8(g>>8), uint8(b>>8), uint8(a>>8)
		if a != 0xffff {
			last = i + 1
		}
	}
	w.header(out, m.Rect.Size(), 3)
	pngChunk(out, "PLTE", plte[:3*n])
	if last > 0 {
		pngChunk(out, "tRNS", trns[:last])
	}
	return w.data(out, m.Rect.Dx(), m.Rect.Dy(), func(y int, row []byte) {
		copy(row, m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y+y):])
	})
}

// RGBA writes m as an 8-bit RGB PNG if it is opaque, RGBA otherwise.
func (w *PNG) RGBA(out *bytes.Buffer, m *image.RGBA) error {
	size := m.Rect.Size()
	if m.Opaque() {
		w.header(out, size, 2)
		return w.data(out, 3*size.X, size.Y, func(y int, row []byte) {
			src := m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y+y):][:4*size.X]
			// Four bytes at a time; each store's fourth byte is overwritten
			// by the next, and the last pixel is copied alone.
			last := len(src) - 4
			j := 0
			for i := 0; i < last; i += 4 {
				binary.LittleEndian.PutUint32(row[j:], binary.LittleEndian.Uint32(src[i:]))
				j += 3
			}
			if last >= 0 {
				row[j], row[j+1], row[j+2] = src[last], src[last+1], src[last+2]
			}
		})
	}
	w.header(out, size, 6)
	return w.data(out, 4*size.X, size.Y, func(y int, row []byte) {
		src := m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y+y):][:4*size.X]
		for i := 0; i < len(src); i += 4 {
			// Straight alpha, as image/png converts it.
			switch a := uint32(src[i+3]); a {
			case 0:
				row[i], row[i+1], row[i+2], row[i+3] = 0, 0, 0, 0
			case 0xff:
				copy(row[i:i+4], src[i:i+4])
			default:
				const m = 0x101 * 0xffff
				a *= 0x101
				row[i] = uint8((uint32(src[i]) * m / a) >> 8)
				row[i+1] = uint8((uint32(src[i+1]) * m / a) >> 8)
				row[i+2] = uint8((uint32(src[i+2]) * m / a) >> 8)
				row[i+3] = src[i+3]
			}
		}
	})
}

// header writes the PNG signature and the IHDR chunk: 8 bits a sample,
// colour type ct, no interlace.
func (w *PNG) header(out *bytes.Buffer, size image.Point, ct byte) {
	out.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(size.X))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(size.Y))
	ihdr[8], ihdr[9] = 8, ct
	pngChunk(out, "IHDR", ihdr[:])
}

// data writes the IDAT and IEND chunks of h rows of n bytes that row
// fills. A big image is deflated in parallel (see dataParallel).
func (w *PNG) data(out *bytes.Buffer, n, h int, row func(y int, row []byte)) error {
	if parts := parallelParts(n, h); parts > 1 {
		return w.dataParallel(out, n, h, parts, row)
	}
	w.idat.Reset()
	if w.zw == nil {
		var err error
		if w.zw, err = zlib.NewWriterLevel(&w.idat, zlib.BestSpeed); err != nil {
			return err
		}
	} else {
		w.zw.Reset(&w.idat)
	}
	if cap(w.row) < n+1 {
		w.row = make([]byte, n+1)
	}
	line := w.row[:n+1]
	line[0] = 0 // filter type None
	for y := range h {
		row(y, line[1:])
		if _, err := w.zw.Write(line); err != nil {
			return err
		}
	}
	if err := w.zw.Close(); err != nil {
		return err
	}
	pngChunk(out, "IDAT", w.idat.Bytes())
	pngChunk(out, "IEND", nil)
	return nil
}

// parallelMin is the smallest image data (bytes) worth deflating in parts:
// below it, the goroutines cost more than they save. A 256 px tile stays
// on one core; a 1200x800 snapshot (2.9 MB) uses them all.
const parallelMin = 1 << 20

func parallelParts(n, h int) int {
	if (n+1)*h < parallelMin {
		return 1
	}
	return min(runtime.GOMAXPROCS(0), 8, h)
}

// deflatePart is one band of rows, deflated on its own.
type deflatePart struct {
	raw   []byte
	size  int // bytes of raw in use
	z     bytes.Buffer
	adler uint32
	err   error
}

var flatePool = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(nil, flate.BestSpeed)
	return fw
}}

// dataParallel deflates bands of rows at once, as pigz does: every band
// but the last ends with a sync flush, which ends on a byte boundary
// without ending the stream, so the bands joined are one deflate stream.
// The zlib trailer is the Adler-32 of the whole, combined from the bands'.
func (w *PNG) dataParallel(out *bytes.Buffer, n, h, parts int, row func(y int, row []byte)) error {
	if len(w.parts) < parts {
		w.parts = make([]deflatePart, parts)
	}
	ps := w.parts[:parts]
	var wg sync.WaitGroup
	for i := range ps {
		y0, y1 := h*i/parts, h*(i+1)/parts
		p := &ps[i]
		wg.Go(func() {
			size := (n + 1) * (y1 - y0)
			if cap(p.raw) < size {
				p.raw = make([]byte, size)
			}
			p.size = size
			raw := p.raw[:size]
			for y := y0; y < y1; y++ {
				line := raw[(y-y0)*(n+1):][:n+1]
				line[0] = 0 // filter type None
				row(y, line[1:])
			}
			p.adler = adler32.Checksum(raw)
			p.z.Reset()
			fw := flatePool.Get().(*flate.Writer)
			defer flatePool.Put(fw)
			fw.Reset(&p.z)
			if _, p.err = fw.Write(raw); p.err != nil {
				return
			}
			if i < len(ps)-1 {
				p.err = fw.Flush()
			} else {
				p.err = fw.Close()
			}
		})
	}
	wg.Wait()
	w.idat.Reset()
	w.idat.Write([]byte{0x78, 0x01}) // zlib: deflate, 32K window, fastest
	sum := uint32(1)
	for i := range ps {
		if ps[i].err != nil {
			return ps[i].err
		}
		w.idat.Write(ps[i].z.Bytes())
		sum = adler32Combine(sum, ps[i].adler, ps[i].size)
	}
	var trailer [4]byte
	binary.BigEndian.PutUint32(trailer[:], sum)
	w.idat.Write(trailer[:])
	pngChunk(out, "IDAT", w.idat.Bytes())
	pngChunk(out, "IEND", nil)
	return nil
}

// adler32Combine returns the Adler-32 of A followed by B from the sums of
// A and of B (n2 bytes), as zlib's adler32_combine does.
func adler32Combine(a1, a2 uint32, n2 int) uint32 {
	const base = 65521
	rem := uint32(n2 % base)
	sum1 := a1 & 0xffff
	sum2 := uint32((uint64(rem) * uint64(sum1)) % base)
	sum1 += (a2 & 0xffff) + base - 1
	sum2 += (a1 >> 16) + (a2 >> 16) + base - rem
	if sum1 >= base {
		sum1 -= base
	}
	if sum1 >= base {
		sum1 -= base
	}
	if sum2 >= base<<1 {
		sum2 -= base << 1
	}
	if sum2 >= base {
		sum2 -= base
	}
	return sum1 | sum2<<16
}

// pngChunk writes a chunk: length, type, data and CRC-32 of type and data.
func pngChunk(out *bytes.Buffer, typ string, data []byte) {
	var b [8]byte
	binary.BigEndian.PutUint32(b[:4], uint32(len(data)))
	copy(b[4:], typ)
	out.Write(b[:])
	out.Write(data)
	crc := crc32.Update(crc32.ChecksumIEEE(b[4:]), crc32.IEEETable, data)
	binary.BigEndian.PutUint32(b[:4], crc)
	out.Write(b[:4])
}

// Palette converts img to a paletted image if it has at most 256
// colours. The palette is in order of first appearance, so the bytes are
// deterministic.
func (f *PNG) Palette(img *image.RGBA) (*image.Paletted, bool) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if cap(f.palPix) < w*h {
		f.palPix = make([]byte, w*h)
	}
	pix := f.palPix[:w*h]
	clear(f.slots[:])
	pal := f.palImg.Palette[:0]
	var last uint32
	var idx uint8
	j := 0
	for y := range h {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):][:4*w]
		for i := 0; i < len(row); i += 4 {
			v := binary.LittleEndian.Uint32(row[i:])
			if j == 0 || v != last {
				var ok bool
				if idx, ok = f.lookup(v, &pal); !ok {
					return nil, false
				}
				last = v
			}
			pix[j] = idx
			j++
		}
	}
	f.palImg = image.Paletted{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h), Palette: pal}
	return &f.palImg, true
}

// lookup returns the palette index of the pixel v (little-endian RGBA),
// adding it to pal if new; ok is false if pal is full.
func (f *PNG) lookup(v uint32, pal *color.Palette) (uint8, bool) {
	h := (v * 0x9e3779b1) >> 22
	for {
		s := f.slots[h]
		if s == 0 {
			n := len(*pal)
			if n == len(f.colors) {
				return 0, false
			}
			f.slots[h], f.keys[h] = uint16(n+1), v
			f.colors[n] = color.RGBA{R: uint8(v), G: uint8(v >> 8), B: uint8(v >> 16), A: uint8(v >> 24)}
			*pal = append(*pal, &f.colors[n]) // a pointer: no allocation
			return uint8(n), true
		}
		if f.keys[h] == v {
			return uint8(s - 1), true
		}
		h = (h + 1) & (uint32(len(f.slots)) - 1)
	}
}
