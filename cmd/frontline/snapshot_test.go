package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
	tilesdraw "github.com/frontline-map/frontline/tiles/draw"

	"github.com/paulmach/orb"
)

// pictureJSON is what `frontline snapshot --json` prints.
type pictureJSON struct {
	Width, Height int
	Map           [4]int
	Days          []string
	ETag          string   `json:"etag"`
	Stamp         string   // the last frame's date stamp
	Attribution   string   // the footer's credits
	Notes         []string // the legend's notes
	Figures       struct {
		AsOf     string     `json:"as_of"`
		BBox     [4]float64 `json:"bbox"`
		Observed bool
		InView   []struct {
			Side, Status string
			Km2          float64
		} `json:"in_view"`
		Stats *struct {
			Figures []struct {
				Side, Status string
				AreaKm2      float64 `json:"area_km2"`
				Share        float64
			}
		}
		Changes []struct {
			Side      string
			GainedKm2 float64 `json:"gained_km2"`
			LostKm2   float64 `json:"lost_km2"`
		}
	}
}

// snapshotCLI runs `frontline snapshot` with --json into a temporary file
// and returns the picture's bytes and what it printed.
func snapshotCLI(t *testing.T, db, name string, args ...string) ([]byte, pictureJSON) {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	code, stdout, stderr := runCLI(t, db, "", append([]string{"snapshot", "--json", "-o", out}, args...)...)
	if code != exitOK {
		t.Fatalf("snapshot %v: exit %d: %s", args, code, stderr)
	}
	var pj pictureJSON
	if err := json.Unmarshal([]byte(stdout), &pj); err != nil {
		t.Fatalf("snapshot --json: %v: %s", err, stdout)
	}
	body, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	saveREADMEImage(t, name, body)
	return body, pj
}

// saveREADMEImage writes the pictures under static/app/img for
// the README when FRONTLINE_README_IMAGES=1.
func saveREADMEImage(t *testing.T, name string, body []byte) {
	if os.Getenv("FRONTLINE_README_IMAGES") != "1" || strings.HasSuffix(name, "-test.png") {
		return
	}
	path := filepath.Join("..", "..", "static", "app", "img", name)
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}

// pixel is where [lon, lat] lies in a picture: Web Mercator between the
// map's pixel rectangle and its bound.
func (pj pictureJSON) pixel(ll orb.Point) image.Point {
	merc := func(p orb.Point) (float64, float64) {
		s := math.Sin(p[1] * math.Pi / 180)
		return p[0] / 360, -math.Log((1+s)/(1-s)) / (4 * math.Pi)
	}
	b := pj.Figures.BBox
	x0, y0 := merc(orb.Point{b[0], b[3]})
	x1, y1 := merc(orb.Point{b[2], b[1]})
	x, y := merc(ll)
	m := pj.Map
	return image.Pt(m[0]+int((x-x0)/(x1-x0)*float64(m[2]-m[0])), m[1]+int((y-y0)/(y1-y0)*float64(m[3]-m[1])))
}

func rgbAt(img image.Image, p image.Point) color.NRGBA {
	return color.NRGBAModel.Convert(img.At(p.X, p.Y)).(color.NRGBA)
}

func isRed(c color.NRGBA) bool  { return int(c.R) > int(c.G)+40 && int(c.R) > int(c.B)+40 }
func isBlue(c color.NRGBA) bool { return int(c.B) > int(c.R)+40 }

// over composites a straight-alpha colour over an opaque one.
func over(top, bottom color.NRGBA) color.NRGBA {
	a := int(top.A)
	ch := func(t, b uint8) uint8 { return uint8((int(t)*a + int(b)*(255-a) + 127) / 255) }
	return color.NRGBA{ch(top.R, bottom.R), ch(top.G, bottom.G), ch(top.B, bottom.B), 255}
}

// countNear counts pixels of r within tol of c.
func countNear(img image.Image, r image.Rectangle, c color.NRGBA, tol int) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := rgbAt(img, image.Pt(x, y))
			if abs(int(p.R)-int(c.R)) <= tol && abs(int(p.G)-int(c.G)) <= tol && abs(int(p.B)-int(c.B)) <= tol {
				n++
			}
		}
	}
	return n
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// beside is a point a few pixels below left of p: clear of a town's dot
// and of its name, which is set to the right.
func beside(p image.Point) image.Point { return p.Add(image.Pt(-7, 7)) }

