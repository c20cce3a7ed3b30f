package picture

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"runtime"
	"testing"
)

// TestBandsDrawOnePass checks that a picture drawn in parallel bands has
// exactly the pixels of the same picture drawn in one pass, hatching,
// strokes crossing band edges and labels included; and that drawing it
// again over the kept basemap changes nothing.
func TestBandsDrawOnePass(t *testing.T) {
	for _, req := range []Request{
		{Kind: KindSnapshot, Day: "2025-01-20", View: ukraineBBox},
		{Kind: KindSnapshot, Day: "2025-01-20", View: ukraineBBox, Scale: 2},
		{Kind: KindDiff, From: "2024-08-01", To: "2024-08-31", View: ukraineBBox},
	} {
		draw := func(procs int) *image.RGBA {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			s, _ := seedLikeRenderer()
			pic, err := s.Render(context.Background(), req, nil)
			if err != nil {
				t.Fatal(err)
			}
			again, err := s.Render(context.Background(), req, nil)
			if err != nil {
				t.Fatal(err)
			}
			if entries, hits := s.Bases(); entries != 1 || hits != 1 {
				t.Fatalf("basemaps kept: %d entries, %d hits; want 1, 1", entries, hits)
			}
			if !bytes.Equal(pic.Body, again.Body) {
				t.Fatalf("%v: drawn again over the kept basemap, the picture changed", req.Kind)
			}
			m, err := png.Decode(bytes.NewReader(pic.Body))
			if err != nil {
				t.Fatal(err)
			}
			out := image.NewRGBA(m.Bounds())
			for y := m.Bounds().Min.Y; y < m.Bounds().Max.Y; y++ {
				for x := m.Bounds().Min.X; x < m.Bounds().Max.X; x++ {
					out.Set(x, y, m.At(x, y))
				}
			}
			return out
		}
		one, bands := draw(1), draw(5)
		if !bytes.Equal(one.Pix, bands.Pix) {
			n := 0
			for i := range one.Pix {
				if one.Pix[i] != bands.Pix[i] {
					n++
				}
			}
			t.Errorf("%v: %d bytes differ between one pass and bands", req.Kind, n)
		}
	}
}
