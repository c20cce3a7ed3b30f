package draw

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/internal/encode"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"golang.org/x/image/math/fixed"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// crimeaTile is the z6 tile over Crimea (33.75°–39.375°E, 40.98°–45.09°N).
var crimeaTile = maptile.New(38, 22, 6)

// rect is a polygon in tile units, x0,y0 the top-left corner.
func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}}}
}

func control(side geo.Side, status geo.Status, g orb.Geometry) tiles.Item {
	return tiles.Item{Layer: tiles.LayerControl, Side: side, Status: status, Geometry: g}
}

func place(name string, rank int, x, y float64) tiles.Item {
	return tiles.Item{Layer: tiles.LayerPlaces, Name: name, Rank: rank, Geometry: orb.Point{x, y}}
}

// Points of interest of testContent, in tile units.
var (
	inOccupied  = orb.Point{600, 1200}
	onLand      = orb.Point{3000, 3200}
	inClaimed   = orb.Point{3000, 800}
	claimedEdge = orb.Point{2400, 800} // on the claimed outline
	inContested = orb.Point{2900, 2200}
	atSea       = orb.Point{2000, 3950}
	dzhankoi    = orb.Point{700, 700}   // a rank 3 place, hidden at z6
	simferopol  = orb.Point{1100, 2300} // a rank 2 place, labelled on the right
)

// testContent is a hand-made tile: land above a coast, two countries and
// two admin-1 units, Russian-occupied ground on the left half, a claim,
// a contested strip, a Ukrainian-held pocket and three places.
func testContent() *tiles.Content {
	land := orb.Polygon{{{-256, -256}, {-256, 3500}, {900, 3300}, {1700, 3650}, {2600, 3550}, {4352, 3700}, {4352, -256}, {-256, -256}}}
	west := orb.Polygon{{{-256, -256}, {-256, 3500}, {900, 3300}, {1700, 3650}, {1750, 1800}, {1700, -256}, {-256, -256}}}
	east := orb.Polygon{{{1700, -256}, {1750, 1800}, {1700, 3650}, {2600, 3550}, {4352, 3700}, {4352, -256}, {1700, -256}}}
	return &tiles.Content{Tile: crimeaTile, Items: []tiles.Item{
		{Layer: tiles.LayerBoundaries, Kind: geo.LayerCountry, Geometry: orb.MultiPolygon{land}},
		{Layer: tiles.LayerBoundaries, Kind: geo.LayerAdmin1, Geometry: orb.MultiPolygon{west}},
		{Layer: tiles.LayerBoundaries, Kind: geo.LayerAdmin1, Geometry: orb.MultiPolygon{east}},
		control(geo.SideRU, geo.StatusOccupied, orb.MultiPolygon{{{{-256, -256}, {-256, 3500}, {900, 3300}, {1500, 3560}, {1900, 2200}, {1700, 900}, {2048, -256}, {-256, -256}}}}),
		control(geo.SideRU, geo.StatusClaimed, orb.MultiPolygon{rect(2400, 300, 3800, 1500)}),
		control(geo.SideRU, geo.StatusContested, orb.MultiPolygon{rect(2400, 1900, 3800, 2600)}),
		control(geo.SideUA, geo.StatusOccupied, orb.MultiPolygon{rect(3900, -256, 4352, 500)}),
		place("Simferopol", 2, simferopol[0], simferopol[1]),
		place("Сімферополь", 2, 2200, 3000),
		place("Kyiv", 1, 300, 400),
		place("Dzhankoi", 3, dzhankoi[0], dzhankoi[1]), // rank 3 shows from z8 only
	}}
}

// px returns the pixel of p (tile units) in an image of size pixels.
func px(m image.Image, p orb.Point, size int) color.NRGBA {
	k := float64(size) / tiles.Extent
	return color.NRGBAModel.Convert(m.At(int(p[0]*k), int(p[1]*k))).(color.NRGBA)
}

func render(t testing.TB, r *Renderer, c *tiles.Content, opt RasterOptions) image.Image {
	t.Helper()
	b, err := r.PNG(c, opt)
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	m, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return m
}

