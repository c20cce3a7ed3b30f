package picture

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	tilesdraw "github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/internal/fake"

	"github.com/paulmach/orb"
)

var (
	ukraineBBox = View{BBox: orb.Bound{Min: orb.Point{22, 44}, Max: orb.Point{41, 53}}}
	sudzhaBBox  = View{BBox: orb.Bound{Min: orb.Point{34.6, 50.9}, Max: orb.Point{35.9, 51.5}}}
	sudzha      = orb.Point{35.27, 51.19}
	inEast      = orb.Point{39.2, 47.4} // inside seedLike's occupied east, away from labels
)

// draw renders a request and decodes it (the last frame of a GIF,
// composited), with the plan that says where things are.
func drawPicture(t *testing.T, s *Renderer, req Request) (*Picture, *Plan, image.Image) {
	t.Helper()
	ctx := context.Background()
	p, err := s.Plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	pic, err := s.Draw(ctx, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pic.Type == "image/gif" {
		frames := gifFrames(t, pic.Body)
		return pic, p, frames[len(frames)-1]
	}
	img, err := png.Decode(bytes.NewReader(pic.Body))
	if err != nil {
		t.Fatal(err)
	}
	return pic, p, img
}

// at is the pixel of a picture where [lon, lat] is drawn.
func at(p *Plan, ll orb.Point) image.Point {
	x, y := p.mv.pixel(ll)
	s := float64(p.lay.scale)
	return p.lay.mapRect().Min.Add(image.Pt(int(x*s), int(y*s)))
}

func nrgba(img image.Image, pt image.Point) color.NRGBA {
	return color.NRGBAModel.Convert(img.At(pt.X, pt.Y)).(color.NRGBA)
}

// countNear counts the pixels of r within tol of c in every channel.
func countNear(img image.Image, r image.Rectangle, c color.NRGBA, tol int) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if near(nrgba(img, image.Pt(x, y)), c, tol) {
				n++
			}
		}
	}
	return n
}

func reddish(c color.NRGBA) bool { return int(c.R) > int(c.G)+40 && int(c.R) > int(c.B)+40 }

func bluish(c color.NRGBA) bool { return int(c.B) > int(c.R)+40 }

func TestSnapshotPicture(t *testing.T) {
	s, _ := seedLikeRenderer()
	pic, p, img := drawPicture(t, s, Request{Kind: KindSnapshot, Day: "2025-01-20", View: ukraineBBox})
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 800 || pic.Width != 1200 || pic.Type != "image/png" {
		t.Fatalf("got %v %s, want a 1200x800 PNG", b, pic.Type)
	}
	if c := nrgba(img, at(p, inEast)); !reddish(c) {
		t.Errorf("occupied east: got %v, want red", c)
	}
	if c := nrgba(img, at(p, sudzha)); !bluish(c) {
		t.Errorf("Kursk incursion at Sudzha: got %v, want blue", c)
	}
	if c := nrgba(img, at(p, orb.Point{27, 51.5})); !near(c, s.raster.Style().Land, 2) {
		t.Errorf("free Ukraine: got %v, want land %v", c, s.raster.Style().Land)
	}
	// The legend's swatches sit in its box at the bottom left of the map:
	// every symbol drawn, as the map draws it over land.
	land, legend := s.raster.Style().Land, image.Rect(12, 400, 600, 788)
	for _, k := range []tilesdraw.ControlKey{{Side: geo.SideRU, Status: geo.StatusOccupied}, {Side: geo.SideUA, Status: geo.StatusOccupied}} {
		want := composite(s.raster.Style().Control[k].Fill, land)
		if n := countNear(img, legend, want, 2); n < 100 {
			t.Errorf("legend swatch of %v (%v): %d pixels, want a swatch", k, want, n)
		}
	}
	if n := countNear(img, image.Rect(0, 0, 1200, 60), defaultInks().bg, 0); n < 1200*40 {
		t.Errorf("title bar: %d white pixels, want a white bar", n)
	}
	if n := countNear(img, image.Rect(900, 15, 1190, 50), defaultInks().stamp, 0); n < 2000 {
		t.Errorf("date stamp: %d dark pixels, want a stamp at the top right", n)
	}
	if pic.Title != "Ukraine, 20 January 2025" {
		t.Errorf("title: got %q", pic.Title)
	}
}

