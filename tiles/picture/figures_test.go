package picture

import (
	"image"
	"net/url"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/internal/fake"

	"github.com/paulmach/orb"
)

// liberatedNearSudzha adds ground Ukraine took back beside the Kursk
// incursion (in Ukraine, south of the border) and ground Russia took back
// in Russia, both on the map from 2022: neither is held across the line.
func liberatedNearSudzha(st *fake.SeedStore) {
	day := geo.MustParseDay
	lib := func(id int64, side geo.Side, mp orb.MultiPolygon) geo.Version {
		return geo.Version{ID: id, Dataset: "seed", Region: "liberated-" + side.String(), Side: side, Status: geo.StatusLiberated,
			Geometry: geo.Normalize(mp), Valid: geo.Validity{From: day("2022-04-03"), To: geo.Forever}, Source: "test"}
	}
	st.Add(lib(101, geo.SideUA, fake.LonLatBox(34.8, 50.92, 35.6, 51.0)),
		lib(102, geo.SideRU, fake.LonLatBox(35.7, 51.35, 35.85, 51.45)))
}

// TestFiguresNameWhatTheyCount (#20, 4): a picture's figures count ground
// held across the line and contested, each named, never ground liberated;
// before the incursion the Kursk view holds nothing of Ukraine's.
func TestFiguresNameWhatTheyCount(t *testing.T) {
	st, bm := fake.SeedLike()
	liberatedNearSudzha(st)
	s := seedLikeRendererOf(st, bm)
	for name, tc := range map[string]struct {
		req   Request
		kinds []string // the kinds in view, in order
	}{
		"timelapse frame before the incursion": {Request{Kind: KindTimelapse, From: "2024-07-04", To: "2024-08-01", Step: Step{4, 'w'}, View: sudzhaBBox}, nil},
		"snapshot during the incursion":        {Request{Kind: KindSnapshot, Day: "2024-09-01", View: sudzhaBBox}, []string{"Ukrainian-held in Russia"}},
		"diff of the whole front":              {Request{Kind: KindDiff, From: "2024-08-01", To: "2024-09-01", View: ukraineBBox}, []string{"Russian-occupied", "Ukrainian-held in Russia", "contested"}},
	} {
		t.Run(name, func(t *testing.T) {
			pic, _, _ := drawPicture(t, s, tc.req)
			var kinds []string
			for _, a := range pic.Figures.InView {
				if a.Status == geo.StatusLiberated {
					t.Errorf("liberated ground counted in view: %+v", a)
				}
				kinds = append(kinds, a.Label())
			}
			if strings.Join(kinds, ",") != strings.Join(tc.kinds, ",") {
				t.Errorf("kinds in view: got %q, want %q", kinds, tc.kinds)
			}
			if len(pic.Notes) == 0 {
				t.Fatalf("no legend notes drawn")
			}
			note := pic.Notes[0]
			if strings.Contains(note, "Held") || strings.Contains(note, "Ukraine ") {
				t.Errorf("note %q: want each kind named, not the ground of a side", note)
			}
			for _, k := range tc.kinds {
				if !strings.Contains(note, k+" ") {
					t.Errorf("note %q does not name %s", note, k)
				}
			}
			if tc.kinds == nil && !strings.HasPrefix(note, "In view: no ground held") {
				t.Errorf("note %q: want none held in view", note)
			}
		})
	}
}