func near(a, b color.NRGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

func TestRasterPixels(t *testing.T) {
	st := DefaultStyle()
	r := NewRenderer(st)
	for _, size := range []int{256, 512} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			m := render(t, r, testContent(), RasterOptions{Size: size})
			if got := m.Bounds(); got != image.Rect(0, 0, size, size) {
				t.Fatalf("bounds: got %v, want %dx%d", got, size, size)
			}
			if c := px(m, inOccupied, size); !(int(c.R) > int(c.G)+40 && int(c.R) > int(c.B)+40) {
				t.Errorf("occupied: got %v, want reddish", c)
			}
			if c := px(m, onLand, size); c != st.Land {
				t.Errorf("land: got %v, want %v", c, st.Land)
			}
			if c := px(m, atSea, size); c != st.Sea {
				t.Errorf("sea: got %v, want %v", c, st.Sea)
			}
			if c := px(m, inClaimed, size); c != st.Land {
				t.Errorf("inside the claim: got %v, want the land colour %v", c, st.Land)
			}
			if !outlined(m, claimedEdge, size, st.Control[ControlKey{geo.SideRU, geo.StatusClaimed}].Outline.Color) {
				t.Errorf("claim edge: no pixel near %v has the outline colour", claimedEdge)
			}
			hatch, plain := hatching(m, inContested, size, st.Land)
			if hatch == 0 || plain == 0 {
				t.Errorf("contested: got %d hatch and %d plain pixels, want both", hatch, plain)
			}
			if got, want := px(m, dzhankoi, size), px(m, inOccupied, size); got != want {
				t.Errorf("rank 3 place at z6: got %v at its dot, want the fill %v", got, want)
			}
			if n := darkPixels(m, simferopol, size); n < 20 {
				t.Errorf("Simferopol: got %d dark pixels of its dot and name, want at least 20", n)
			}
		})
	}
}

// outlined reports whether a pixel within 3 px of p is close to c
// composited over land: reddish and darker than the land.
func outlined(m image.Image, p orb.Point, size int, c color.NRGBA) bool {
	k := float64(size) / tiles.Extent
	x0, y0 := int(p[0]*k), int(p[1]*k)
	for y := y0 - 3; y <= y0+3; y++ {
		for x := x0 - 3; x <= x0+3; x++ {
			got := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
			if near(got, c, 40) || (c.R > c.G+60 && int(got.R) > int(got.G)+60) {
				return true
			}
		}
	}
	return false
}

// hatching counts the pixels around p that are darker than land by more
// than a tint (hatch lines) and those that are not.
func hatching(m image.Image, p orb.Point, size int, land color.NRGBA) (hatch, plain int) {
	k := float64(size) / tiles.Extent
	x0, y0 := int(p[0]*k), int(p[1]*k)
	for y := y0 - 8; y < y0+8; y++ {
		for x := x0 - 8; x < x0+8; x++ {
			c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
			if int(land.G)-int(c.G) > 60 {
				hatch++
			} else {
				plain++
			}
		}
	}
	return hatch, plain
}

// darkPixels counts the near-black pixels (text, dots) in the 48×8 px
// (at 256) box right of p.
func darkPixels(m image.Image, p orb.Point, size int) int {
	k := float64(size) / tiles.Extent
	n := 0
	for y := int((p[1] - 64) * k); y < int((p[1]+64)*k); y++ {
		for x := int(p[0] * k); x < int((p[0]+768)*k); x++ {
			if c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA); c.R < 80 && c.G < 80 && c.B < 80 {
				n++
			}
		}
	}
	return n
}

func TestRasterControlOnly(t *testing.T) {
	r := NewRenderer(nil)
	for _, size := range []int{256, 512} {
		m := render(t, r, testContent(), RasterOptions{Size: size, ControlOnly: true})
		if c := px(m, atSea, size); c.A != 0 {
			t.Errorf("%d: outside control: got alpha %d, want 0", size, c.A)
		}
		if c := px(m, inClaimed, size); c.A != 0 {
			t.Errorf("%d: inside the claim: got alpha %d, want 0", size, c.A)
		}
		if c := px(m, inOccupied, size); c.A == 0 || c.R <= c.B {
			t.Errorf("%d: inside occupied: got %v, want a red with alpha > 0", size, c)
		}
	}
}

func TestRasterDeterministic(t *testing.T) {
	r := NewRenderer(nil)
	for _, opt := range []RasterOptions{{Size: 256}, {Size: 512}, {Size: 256, ControlOnly: true}} {
		a, err := r.PNG(testContent(), opt)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := NewRenderer(nil).PNG(testContent(), opt)
		c, _ := r.PNG(testContent(), opt)
		if !bytes.Equal(a, b) || !bytes.Equal(a, c) {
			t.Errorf("%+v: the same content rendered to different bytes", opt)
		}
	}
}

