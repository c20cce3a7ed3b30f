package tiles

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/png"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"

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
func drawPicture(t *testing.T, s *Server, req PictureRequest) (*Picture, *plan, image.Image) {
	t.Helper()
	ctx := context.Background()
	p, err := s.plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	pic, err := s.renderPicture(ctx, p, nil)
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
func at(p *plan, ll orb.Point) image.Point {
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
	s, _ := seedLikeServer()
	pic, p, img := drawPicture(t, s, PictureRequest{Kind: KindSnapshot, Day: "2025-01-20", View: ukraineBBox})
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 800 || pic.Width != 1200 || pic.Type != "image/png" {
		t.Fatalf("got %v %s, want a 1200x800 PNG", b, pic.Type)
	}
	if c := nrgba(img, at(p, inEast)); !reddish(c) {
		t.Errorf("occupied east: got %v, want red", c)
	}
	if c := nrgba(img, at(p, sudzha)); !bluish(c) {
		t.Errorf("Kursk incursion at Sudzha: got %v, want blue", c)
	}
	if c := nrgba(img, at(p, orb.Point{27, 51.5})); !near(c, s.raster.st.Land, 2) {
		t.Errorf("free Ukraine: got %v, want land %v", c, s.raster.st.Land)
	}
	// The legend's swatches sit in its box at the bottom left of the map:
	// every symbol drawn, as the map draws it over land.
	land, legend := s.raster.st.Land, image.Rect(12, 400, 600, 788)
	for _, k := range []ControlKey{{geo.SideRU, geo.StatusOccupied}, {geo.SideUA, geo.StatusOccupied}} {
		want := composite(s.raster.st.Control[k].Fill, land)
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
	s, st := seedLikeServer()
	day := geo.MustParseDay("2025-01-20")
	pic, _, _ := drawPicture(t, s, PictureRequest{Kind: KindSnapshot, Day: day.String(), View: ukraineBBox})
	stats, err := st.Stats(context.Background(), "seed", day)
	if err != nil {
		t.Fatal(err)
	}
	if pic.Figures.Stats == nil || len(pic.Figures.Stats.Figures) != len(stats.Figures) {
		t.Fatalf("got stats %+v, want the store's %+v", pic.Figures.Stats, stats)
	}
	// Everything lies inside the view and no two held areas of a side
	// overlap, so the held area in view is the sum of the stats' figures.
	want := map[geo.Side]float64{}
	for _, f := range stats.Figures {
		if f.Status != geo.StatusClaimed {
			want[f.Side] += f.AreaKm2
		}
	}
	for _, a := range pic.Figures.InView {
		if math.Abs(a.Km2-want[a.Side]) > 1e-6*want[a.Side] {
			t.Errorf("%s in view: got %.3f km², want %.3f", a.Side, a.Km2, want[a.Side])
		}
		delete(want, a.Side)
	}
	if len(want) > 0 {
		t.Errorf("sides missing from the figures: %v", want)
	}
}

func TestSnapshotInViewClips(t *testing.T) {
	s, st := seedLikeServer()
	// A view of the western half of the occupied east.
	v := View{BBox: orb.Bound{Min: orb.Point{35, 46}, Max: orb.Point{38.3, 50}}}
	pic, p, _ := drawPicture(t, s, PictureRequest{Kind: KindSnapshot, Day: "2025-01-20", View: v, Width: 600, Height: 600})
	held, err := geo.Union(st.versions[0].Geometry, st.versions[1].Geometry, st.versions[3].Geometry)
	if err != nil {
		t.Fatal(err)
	}
	in, err := geo.Intersection(held, rectShape(p.mv.bound()))
	if err != nil {
		t.Fatal(err)
	}
	want := geo.AreaKm2(in)
	if len(pic.Figures.InView) == 0 || math.Abs(pic.Figures.InView[0].Km2-want) > 1e-6*want || pic.Figures.Stats != nil {
		t.Errorf("got %+v, want ru %.1f km² and no stats (Ukraine is not all in view)", pic.Figures, want)
	}
}

func TestDiffPicture(t *testing.T) {
	s, st := seedLikeServer()
	pic, p, img := drawPicture(t, s, PictureRequest{Kind: KindDiff, From: "2024-08-10", To: "2024-09-01", View: sudzhaBBox})
	var ua geo.Change
	for _, c := range pic.Figures.Changes {
		if c.Side == geo.SideUA {
			ua = c
		}
	}
	want := geo.AreaKm2(st.versions[5].Geometry) - geo.AreaKm2(st.versions[4].Geometry)
	if math.Abs(ua.GainedKm2-want) > 1e-3*want || ua.LostKm2 > 0.01 {
		t.Errorf("ua gained %.2f km² and lost %.2f, want %.2f gained and none lost", ua.GainedKm2, ua.LostKm2, want)
	}
	gained, _ := diffStyles(s.raster.st)
	plain := composite(s.raster.st.Control[ControlKey{geo.SideUA, geo.StatusOccupied}].Fill, s.raster.st.Land)
	strong := composite(gained[geo.SideUA].Fill, plain)
	if c := nrgba(img, at(p, orb.Point{35.25 + 0.24, 51.2})); !near(c, strong, 3) {
		t.Errorf("gained ground: got %v, want the gained colour %v", c, strong)
	}
	if n := countNear(img, image.Rect(12, 400, 600, 788), strong, 3); n < 100 {
		t.Errorf("legend: %d pixels of the gained swatch, want a swatch", n)
	}
	// Shrinking, the lost ground is hatched: a row across it has stripes.
	_, p, img = drawPicture(t, s, PictureRequest{Kind: KindDiff, From: "2024-09-01", To: "2024-12-01", View: sudzhaBBox})
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
	s, _ := seedLikeServer()
	req := PictureRequest{Kind: KindTimelapse, From: "2024-08-01", To: "2025-05-01", Step: Step{1, 'w'}, View: sudzhaBBox, Width: 600, Height: 400}
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
	all, _, _ := drawPicture(t, s, PictureRequest{Kind: KindTimelapse, From: "2024-08-01", To: "2025-05-01", Step: Step{1, 'w'}, All: true, View: sudzhaBBox, Width: 200, Height: 150})
	if len(all.Days) != 40 {
		t.Errorf("all=1: got %d frames, want 40 (every week and the last day)", len(all.Days))
	}
}

func TestPictureDeterministic(t *testing.T) {
	s, _ := seedLikeServer()
	req := PictureRequest{Kind: KindSnapshot, Day: "2025-01-20", View: ukraineBBox, Width: 500, Height: 400, Scale: 2}
	a, _, _ := drawPicture(t, s, req)
	drawPicture(t, s, PictureRequest{Kind: KindDiff, From: "2024-08-10", To: "2024-09-01", View: sudzhaBBox})
	b, _, _ := drawPicture(t, s, req)
	if !bytes.Equal(a.Body, b.Body) || a.Key != b.Key {
		t.Errorf("two renders of one request differ")
	}
}

func TestCompactPicture(t *testing.T) {
	s, _ := seedLikeServer()
	_, p, img := drawPicture(t, s, PictureRequest{Kind: KindSnapshot, Day: "2025-01-20", Width: 200, Height: 150})
	if !p.lay.compact || p.lay.titleH != 0 || img.Bounds().Dy() != 150 {
		t.Fatalf("got layout %+v, want compact", p.lay)
	}
	if n := countNear(img, image.Rect(0, 140, 200, 150), defaultInks().footer, 0); n < 200 {
		t.Errorf("footer: %d pixels, want a footer line", n)
	}
}

func get(t *testing.T, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://frontline"+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestPictureHTTPCaching(t *testing.T) {
	s, _ := seedLikeServer()
	h := s.Routes()
	const path = "/snapshot.png?day=2025-01-20&bbox=22,44,41,53&width=600&height=400"
	r1 := get(t, h, path)
	etag := r1.Header().Get("ETag")
	if r1.Code != 200 || r1.Header().Get("Content-Type") != "image/png" || etag == "" ||
		!strings.Contains(r1.Header().Get("Cache-Control"), "max-age=86400") ||
		r1.Header().Get("Content-Disposition") != `inline; filename="snapshot-ukraine-2025-01-20.png"` {
		t.Fatalf("got %d %v", r1.Code, r1.Header())
	}
	r2 := get(t, h, path)
	if r2.Header().Get("ETag") != etag || !bytes.Equal(r1.Body.Bytes(), r2.Body.Bytes()) || s.metrics.renderCount("snapshot") != 1 {
		t.Errorf("a repeat: got ETag %s and %d renders, want %s from the cache", r2.Header().Get("ETag"), s.metrics.renderCount("snapshot"), etag)
	}
	if r := get(t, h, path, "If-None-Match", etag); r.Code != http.StatusNotModified || r.Body.Len() != 0 {
		t.Errorf("If-None-Match: got %d with %d bytes, want 304", r.Code, r.Body.Len())
	}
	if get(t, h, path+"&nocache=1", "Authorization", "Bearer t"); s.metrics.renderCount("snapshot") != 2 {
		t.Errorf("nocache=1: got %d renders, want 2", s.metrics.renderCount("snapshot"))
	}
	for name, other := range map[string]string{
		"another day with the same versions": strings.Replace(path, "2025-01-20", "2025-01-21", 1),
		"another title":                      path + "&title=Ukraine",
		"scale 2":                            path + "&scale=2",
	} {
		if r := get(t, h, other); r.Code != 200 || r.Header().Get("ETag") == etag {
			t.Errorf("%s: got %d and ETag %s, want another picture", name, r.Code, r.Header().Get("ETag"))
		}
	}
	if r := get(t, h, "/snapshot.png?width=300&height=200"); !strings.Contains(r.Header().Get("Cache-Control"), "max-age=60") {
		t.Errorf("latest: got Cache-Control %q, want short", r.Header().Get("Cache-Control"))
	}
	if r := get(t, h, "/timelapse.gif?from=2024-08-01&to=2024-09-01&bbox=34.6,50.9,35.9,51.5&width=300&height=200"); r.Code != 200 || r.Header().Get("Content-Type") != "image/gif" {
		t.Errorf("timelapse: got %d %s", r.Code, r.Header().Get("Content-Type"))
	}
	if r := get(t, h, "/diff.png?from=2024-08-01&to=2024-09-01&region=kursk-incursion&width=300&height=200"); r.Code != 200 {
		t.Errorf("diff: got %d %s", r.Code, r.Body)
	}
}

func TestPictureHTTPErrors(t *testing.T) {
	s, _ := seedLikeServer()
	h := s.Routes()
	type tcase struct {
		path string
		code int
		msg  string
	}
	tcases := map[string]tcase{
		"impossible day":   {"/snapshot.png?day=2024-02-30", 400, "bad day"},
		"inverted bbox":    {"/snapshot.png?bbox=41,53,22,44", 400, "inverted"},
		"oversized":        {"/snapshot.png?bbox=-180,-80,180,80", 400, "past the edge"},
		"too wide":         {"/snapshot.png?width=5000", 400, "out of range"},
		"unknown region":   {"/snapshot.png?region=atlantis", 404, "not found"},
		"unknown dataset":  {"/snapshot.png?dataset=nope", 404, "not found"},
		"from after to":    {"/diff.png?from=2024-09-01&to=2024-08-01", 400, "after"},
		"diff without to":  {"/diff.png?from=2024-09-01", 400, "required"},
		"too many frames":  {"/timelapse.gif?from=2020-01-01&to=2024-01-01&step=1d&all=1", 400, "at most 400"},
		"too many steps":   {"/timelapse.gif?from=1900-01-01&to=2024-01-01&step=1d", 400, "steps"},
		"bad step":         {"/timelapse.gif?from=2024-01-01&to=2024-02-01&step=7", 400, "step"},
		"frame too big":    {"/timelapse.gif?from=2024-01-01&to=2024-02-01&width=3000&height=2000", 400, "frame"},
		"zoom past 18":     {"/snapshot.png?center=35,51&zoom=18.5", 400, "zoom"},
		"region and bbox":  {"/diff.png?from=2024-01-01&to=2024-02-01&region=crimea&bbox=1,2,3,4", 400, "one of"},
		"post not allowed": {"/snapshot.png", 405, "not allowed"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			var w *httptest.ResponseRecorder
			if tc.code == 405 {
				req := httptest.NewRequest(http.MethodPost, "http://frontline"+tc.path, nil)
				w = httptest.NewRecorder()
				h.ServeHTTP(w, req)
			} else {
				w = get(t, h, tc.path)
			}
			var e struct{ Error string }
			if w.Code != tc.code || json.Unmarshal(w.Body.Bytes(), &e) != nil || !strings.Contains(e.Error, tc.msg) {
				t.Errorf("got %d %s, want %d with a JSON error containing %q", w.Code, w.Body, tc.code, tc.msg)
			}
		})
	}
}
