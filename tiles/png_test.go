package tiles

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
)

func TestAdler32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{0, 1, 100, 65521, 65522, 300000} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		for _, cut := range []int{0, n / 3, n} {
			got := adler32Combine(adler32.Checksum(b[:cut]), adler32.Checksum(b[cut:]), n-cut)
			if want := adler32.Checksum(b); got != want {
				t.Errorf("n=%d cut=%d: %08x, want %08x", n, cut, got, want)
			}
		}
	}
}

// TestParallelPNG encodes images big enough to be deflated in parallel and
// checks that image/png decodes them to the same pixels, and that the zlib
// stream's checksum is right (compress/zlib checks it at the end).
func TestParallelPNG(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, size := range []image.Point{{1200, 800}, {700, 1500}, {2400, 1601}} {
		m := image.NewRGBA(image.Rectangle{Max: size})
		for i := range m.Pix {
			m.Pix[i] = byte(rng.IntN(4) * 85) // many colours, some repeats
		}
		for i := 3; i < len(m.Pix); i += 4 {
			m.Pix[i] = 0xff
		}
		if runtime.GOMAXPROCS(0) > 1 && parallelParts(3*size.X, size.Y) < 2 {
			t.Fatalf("%v: not encoded in parallel", size)
		}
		var w pngWriter
		var out bytes.Buffer
		if err := w.rgba(&out, m); err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("%v: %v", size, err)
		}
		for y := 0; y < size.Y; y += 7 {
			for x := 0; x < size.X; x += 5 {
				if a, b := color.RGBAModel.Convert(got.At(x, y)), m.RGBAAt(x, y); a != b {
					t.Fatalf("%v: pixel %d,%d = %v, want %v", size, x, y, a, b)
				}
			}
		}
		zr, err := zlib.NewReader(bytes.NewReader(idat(t, out.Bytes())))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%v: zlib stream: %v", size, err)
		}
		if want := (3*size.X + 1) * size.Y; len(raw) != want {
			t.Fatalf("%v: %d bytes of image data, want %d", size, len(raw), want)
		}
	}
}

// idat returns the data of the IDAT chunks of a PNG.
func idat(t *testing.T, b []byte) []byte {
	var out []byte
	b = b[8:]
	for len(b) >= 12 {
		n := int(binary.BigEndian.Uint32(b))
		if string(b[4:8]) == "IDAT" {
			out = append(out, b[8:8+n]...)
		}
		b = b[12+n:]
	}
	return out
}
