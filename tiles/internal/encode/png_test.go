package encode

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/adler32"
	"image"
	"image/draw"
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
// checks that they were (in bands, whatever the number of CPUs: the test
// sets GOMAXPROCS, by which the encoder decides), that image/png decodes
// them to the same pixels as the one-pass encoding, and that the zlib
// stream's checksum is right (compress/zlib checks it at the end).
func TestParallelPNG(t *testing.T) {
	const procs = 4
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	rng := rand.New(rand.NewPCG(2, 2))
	for _, size := range []image.Point{{1200, 800}, {700, 1500}, {2400, 1601}} {
		m := image.NewRGBA(image.Rectangle{Max: size})
		for i := range m.Pix {
			m.Pix[i] = byte(rng.IntN(4) * 85) // many colours, some repeats
		}
		for i := 3; i < len(m.Pix); i += 4 {
			m.Pix[i] = 0xff
		}
		n, h := 3*size.X, size.Y
		if got := parallelParts(n, h); got != procs {
			t.Fatalf("%v: %d bands at GOMAXPROCS %d, want %d", size, got, procs, procs)
		}
		var w PNG
		var out bytes.Buffer
		if err := w.RGBA(&out, m); err != nil {
			t.Fatal(err)
		}
		// The bands the parallel path deflated: procs of them, covering
		// every row once.
		if len(w.parts) != procs {
			t.Fatalf("%v: %d bands deflated, want %d: the parallel path did not run", size, len(w.parts), procs)
		}
		total := 0
		for i, p := range w.parts {
			if p.size == 0 || p.z.Len() == 0 {
				t.Errorf("%v: band %d is empty", size, i)
			}
			total += p.size
		}
		if want := (n + 1) * h; total != want {
			t.Errorf("%v: bands hold %d bytes, want %d", size, total, want)
		}

		// The same image in one pass: other bytes (the bands end with sync
		// flushes), the same pixels.
		var one bytes.Buffer
		runtime.GOMAXPROCS(1)
		var w1 PNG
		err := w1.RGBA(&one, m)
		runtime.GOMAXPROCS(procs)
		if err != nil {
			t.Fatal(err)
		}
		if len(w1.parts) != 0 {
			t.Fatalf("%v: deflated in %d bands at GOMAXPROCS 1", size, len(w1.parts))
		}
		if bytes.Equal(out.Bytes(), one.Bytes()) {
			t.Errorf("%v: the parallel encoding is the one-pass encoding byte for byte", size)
		}
		got, err := png.Decode(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("%v: %v", size, err)
		}
		want, err := png.Decode(bytes.NewReader(one.Bytes()))
		if err != nil {
			t.Fatalf("%v: one pass: %v", size, err)
		}
		gotRGBA, wantRGBA := toRGBA(got), toRGBA(want)
		if !bytes.Equal(gotRGBA.Pix, m.Pix) {
			t.Errorf("%v: the parallel encoding decodes to other pixels than the image's", size)
		}
		if !bytes.Equal(gotRGBA.Pix, wantRGBA.Pix) {
			t.Errorf("%v: the parallel and one-pass encodings decode to different pixels", size)
		}
		zr, err := zlib.NewReader(bytes.NewReader(idat(t, out.Bytes())))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%v: zlib stream: %v", size, err)
		}
		if want := (n + 1) * h; len(raw) != want {
			t.Fatalf("%v: %d bytes of image data, want %d", size, len(raw), want)
		}
	}
}

// toRGBA converts a decoded image to RGBA pixels.
func toRGBA(m image.Image) *image.RGBA {
	out := image.NewRGBA(m.Bounds())
	draw.Draw(out, out.Rect, m, m.Bounds().Min, draw.Src)
	return out
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
