package picture

import (
	"bytes"
	"errors"
	"image/color"
	"image/gif"
	"math/rand/v2"
	"net/url"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/internal/encode"
)

// TestGIFWriterRoundTrip writes frames that change in parts (and one that
// does not change) and checks that image/gif decodes each back exactly.
func TestGIFWriterRoundTrip(t *testing.T) {
	const w, h = 97, 61
	pal := gifPalette(draw.NewRenderer(nil))
	rng := rand.New(rand.NewPCG(1, 2))
	frame := make([]byte, w*h)
	for i := range frame {
		frame[i] = byte(1 + rng.IntN(len(pal)-1))
	}
	var want [][]byte
	var out bytes.Buffer
	g := encode.NewGIF(&out, w, h, pal)
	for n := range 5 {
		if n > 0 && n != 3 { // frame 3 repeats frame 2
			x0, y0 := rng.IntN(w-10), rng.IntN(h-10)
			for y := y0; y < y0+1+rng.IntN(h-y0); y++ {
				for x := x0; x < x0+1+rng.IntN(w-x0); x++ {
					frame[y*w+x] = byte(1 + rng.IntN(len(pal)-1))
				}
			}
		}
		copy(g.Pixels(), frame)
		if err := g.Frame(10 * (n + 1)); err != nil {
			t.Fatal(err)
		}
		want = append(want, bytes.Clone(frame))
	}
	g.Close()
	dec, err := gif.DecodeAll(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(dec.Image) != 5 || dec.LoopCount != 0 || dec.Config.Width != w || dec.Config.Height != h {
		t.Fatalf("got %d frames, loop %d, %dx%d", len(dec.Image), dec.LoopCount, dec.Config.Width, dec.Config.Height)
	}
	canvas := make([]color.Color, w*h)
	for n, fr := range dec.Image {
		if dec.Delay[n] != 10*(n+1) || dec.Disposal[n] != gif.DisposalNone {
			t.Errorf("frame %d: delay %d disposal %d", n, dec.Delay[n], dec.Disposal[n])
		}
		if n == 3 && fr.Bounds().Dx()*fr.Bounds().Dy() != 1 {
			t.Errorf("an unchanged frame: got %v, want one pixel", fr.Bounds())
		}
		b := fr.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if c := fr.At(x, y); c.(color.RGBA).A > 0 {
					canvas[y*w+x] = c
				}
			}
		}
		for i, c := range canvas {
			if c != color.RGBAModel.Convert(pal[want[n][i]]) {
				t.Fatalf("frame %d pixel %d,%d: got %v, want %v", n, i%w, i/w, c, pal[want[n][i]])
			}
		}
	}
}

func TestQuantizer(t *testing.T) {
	pal := gifPalette(draw.NewRenderer(nil))
	if len(pal) > 256 || pal[encode.Transparent].(color.NRGBA).A != 0 {
		t.Fatalf("palette of %d colours, index 0 %v: want at most 256, the first transparent", len(pal), pal[0])
	}
	q := encode.NewQuantizer(pal)
	for i, c := range pal[1:] {
		n := c.(color.NRGBA)
		if got := q.Index(n.R, n.G, n.B); pal[got] != c {
			t.Errorf("palette colour %d %v: got index %d %v", i+1, c, got, pal[got])
		}
	}
	st := draw.DefaultStyle()
	for _, c := range []color.NRGBA{st.Sea, st.Land, composite(st.Control[draw.ControlKey{Side: 1, Status: 1}].Fill, st.Land)} {
		if got := pal[q.Index(c.R, c.G, c.B)]; got != c {
			t.Errorf("style colour %v: got %v", c, got)
		}
	}
	// Off-palette colours go to the nearest colour of their cell's centre,
	// never to the transparent one.
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		r, g, b := uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256))
		i := q.Index(r, g, b)
		cr, cg, cb := int(r>>3)<<3|4, int(g>>3)<<3|4, int(b>>3)<<3|4
		dist := func(c color.Color) int {
			n := c.(color.NRGBA)
			dr, dg, db := int(n.R)-cr, int(n.G)-cg, int(n.B)-cb
			return 3*dr*dr + 4*dg*dg + 2*db*db
		}
		best := 1
		for j := range pal[1:] {
			if dist(pal[j+1]) < dist(pal[best]) {
				best = j + 1
			}
		}
		if i == encode.Transparent || dist(pal[i]) != dist(pal[best]) {
			t.Fatalf("rgb(%d,%d,%d): got index %d %v, want %d %v", r, g, b, i, pal[i], best, pal[best])
		}
	}
}

// FuzzParsePictureQuery feeds query strings to the picture parser: it
// must never panic, and what it accepts must be within the limits.
func FuzzParsePictureQuery(f *testing.F) {
	for _, s := range []string{
		"day=2025-01-20&bbox=22,44,41,53", "center=35.27,51.19&zoom=8.5&width=64&height=3000&scale=3",
		"from=2024-08-01&to=2025-04-30&step=7d&region=kursk-incursion&all=1", "title=%E2%80%A6&width=08",
		"bbox=1e308,1,2,3", "zoom=1e-400&center=0,0", "step=99999m",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		for _, kind := range []Kind{KindSnapshot, KindDiff, KindTimelapse} {
			req, err := ParseQuery(kind, q)
			if err != nil {
				if !errors.Is(err, geo.ErrInvalid) {
					t.Fatalf("%q: error %v is not a bad request", s, err)
				}
				continue
			}
			if req.Width < MinSide || req.Width > MaxSide || req.Height < MinSide || req.Height > MaxSide ||
				req.Scale < 1 || req.Scale > MaxScale || req.Width*req.Height*req.Scale*req.Scale > MaxPixels {
				t.Fatalf("%q: accepted %+v", s, req)
			}
		}
	})
}