// TestRasterConcurrent renders from many goroutines with one Renderer
// (run with -race) and checks every result against a serial render.
func TestRasterConcurrent(t *testing.T) {
	r := NewRenderer(nil)
	opts := []RasterOptions{{Size: 256}, {Size: 512}, {Size: 256, ControlOnly: true}}
	want := make([][]byte, len(opts))
	for i, opt := range opts {
		want[i], _ = r.PNG(benchContent(), opt)
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			for i := range 6 {
				k := (g + i) % len(opts)
				got, err := r.PNG(benchContent(), opts[k])
				if err == nil && !bytes.Equal(got, want[k]) {
					err = fmt.Errorf("%+v: concurrent render differs from the serial one", opts[k])
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestRasterOneColour(t *testing.T) {
	st := DefaultStyle()
	r := NewRenderer(st)
	full := rect(-256, -256, 4352, 4352)
	tests := map[string]struct {
		c    *tiles.Content
		opt  RasterOptions
		want color.NRGBA
	}{
		"sea":           {&tiles.Content{Tile: crimeaTile}, RasterOptions{}, st.Sea},
		"land":          {&tiles.Content{Tile: crimeaTile, Items: []tiles.Item{{Layer: tiles.LayerBoundaries, Kind: geo.LayerCountry, Geometry: full}}}, RasterOptions{Size: 512}, st.Land},
		"empty overlay": {&tiles.Content{Tile: crimeaTile}, RasterOptions{ControlOnly: true}, color.NRGBA{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m := render(t, r, tc.c, tc.opt)
			size := max(tc.opt.Size, 256)
			for _, p := range []orb.Point{{0, 0}, {2048, 2048}, {4095, 4095}} {
				if got := px(m, p, size); got != tc.want {
					t.Errorf("at %v: got %v, want %v", p, got, tc.want)
				}
			}
		})
	}
}

func TestRasterBadSize(t *testing.T) {
	for _, n := range []int{-1, maxRasterSize + 1} {
		if _, err := NewRenderer(nil).PNG(testContent(), RasterOptions{Size: n}); err == nil {
			t.Errorf("size %d: got no error, want one", n)
		}
	}
}

// TestRasterDraw checks that Draw into any draw.Image matches PNG.
func TestRasterDraw(t *testing.T) {
	r := NewRenderer(nil)
	want := render(t, r, testContent(), RasterOptions{})
	for name, dst := range map[string]draw.Image{
		"rgba":   image.NewRGBA(image.Rect(10, 20, 266, 276)),
		"nrgba":  image.NewNRGBA(image.Rect(10, 20, 266, 276)),
		"rgba64": image.NewRGBA64(image.Rect(10, 20, 266, 276)),
	} {
		if err := r.Draw(dst, testContent(), RasterOptions{}); err != nil {
			t.Fatal(err)
		}
		got := dst.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(dst.Bounds())
		if n := diff(want, translate(got)); n > 0 {
			t.Errorf("%s: %d pixels differ from PNG", name, n)
		}
	}
}

// translate moves m's top-left corner to (0, 0).
func translate(m image.Image) image.Image {
	out := image.NewNRGBA(image.Rect(0, 0, m.Bounds().Dx(), m.Bounds().Dy()))
	draw.Draw(out, out.Rect, m, m.Bounds().Min, draw.Src)
	return out
}

// goldenTolerance is how far a channel may stray from the golden image.
const goldenTolerance = 2

// symbolsContent is land with a box of every side and status.
func symbolsContent() *tiles.Content {
	symbols := &tiles.Content{Tile: crimeaTile}
	statuses := []geo.Status{geo.StatusOccupied, geo.StatusLiberated, geo.StatusContested, geo.StatusClaimed}
	symbols.Items = append(symbols.Items, tiles.Item{Layer: tiles.LayerBoundaries, Kind: geo.LayerCountry, Geometry: rect(-256, -256, 4352, 4352)})
	for i, side := range geo.Sides {
		for j, st := range statuses {
			x, y := 200+float64(j)*980, 300+float64(i)*2000
			symbols.Items = append(symbols.Items, control(side, st, rect(x, y, x+800, y+1500)))
		}
	}
	return symbols
}

// referenceTile is a tile the golden tests draw.
type referenceTile struct {
	c   *tiles.Content
	opt RasterOptions
}

// goldenTiles are the tiles of TestRasterGolden, by the name of their
// golden PNG.
func goldenTiles() map[string]referenceTile {
	return map[string]referenceTile{
		"crimea-z6":         {testContent(), RasterOptions{}},
		"crimea-z6@2x":      {testContent(), RasterOptions{Size: 512}},
		"crimea-z6-control": {testContent(), RasterOptions{ControlOnly: true}},
		"symbols":           {symbolsContent(), RasterOptions{Size: 512}},
		"bench":             {benchContent(), RasterOptions{}},
	}
}

func TestRasterGolden(t *testing.T) {
	r := NewRenderer(nil)
	for name, tc := range goldenTiles() {
		t.Run(name, func(t *testing.T) {
			b, err := r.PNG(tc.c, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", name+".png")
			if *update {
				if err := os.WriteFile(golden, b, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			got, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			want, err := readPNG(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if n := diff(want, got); n > 0 {
				failed := filepath.Join("testdata", "failed", name+".png")
				if err := os.MkdirAll(filepath.Dir(failed), 0o755); err == nil {
					if err := os.WriteFile(failed, b, 0o644); err != nil {
						t.Logf("keeping the failed picture: %v", err)
					}
				}
				t.Errorf("%d pixels differ from %s by more than %d; got %s", n, golden, goldenTolerance, failed)
			}
		})
	}
}

func readPNG(name string) (image.Image, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

// diff counts the pixels of a and b whose channels (straight alpha)
// differ by more than goldenTolerance; a different size counts them all.
func diff(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			ca := color.NRGBAModel.Convert(a.At(x, y)).(color.NRGBA)
			cb := color.NRGBAModel.Convert(b.At(x, y)).(color.NRGBA)
			if ca.A == 0 && cb.A == 0 {
				continue
			}
			if !near(ca, cb, goldenTolerance) {
				n++
			}
		}
	}
	return n
}

// benchContent is a busy tile: land with a 600-vertex coast, admin-1
// units, a 3,000-vertex occupied front, a contested strip along it, a
// claim and five places.
func benchContent() *tiles.Content {
	c := testContent()
	c.Items = c.Items[:3]
	front := make(orb.Ring, 0, 3001)
	for i := range 3000 {
		a := 2 * math.Pi * float64(i) / 3000
		r := 1500 + 180*math.Sin(17*a) + 90*math.Sin(61*a+1) + 40*math.Sin(233*a)
		front = append(front, orb.Point{math.Round(1700 + r*math.Cos(a)), math.Round(1900 - r*math.Sin(a))})
	}
	front = append(front, front[0])
	coast := make(orb.Ring, 0, 604)
	coast = append(coast, orb.Point{-256, -256})
	for i := range 600 {
		x := -256 + 4608*float64(i)/599
		coast = append(coast, orb.Point{math.Round(x), math.Round(3500 + 150*math.Sin(x/97) + 60*math.Sin(x/23))})
	}
	coast = append(coast, orb.Point{4352, -256}, orb.Point{-256, -256})
	c.Items[0].Geometry = orb.MultiPolygon{{coast}}
	c.Items = append(c.Items,
		control(geo.SideRU, geo.StatusOccupied, orb.MultiPolygon{{front}}),
		control(geo.SideRU, geo.StatusContested, orb.MultiPolygon{rect(3300, 1200, 4352, 2000)}),
		control(geo.SideRU, geo.StatusClaimed, orb.MultiPolygon{rect(-256, -256, 4352, 3300)}),
		place("Kyiv", 1, 300, 400),
		place("Simferopol", 2, simferopol[0], simferopol[1]),
		place("Sevastopol", 2, 900, 3100),
		place("Dzhankoi", 2, 2600, 800),
		place("Kerch", 2, 3700, 2700),
	)
	return c
}

func benchmarkPNG(b *testing.B, c *tiles.Content, opt RasterOptions) {
	r := NewRenderer(nil)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		out, err := r.PNG(c, opt)
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.ReportMetric(float64(n), "png-bytes")
}

func BenchmarkPNG256(b *testing.B) { benchmarkPNG(b, benchContent(), RasterOptions{Size: 256}) }

func BenchmarkPNG512(b *testing.B) { benchmarkPNG(b, benchContent(), RasterOptions{Size: 512}) }

func BenchmarkPNG256ControlOnly(b *testing.B) {
	benchmarkPNG(b, benchContent(), RasterOptions{Size: 256, ControlOnly: true})
}

func BenchmarkPNGSea(b *testing.B) {
	benchmarkPNG(b, &tiles.Content{Tile: crimeaTile}, RasterOptions{Size: 256})
}

// BenchmarkEncode compares image/png with our encoder on the drawn bench
// tile (the encoder's choice is measured here).
func BenchmarkEncode(b *testing.B) {
	r := NewRenderer(nil)
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	if err := r.Draw(img, benchContent(), RasterOptions{}); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	run := func(name string, enc func() error) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := enc(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "png-bytes")
		})
	}
	for _, level := range []png.CompressionLevel{png.DefaultCompression, png.BestSpeed} {
		e := png.Encoder{CompressionLevel: level}
		run(fmt.Sprintf("image/png level %d", level), func() error { return e.Encode(&buf, img) })
	}
	var w encode.PNG
	run("ours", func() error { return w.RGBA(&buf, img) })
}

// TestCoverage compares the rasteriser with 16×16 supersampling of
// polygons given in pixels (even-odd inside test; holes are wound
// opposite, so nonzero agrees).
func TestCoverage(t *testing.T) {
	tests := map[string][][]orb.Point{
		"fractional rect": {{{2.3, 1.6}, {2.3, 9.25}, {13.8, 9.25}, {13.8, 1.6}}},
		"triangle":        {{{1, 1}, {14.5, 4.2}, {5.3, 15.1}}},
		"thin diagonal":   {{{0.5, 0.5}, {1.2, 0.5}, {15.4, 14.8}, {14.7, 14.8}}},
		"hole":            {{{1, 1}, {15, 1}, {15, 15}, {1, 15}}, {{4.5, 4.5}, {4.5, 11.5}, {11.5, 11.5}, {11.5, 4.5}}},
		"outside canvas":  {{{-5.5, -3}, {22, 7.7}, {-2, 20.2}}},
	}
	const w, h = 16, 16
	for name, rings := range tests {
		t.Run(name, func(t *testing.T) {
			dst := image.NewRGBA(image.Rect(0, 0, w, h))
			var c coverage
			c.reset(w, h)
			for _, r := range rings {
				for i, p := range r {
					q := fixed.Point26_6{X: fixed.Int26_6(math.Round(p[0] * 64)), Y: fixed.Int26_6(math.Round(p[1] * 64))}
					if i == 0 {
						c.Start(q)
					} else {
						c.Add1(q)
					}
				}
			}
			c.rasterize(&painter{dst: dst, fill: premul{0xffff, 0xffff, 0xffff, 0xffff}})
			for y := range h {
				for x := range w {
					want := supersample(rings, x, y)
					got := float64(dst.RGBAAt(x, y).A) / 255
					if math.Abs(got-want) > 0.03 {
						t.Errorf("pixel %d,%d: got coverage %.3f, want %.3f", x, y, got, want)
					}
				}
			}
		})
	}
}

func supersample(rings [][]orb.Point, x, y int) float64 {
	const n = 16
	in := 0
	for i := range n {
		for j := range n {
			px, py := float64(x)+(float64(i)+0.5)/n, float64(y)+(float64(j)+0.5)/n
			odd := false
			for _, r := range rings {
				for k := range r {
					a, b := r[k], r[(k+1)%len(r)]
					if (a[1] > py) != (b[1] > py) && px < a[0]+(py-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
						odd = !odd
					}
				}
			}
			if odd {
				in++
			}
		}
	}
	return float64(in) / (n * n)
}

// BenchmarkPNGLand is a tile inside one fill: drawn, found to be of one
// colour and served from the cache of one-colour PNGs.
func BenchmarkPNGLand(b *testing.B) {
	c := &tiles.Content{Tile: crimeaTile, Items: []tiles.Item{
		{Layer: tiles.LayerBoundaries, Kind: geo.LayerCountry, Geometry: rect(-256, -256, 4352, 4352)},
		control(geo.SideRU, geo.StatusOccupied, rect(-64, -64, 4160, 4160)),
	}}
	benchmarkPNG(b, c, RasterOptions{Size: 256})
}

// TestRasterGreyZone: contested ground that no side holds is drawn, grey
// and hatched, and named in the drawing order.
func TestRasterGreyZone(t *testing.T) {
	r := NewRenderer(nil)
	c := &tiles.Content{Tile: crimeaTile, Items: []tiles.Item{control(geo.SideNone, geo.StatusContested, orb.MultiPolygon{rect(1000, 1000, 3000, 3000)})}}
	m := render(t, r, c, RasterOptions{Size: 256, ControlOnly: true})
	grey, hatch := 0, 0
	for y := 70; y < 180; y++ {
		for x := 70; x < 180; x++ {
			c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
			if c.A == 0 {
				t.Fatalf("pixel %d,%d inside the grey zone is not drawn", x, y)
			}
			if d := int(c.R) - int(c.B); d < -12 || d > 12 {
				t.Fatalf("pixel %d,%d: %v is not grey", x, y, c)
			}
			if c.A > 0x80 {
				hatch++
			} else {
				grey++
			}
		}
	}
	if hatch == 0 || grey == 0 {
		t.Errorf("grey zone: %d hatch pixels, %d fill pixels; want both", hatch, grey)
	}
	if keys := r.DrawnKeys(map[ControlKey]bool{{Side: geo.SideNone, Status: geo.StatusContested}: true}); len(keys) != 1 {
		t.Errorf("DrawnKeys: %v", keys)
	}
}