func TestSnapshotFiguresAgreeWithStats(t *testing.T) {
	s, st := seedLikeRenderer()
	day := geo.MustParseDay("2025-01-20")
	pic, _, _ := drawPicture(t, s, Request{Kind: KindSnapshot, Day: day.String(), View: ukraineBBox})
	stats, err := st.Stats(context.Background(), "seed", day)
	if err != nil {
		t.Fatal(err)
	}
	if pic.Figures.Stats == nil || len(pic.Figures.Stats.Figures) != len(stats.Figures) {
		t.Fatalf("got stats %+v, want the store's %+v", pic.Figures.Stats, stats)
	}
	// Everything lies inside the View and no two areas of a kind overlap,
	// so each kind's area in View is the sum of the stats' figures of it:
	// occupied ground by side, contested ground whoever contests it.
	want := map[HeldArea]float64{}
	for _, f := range stats.Figures {
		switch f.Status {
		case geo.StatusOccupied:
			want[HeldArea{Side: f.Side, Status: f.Status}] += f.AreaKm2
		case geo.StatusContested:
			want[HeldArea{Status: f.Status}] += f.AreaKm2
		}
	}
	for _, a := range pic.Figures.InView {
		k := HeldArea{Side: a.Side, Status: a.Status}
		if math.Abs(a.Km2-want[k]) > 1e-6*want[k] {
			t.Errorf("%s in view: got %.3f km², want %.3f", a.Label(), a.Km2, want[k])
		}
		delete(want, k)
	}
	if len(want) > 0 {
		t.Errorf("kinds missing from the figures: %v", want)
	}
}

func TestSnapshotInViewClips(t *testing.T) {
	s, st := seedLikeRenderer()
	// A View of the western half of the occupied east.
	v := View{BBox: orb.Bound{Min: orb.Point{35, 46}, Max: orb.Point{38.3, 50}}}
	pic, p, _ := drawPicture(t, s, Request{Kind: KindSnapshot, Day: "2025-01-20", View: v, Width: 600, Height: 600})
	occupied, err := geo.Union(st.Versions()[0].Geometry, st.Versions()[1].Geometry)
	if err != nil {
		t.Fatal(err)
	}
	var want []float64
	for _, held := range []orb.MultiPolygon{occupied, st.Versions()[3].Geometry} {
		in, err := geo.Intersection(held, rectShape(p.mv.bound()))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, geo.AreaKm2(in))
	}
	in := pic.Figures.InView
	if len(in) != 2 || math.Abs(in[0].Km2-want[0]) > 1e-6*want[0] || math.Abs(in[1].Km2-want[1]) > 1e-6*want[1] || pic.Figures.Stats != nil {
		t.Errorf("got %+v, want Russian-occupied %.1f km², contested %.1f km² and no stats (Ukraine is not all in View)", pic.Figures, want[0], want[1])
	}
}

func TestDiffPicture(t *testing.T) {
	s, st := seedLikeRenderer()
	pic, p, img := drawPicture(t, s, Request{Kind: KindDiff, From: "2024-08-10", To: "2024-09-01", View: sudzhaBBox})
	var ua geo.Change
	for _, c := range pic.Figures.Changes {
		if c.Side == geo.SideUA {
			ua = c
		}
	}
	want := geo.AreaKm2(st.Versions()[5].Geometry) - geo.AreaKm2(st.Versions()[4].Geometry)
	if math.Abs(ua.GainedKm2-want) > 1e-3*want || ua.LostKm2 > 0.01 {
		t.Errorf("ua gained %.2f km² and lost %.2f, want %.2f gained and none lost", ua.GainedKm2, ua.LostKm2, want)
	}
	gained, _ := diffStyles(s.raster.Style())
	plain := composite(s.raster.Style().Control[tilesdraw.ControlKey{Side: geo.SideUA, Status: geo.StatusOccupied}].Fill, s.raster.Style().Land)
	strong := composite(gained[geo.SideUA].Fill, plain)
	if c := nrgba(img, at(p, orb.Point{35.25 + 0.24, 51.2})); !near(c, strong, 3) {
		t.Errorf("gained ground: got %v, want the gained colour %v", c, strong)
	}
	if n := countNear(img, image.Rect(12, 400, 600, 788), strong, 3); n < 100 {
		t.Errorf("legend: %d pixels of the gained swatch, want a swatch", n)
	}
	// Shrinking, the lost ground is hatched: a row across it has stripes.
	_, p, img = drawPicture(t, s, Request{Kind: KindDiff, From: "2024-09-01", To: "2024-12-01", View: sudzhaBBox})
	pt := at(p, orb.Point{35.25 + 0.22, 51.2})
	colours := map[color.NRGBA]bool{}
	for x := pt.X - 10; x < pt.X+10; x++ {
		colours[nrgba(img, image.Pt(x, pt.Y))] = true
	}
	if len(colours) < 3 {
		t.Errorf("lost ground: %d colours along a row, want hatching", len(colours))
	}
}

// gifFrames decodes a GIF and composites its frames.
func gifFrames(t *testing.T, b []byte) []*image.RGBA {
	t.Helper()
	g, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	canvas := image.NewRGBA(image.Rect(0, 0, g.Config.Width, g.Config.Height))
	var out []*image.RGBA
	for _, fr := range g.Image {
		draw.Draw(canvas, fr.Bounds(), fr, fr.Bounds().Min, draw.Over)
		out = append(out, image.NewRGBA(canvas.Rect))
		copy(out[len(out)-1].Pix, canvas.Pix)
	}
	return out
}