func TestSnapshotUkraine(t *testing.T) {
	base, _ := testServer(t)
	db := seededCopy(t)
	const query = "day=2025-01-20&bbox=22,44,41,53"
	body, pj := snapshotCLI(t, db, "snapshot-ukraine-2025-01-20.png", "--day", "2025-01-20", "--bbox", "22,44,41,53")
	img := decodePNG(t, body)
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 800 || pj.Width != 1200 || pj.Height != 800 {
		t.Fatalf("got %v, want 1200x800", b)
	}
	if c := rgbAt(img, beside(pj.pixel(orb.Point{37.80, 48.00}))); !isRed(c) {
		t.Errorf("Donetsk: got %v, want Russian-occupied red", c)
	}
	if c := rgbAt(img, pj.pixel(orb.Point{35.27, 51.19})); !isBlue(c) {
		t.Errorf("Sudzha: got %v, want the incursion's blue", c)
	}
	if c := rgbAt(img, pj.pixel(orb.Point{28.0, 49.0})); isRed(c) || isBlue(c) {
		t.Errorf("Vinnytsia oblast: got %v, want no control", c)
	}
	st := tilesdraw.DefaultStyle()
	legend := image.Rect(0, 400, 600, 790) // the map's bottom left
	for _, k := range []tilesdraw.ControlKey{{Side: geo.SideRU, Status: geo.StatusOccupied}, {Side: geo.SideUA, Status: geo.StatusOccupied}} {
		if n := countNear(img, legend, over(st.Control[k].Fill, st.Land), 2); n < 150 {
			t.Errorf("legend swatch of %v: %d pixels, want a swatch", k, n)
		}
	}
	checkGolden(t, "snapshot-ukraine-2025-01-20.png", img, 2, 200)

	// The HTTP API draws the same picture, cached with an ETag.
	resp, httpBody := get(t, base+"/snapshot.png?"+query)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !bytes.Equal(httpBody, body) {
		t.Fatalf("GET /snapshot.png: got %d %s, %d bytes, want the CLI's %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(httpBody), len(body))
	}
	if etag := resp.Header.Get("ETag"); etag != `"`+pj.ETag+`"` {
		t.Errorf("ETag: got %s, want %q", etag, pj.ETag)
	}
	if r, b := get(t, base+"/snapshot.png?"+query, "If-None-Match", resp.Header.Get("ETag")); r.StatusCode != http.StatusNotModified || len(b) != 0 {
		t.Errorf("If-None-Match: got %d with %d bytes", r.StatusCode, len(b))
	}
	checkFiguresAgree(t, db, pj)
}

// checkFiguresAgree compares a snapshot's numbers with `frontline stats`
// and /api/stats: the same figures, and held areas in view that add up to
// them (everything lies in view, and a side's statuses do not overlap).
func checkFiguresAgree(t *testing.T, db string, pj pictureJSON) {
	t.Helper()
	_, out, _ := runCLI(t, db, "", "stats", "--day", "2025-01-20", "--json")
	var st struct {
		Figures []struct {
			Side, Status string
			AreaKm2      float64 `json:"area_km2"`
			Share        float64
		}
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil || pj.Figures.Stats == nil {
		t.Fatalf("stats: %v; snapshot stats %v", err, pj.Figures.Stats)
	}
	if len(st.Figures) != len(pj.Figures.Stats.Figures) {
		t.Fatalf("snapshot figures %+v, want the stats' %+v", pj.Figures.Stats.Figures, st.Figures)
	}
	held := map[string]float64{}
	for i, f := range st.Figures {
		if f != pj.Figures.Stats.Figures[i] {
			t.Errorf("figure %d: snapshot %+v, stats %+v", i, pj.Figures.Stats.Figures[i], f)
		}
		switch f.Status { // ground held across the line, and contested whoever contests it (#20)
		case "occupied":
			held[f.Side+" "+f.Status] += f.AreaKm2
		case "contested":
			held["none contested"] += f.AreaKm2
		}
	}
	for _, a := range pj.Figures.InView {
		k := a.Side + " " + a.Status
		if math.Abs(a.Km2-held[k]) > 1e-6*held[k] {
			t.Errorf("%s in view: got %.3f km², stats say %.3f", k, a.Km2, held[k])
		}
	}
	if len(pj.Figures.InView) != len(held) {
		t.Errorf("in view %+v, want every kind of %v", pj.Figures.InView, held)
	}
}

func TestSnapshotDiffKursk(t *testing.T) {
	base, _ := testServer(t)
	db := seededCopy(t)
	body, pj := snapshotCLI(t, db, "diff-kursk-2024-08.png", "--from", "2024-08-01", "--to", "2024-08-31", "--region", "kursk-incursion")
	resp, httpBody := get(t, base+"/diff.png?from=2024-08-01&to=2024-08-31&region=kursk-incursion")
	if resp.StatusCode != 200 || !bytes.Equal(httpBody, body) {
		t.Fatalf("GET /diff.png: got %d, %d bytes, want the CLI's %d bytes", resp.StatusCode, len(httpBody), len(body))
	}
	img := decodePNG(t, body)
	st := tilesdraw.DefaultStyle()
	plain := over(st.Control[tilesdraw.ControlKey{Side: geo.SideUA, Status: geo.StatusOccupied}].Fill, st.Land)
	c := rgbAt(img, beside(pj.pixel(orb.Point{35.27, 51.19})))
	if !isBlue(c) || int(c.B)-int(c.R) < int(plain.B)-int(plain.R)+40 {
		t.Errorf("Sudzha: got %v, want the gained colour, bluer than held ground %v", c, plain)
	}
	// The gains in view are the whole incursion: /api/diff's figure.
	_, d := get(t, base+"/api/diff?from=2024-08-01&to=2024-08-31")
	var diff struct {
		Changes []struct {
			Side      string
			GainedKm2 float64 `json:"gained_km2"`
		}
	}
	if err := json.Unmarshal(d, &diff); err != nil {
		t.Fatal(err)
	}
	for _, want := range diff.Changes {
		for _, got := range pj.Figures.Changes {
			if got.Side == want.Side && math.Abs(got.GainedKm2-want.GainedKm2) > 1e-6*want.GainedKm2+1e-9 {
				t.Errorf("%s gained: got %.3f km², /api/diff says %.3f", got.Side, got.GainedKm2, want.GainedKm2)
			}
		}
	}
	if len(pj.Figures.Changes) != 2 || pj.Figures.Changes[1].GainedKm2 < 1000 {
		t.Errorf("changes: got %+v, want Ukraine's gains of August 2024", pj.Figures.Changes)
	}
	if n := countNear(img, image.Rect(0, 400, 600, 790), over(st.UA, st.Land), 255); n == 0 {
		t.Errorf("no legend")
	}
}

func TestSnapshotTimelapseKursk(t *testing.T) {
	base, _ := testServer(t)
	db := seededCopy(t)
	args := []string{"--from", "2024-08-01", "--to", "2025-04-30", "--step", "1w", "--region", "kursk-incursion", "--gif"}
	body, pj := snapshotCLI(t, db, "timelapse-kursk.gif", args...)
	g, err := gif.DecodeAll(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != len(pj.Days) || len(g.Image) < 6 || len(g.Image) > 40 || g.Config.Width != 1200 || g.Config.Height != 800 {
		t.Fatalf("got %d frames of %dx%d for days %v", len(g.Image), g.Config.Width, g.Config.Height, pj.Days)
	}
	if pj.Days[0] != "2024-08-01" || pj.Days[len(pj.Days)-1] != "2025-04-30" {
		t.Errorf("frame days %v: want 2024-08-01 to 2025-04-30", pj.Days)
	}
	canvas := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	var prev []byte
	sudzha := beside(pj.pixel(orb.Point{35.27, 51.19}))
	for i, fr := range g.Image {
		draw.Draw(canvas, fr.Bounds(), fr, fr.Bounds().Min, draw.Over)
		day := geo.MustParseDay(pj.Days[i])
		// Sudzha: in the bridgehead from Syrskyi's first figure (2024-08-12), retaken by Russia on 2025-03-13.
		held := day >= geo.MustParseDay("2024-08-12") && day < geo.MustParseDay("2025-03-13")
		if c := rgbAt(canvas, sudzha); isBlue(c) != held {
			t.Errorf("frame %d (%s) at Sudzha: got %v, want blue %v", i, pj.Days[i], c, held)
		}
		if bytes.Equal(canvas.Pix, prev) {
			t.Errorf("frame %d (%s) is the same as the one before", i, pj.Days[i])
		}
		prev = bytes.Clone(canvas.Pix)
	}
	resp, httpBody := get(t, base+"/timelapse.gif?from=2024-08-01&to=2025-04-30&step=1w&region=kursk-incursion")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/gif" || !bytes.Equal(httpBody, body) {
		t.Errorf("GET /timelapse.gif: got %d %s, %d bytes, want the CLI's %d", resp.StatusCode, resp.Header.Get("Content-Type"), len(httpBody), len(body))
	}
}

func TestSnapshotCLIErrors(t *testing.T) {
	db := seededCopy(t)
	png, gifOut := filepath.Join(t.TempDir(), "x.png"), filepath.Join(t.TempDir(), "x.gif")
	type tcase struct {
		args   []string
		code   int
		stderr string
	}
	tcases := map[string]tcase{
		"no output":        {[]string{"--day", "2025-01-20"}, exitUsage, "-o FILE is required"},
		"bad bbox":         {[]string{"-o", png, "--bbox", "41,53,22,44"}, exitUsage, "inverted"},
		"too wide":         {[]string{"-o", png, "--width", "4000"}, exitUsage, "out of range"},
		"bad scale":        {[]string{"-o", png, "--scale", "5"}, exitUsage, "scale"},
		"day and from":     {[]string{"-o", png, "--day", "2025-01-20", "--from", "2024-01-01", "--to", "2024-02-01"}, exitUsage, "not both"},
		"gif to png":       {[]string{"-o", png, "--gif", "--from", "2024-01-01", "--to", "2024-02-01"}, exitUsage, ".gif"},
		"png to gif":       {[]string{"-o", gifOut, "--day", "2025-01-20"}, exitUsage, ".gif"},
		"step without gif": {[]string{"-o", png, "--from", "2024-01-01", "--to", "2024-02-01", "--step", "1w"}, exitUsage, "--step"},
		"bad step":         {[]string{"-o", gifOut, "--gif", "--from", "2024-01-01", "--to", "2024-02-01", "--step", "1y"}, exitUsage, "step"},
		"impossible day":   {[]string{"-o", png, "--day", "2024-02-30"}, exitUsage, "bad day"},
		"unknown region":   {[]string{"-o", png, "--region", "atlantis"}, exitRejected, "not found"},
		"unknown dataset":  {[]string{"-o", png, "--dataset", "nope"}, exitRejected, "not found"},
		"from after to":    {[]string{"-o", png, "--from", "2024-09-01", "--to", "2024-08-01"}, exitUsage, "after"},
		"past the edge":    {[]string{"-o", png, "--center", "30,50", "--zoom", "0.5"}, exitRejected, "past the edge"},
		"too many frames":  {[]string{"-o", gifOut, "--gif", "--from", "2020-01-01", "--to", "2024-01-01", "--step", "1d", "--all"}, exitRejected, "at most 400"},
		"help":             {[]string{"--help"}, exitOK, "Usage: frontline snapshot"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := runCLI(t, db, "", append([]string{"snapshot"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("got exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.stderr)
			}
		})
	}
	if _, err := os.Stat(png); !os.IsNotExist(err) {
		t.Errorf("a refused snapshot left a file: %v", err)
	}
}

// TestSnapshotFiguresNamed (#20, 4): on the seed, the figures of a picture
// count ground held across the line and contested, each named: the Kursk
// frame of 2024-08-01, before the incursion, holds nothing of Ukraine's
// (the land it liberated in 2022 is not held), and the Kursk oblast diff
// names the Ukrainian-held ground. figures=0 (--figures=false) leaves them
// out, the same bytes from the CLI and the server.
func TestSnapshotFiguresNamed(t *testing.T) {
	base, _ := testServer(t)
	db := seededCopy(t)
	_, before := snapshotCLI(t, db, "kursk-2024-08-01-test.png", "--day", "2024-08-01", "--region", "kursk-incursion")
	for _, a := range before.Figures.InView {
		if a.Side == "ua" || a.Status == "liberated" {
			t.Errorf("2024-08-01, before the incursion: %s %s %.0f km² in view", a.Side, a.Status, a.Km2)
		}
	}
	if len(before.Notes) == 0 || strings.Contains(before.Notes[0], "Ukraine") || !strings.HasPrefix(before.Notes[0], "In view: ") {
		t.Errorf("notes %q: want what is in view named, no side's ground", before.Notes)
	}
	args := []string{"--from", "2024-08-01", "--to", "2024-08-31", "--region", "kursk-oblast"}
	_, diff := snapshotCLI(t, db, "diff-kursk-oblast-test.png", args...)
	if len(diff.Notes) == 0 || !strings.Contains(diff.Notes[0], "Ukrainian-held in Russia ") {
		t.Errorf("kursk-oblast diff notes %q: want the Ukrainian-held ground named", diff.Notes)
	}
	hidden, pj := snapshotCLI(t, db, "diff-kursk-oblast-nofigures-test.png", append(args, "--figures=false")...)
	if len(pj.Notes) != 0 || pj.ETag == diff.ETag {
		t.Errorf("--figures=false: notes %q, ETag %s (with figures %s)", pj.Notes, pj.ETag, diff.ETag)
	}
	for _, p := range []string{"/diff.png?from=2024-08-01&to=2024-08-31&region=kursk-oblast&figures=0",
		"/snapshot.png?day=2024-08-01&region=kursk-incursion&figures=0", "/timelapse.gif?from=2024-08-01&to=2024-09-01&region=kursk-incursion&figures=0"} {
		resp, body := get(t, base+p)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d %s", p, resp.StatusCode, body)
		}
		if strings.HasPrefix(p, "/diff.png") && !bytes.Equal(body, hidden) {
			t.Errorf("GET %s: %d bytes, want the CLI's %d", p, len(body), len(hidden))
		}
	}
	if resp, body := get(t, base+"/snapshot.png?figures=maybe"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("figures=maybe: got %d %s, want 400", resp.StatusCode, body)
	}
}