// TestFiguresHidden (#20, 4): figures=0 leaves the numbers out of the
// legend and nothing else: the map and the chrome outside the legend are
// the same pixels, and the key differs.
func TestFiguresHidden(t *testing.T) {
	s, _ := seedLikeRenderer()
	for name, q := range map[string]url.Values{
		"snapshot":  {"day": {"2025-01-20"}, "bbox": {"22,44,41,53"}, "width": {"1000"}, "height": {"700"}},
		"diff":      {"from": {"2024-08-01"}, "to": {"2024-08-31"}, "region": {"kursk-incursion"}, "width": {"1000"}, "height": {"700"}},
		"timelapse": {"from": {"2024-08-01"}, "to": {"2024-10-01"}, "step": {"2w"}, "bbox": {"34.6,50.9,35.9,51.5"}, "width": {"1000"}, "height": {"700"}},
	} {
		t.Run(name, func(t *testing.T) {
			kind := map[string]Kind{"snapshot": KindSnapshot, "diff": KindDiff, "timelapse": KindTimelapse}[name]
			shown, err := ParseQuery(kind, q)
			if err != nil {
				t.Fatal(err)
			}
			q.Set("figures", "0")
			hidden, err := ParseQuery(kind, q)
			if err != nil || !hidden.NoFigures || shown.NoFigures {
				t.Fatalf("figures=0: NoFigures %v (shown %v), %v", hidden.NoFigures, shown.NoFigures, err)
			}
			a, p, imgA := drawPicture(t, s, shown)
			b, _, imgB := drawPicture(t, s, hidden)
			if len(a.Notes) == 0 || len(b.Notes) != 0 {
				t.Errorf("notes: %q shown, %q hidden; want notes only when shown", a.Notes, b.Notes)
			}
			if a.Key == b.Key {
				t.Errorf("the same key %s with and without figures", a.Key)
			}
			// The legend stands at the bottom left of the map: everything
			// right of its half (and its margin) is the same.
			mr := p.lay.mapRect()
			right := image.Rect(mr.Min.X+mr.Dx()/2+16, 0, imgA.Bounds().Max.X, imgA.Bounds().Max.Y)
			legend := image.Rect(0, p.lay.titleH, mr.Min.X+mr.Dx()/2, mr.Max.Y)
			if n := differing(imgA, imgB, right); n > 0 {
				t.Errorf("%d pixels differ outside the legend", n)
			}
			if n := differing(imgA, imgB, legend); n < 50 {
				t.Errorf("%d pixels of the legend differ, want its numbers gone", n)
			}
		})
	}
	if _, err := ParseQuery(KindSnapshot, url.Values{"figures": {"no"}}); err == nil {
		t.Errorf("figures=no: no error")
	}
}

// differing counts the pixels of r that differ between a and b.
func differing(a, b image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if nrgba(a, image.Pt(x, y)) != nrgba(b, image.Pt(x, y)) {
				n++
			}
		}
	}
	return n
}

// TestNoDataBeforeObserved (#20, 5): a day before the dataset's first
// observed day is stamped "no data before" it, its figures say it was not
// observed, and the key follows the first observed day.
func TestNoDataBeforeObserved(t *testing.T) {
	st, bm := fake.SeedLike()
	s := seedLikeRendererOf(st, bm)
	snap := Request{Kind: KindSnapshot, Day: "2022-03-01", View: ukraineBBox, Width: 600, Height: 400}
	unknown, _, _ := drawPicture(t, s, snap)
	st.SetDataset(geo.Dataset{Name: "seed", ObservedFrom: geo.MustParseDay("2022-04-03")})
	for name, tc := range map[string]struct {
		req      Request
		stamp    string
		observed bool
	}{
		"snapshot before":       {snap, "no data before 3 Apr 2022", false},
		"snapshot on the first": {Request{Kind: KindSnapshot, Day: "2022-04-03", View: ukraineBBox, Width: 600, Height: 400}, "3 APR 2022", true},
		"diff from before":      {Request{Kind: KindDiff, From: "2022-03-01", To: "2022-05-01", View: ukraineBBox, Width: 600, Height: 400}, "1 MAR 2022 → 1 MAY 2022 · no data before 3 Apr 2022", true},
		"timelapse into data":   {Request{Kind: KindTimelapse, From: "2022-03-01", To: "2022-05-01", Step: Step{2, 'w'}, All: true, View: ukraineBBox, Width: 600, Height: 400}, "1 MAY 2022", true},
	} {
		t.Run(name, func(t *testing.T) {
			pic, _, _ := drawPicture(t, s, tc.req)
			if pic.Stamp != tc.stamp || pic.Figures.Observed != tc.observed {
				t.Errorf("stamp %q, observed %v; want %q, %v", pic.Stamp, pic.Figures.Observed, tc.stamp, tc.observed)
			}
			if name == "snapshot before" && pic.Key == unknown.Key {
				t.Errorf("the same key with and without a first observed day")
			}
		})
	}
	if !unknown.Figures.Observed || unknown.Stamp != "1 MAR 2022" {
		t.Errorf("no observed range: stamp %q, observed %v", unknown.Stamp, unknown.Figures.Observed)
	}
}