func TestTimelapseGIF(t *testing.T) {
	s, _ := seedLikeRenderer()
	req := Request{Kind: KindTimelapse, From: "2024-08-01", To: "2025-05-01", Step: Step{1, 'w'}, View: sudzhaBBox, Width: 600, Height: 400}
	pic, p, _ := drawPicture(t, s, req)
	var days []string
	for _, d := range pic.Days {
		days = append(days, d.String())
	}
	// The incursion starts on 08-06, grows on 08-20, shrinks on 11-15 and ends on 2025-04-26.
	if want := "2024-08-01 2024-08-08 2024-08-22 2024-11-21 2025-05-01"; strings.Join(days, " ") != want {
		t.Errorf("frame days: got %s, want %s", strings.Join(days, " "), want)
	}
	frames := gifFrames(t, pic.Body)
	if len(frames) != len(pic.Days) {
		t.Fatalf("got %d frames, want %d", len(frames), len(pic.Days))
	}
	pt := at(p, orb.Point{sudzha[0] - 0.05, sudzha[1] - 0.02}) // clear of the town's dot and name
	for i, want := range []bool{false, true, true, true, false} {
		if c := nrgba(frames[i], pt); bluish(c) != want {
			t.Errorf("frame %d (%s) at Sudzha: got %v, want blue %v", i, days[i], c, want)
		}
	}
	for i := 1; i < len(frames); i++ {
		if bytes.Equal(frames[i].Pix, frames[i-1].Pix) {
			t.Errorf("frame %d is the same as frame %d", i, i-1)
		}
	}
	all, _, _ := drawPicture(t, s, Request{Kind: KindTimelapse, From: "2024-08-01", To: "2025-05-01", Step: Step{1, 'w'}, All: true, View: sudzhaBBox, Width: 200, Height: 150})
	if len(all.Days) != 40 {
		t.Errorf("all=1: got %d frames, want 40 (every week and the last day)", len(all.Days))
	}
}

func TestPictureDeterministic(t *testing.T) {
	s, _ := seedLikeRenderer()
	req := Request{Kind: KindSnapshot, Day: "2025-01-20", View: ukraineBBox, Width: 500, Height: 400, Scale: 2}
	a, _, _ := drawPicture(t, s, req)
	drawPicture(t, s, Request{Kind: KindDiff, From: "2024-08-10", To: "2024-09-01", View: sudzhaBBox})
	b, _, _ := drawPicture(t, s, req)
	if !bytes.Equal(a.Body, b.Body) || a.Key != b.Key {
		t.Errorf("two renders of one request differ")
	}
}

func TestCompactPicture(t *testing.T) {
	s, _ := seedLikeRenderer()
	_, p, img := drawPicture(t, s, Request{Kind: KindSnapshot, Day: "2025-01-20", Width: 200, Height: 150})
	if !p.lay.compact || p.lay.titleH != 0 || img.Bounds().Dy() != 150 {
		t.Fatalf("got layout %+v, want compact", p.lay)
	}
	if n := countNear(img, image.Rect(0, 140, 200, 150), defaultInks().footer, 0); n < 200 {
		t.Errorf("footer: %d pixels, want a footer line", n)
	}
}

// seedLikeRenderer is a Renderer over fake.SeedLike.
func seedLikeRenderer() (*Renderer, *fake.SeedStore) {
	st, bm := fake.SeedLike()
	return seedLikeRendererOf(st, bm), st
}

// seedLikeRendererOf is a Renderer over st and bm.
func seedLikeRendererOf(st *fake.SeedStore, bm *tiles.Basemap) *Renderer {
	return New(Config{Source: st, Builder: tiles.NewBuilder(bm, 64<<20)})
}

// near reports whether two colours differ by at most tol in every channel.
func near(a, b color.NRGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

// TestPictureBudget checks that a picture waits for room within the pixel
// budget rather than drawing beside others that fill it: while the budget
// is taken, a picture gives up when its context ends, and it draws once
// the room is released. (Over HTTP, a client that leaves gets 499: see the
// hardening tests of cmd/frontline.)
func TestPictureBudget(t *testing.T) {
	s, _ := seedLikeRenderer()
	if err := s.pixels.Acquire(context.Background(), s.budget); err != nil {
		t.Fatal(err)
	}
	req := Request{Kind: KindSnapshot, Day: "2025-01-20", Width: 200, Height: 100}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := s.Render(ctx, req, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("with the budget taken: %v, want the context's deadline", err)
	}
	done := make(chan error)
	go func() {
		_, err := s.Render(context.Background(), req, nil)
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("drew (%v) while the budget was taken", err)
	case <-time.After(100 * time.Millisecond):
	}
	s.pixels.Release(s.budget)
	if err := <-done; err != nil {
		t.Fatalf("after release: %v", err)
	}
}
