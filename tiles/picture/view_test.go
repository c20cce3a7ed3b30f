package picture

import (
	"errors"
	"math"
	"net/url"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

func TestParsePictureQuery(t *testing.T) {
	type tcase struct {
		kind  Kind
		query string
		err   string // substring; "" for a good request
		check func(t *testing.T, req Request)
	}
	tcases := map[string]tcase{
		"defaults": {kind: KindSnapshot, query: "", check: func(t *testing.T, req Request) {
			if req.Day != "latest" || req.Width != 1200 || req.Height != 800 || req.Scale != 1 || req.View != (View{}) {
				t.Errorf("got %+v, want latest, 1200x800 at scale 1 over Ukraine", req)
			}
		}},
		"issue 4 ukraine": {kind: KindSnapshot, query: "day=2025-01-20&bbox=22,44,41,53", check: func(t *testing.T, req Request) {
			if req.Day != "2025-01-20" || req.View.BBox != (orb.Bound{Min: orb.Point{22, 44}, Max: orb.Point{41, 53}}) {
				t.Errorf("got day %s View %+v", req.Day, req.View)
			}
		}},
		"center and zoom": {kind: KindSnapshot, query: "center=35.27,51.19&zoom=8.5", check: func(t *testing.T, req Request) {
			if req.View.Center != (orb.Point{35.27, 51.19}) || req.View.Zoom != 8.5 {
				t.Errorf("got View %+v", req.View)
			}
		}},
		"region":           {kind: KindSnapshot, query: "region=kursk-incursion&width=800&height=600&scale=3&title=Kursk"},
		"print size":       {kind: KindSnapshot, query: "width=3000&height=2000&scale=2"},
		"diff":             {kind: KindDiff, query: "from=2024-08-01&to=latest&region=kursk-incursion"},
		"timelapse weekly": {kind: KindTimelapse, query: "from=2024-08-01&to=2025-04-30&step=1w&all=1", check: checkStep(Step{1, 'w'}, true)},
		"timelapse months": {kind: KindTimelapse, query: "from=2024-08-01&to=2025-04-30&step=2m", check: checkStep(Step{2, 'm'}, false)},
		"timelapse step":   {kind: KindTimelapse, query: "from=2024-08-01&to=2025-04-30", check: checkStep(Step{7, 'd'}, false)},
		"title unicode":    {kind: KindSnapshot, query: "title=" + url.QueryEscape("Запоріжжя, 2025")},

		"impossible day":      {kind: KindSnapshot, query: "day=2024-02-30", err: "bad day"},
		"bad day":             {kind: KindSnapshot, query: "day=yesterday", err: "bad day"},
		"diff without to":     {kind: KindDiff, query: "from=2024-08-01", err: "from and to are required"},
		"diff bad from":       {kind: KindDiff, query: "from=2024-13-01&to=2024-12-01", err: "bad day"},
		"inverted bbox":       {kind: KindSnapshot, query: "bbox=41,53,22,44", err: "empty or inverted"},
		"empty bbox":          {kind: KindSnapshot, query: "bbox=30,50,30,50", err: "empty or inverted"},
		"short bbox":          {kind: KindSnapshot, query: "bbox=30,50,31", err: "want minlon,minlat,maxlon,maxlat"},
		"bbox out of range":   {kind: KindSnapshot, query: "bbox=-200,40,30,50", err: "out of range"},
		"bbox and region":     {kind: KindSnapshot, query: "bbox=22,44,41,53&region=crimea", err: "one of bbox"},
		"center without zoom": {kind: KindSnapshot, query: "center=35,51", err: "go together"},
		"zoom without center": {kind: KindSnapshot, query: "zoom=5", err: "go together"},
		"zoom too deep":       {kind: KindSnapshot, query: "center=35,51&zoom=19", err: "zoom"},
		"zoom not a number":   {kind: KindSnapshot, query: "center=35,51&zoom=NaN", err: "zoom"},
		"center off the map":  {kind: KindSnapshot, query: "center=35,89&zoom=3", err: "out of range"},
		"bad region":          {kind: KindSnapshot, query: "region=Crimea!", err: "slug"},
		"too narrow":          {kind: KindSnapshot, query: "width=63", err: "out of range"},
		"too wide":            {kind: KindSnapshot, query: "width=3001", err: "out of range"},
		"height not a number": {kind: KindSnapshot, query: "height=8e2", err: "whole number"},
		"negative height":     {kind: KindSnapshot, query: "height=-800", err: "whole number"},
		"scale 4":             {kind: KindSnapshot, query: "scale=4", err: "out of range"},
		"scale 0":             {kind: KindSnapshot, query: "scale=0", err: "out of range"},
		"too many pixels":     {kind: KindSnapshot, query: "width=3000&height=3000&scale=3", err: "at most 25000000"},
		"frame too big":       {kind: KindTimelapse, query: "from=2024-08-01&to=2024-09-01&width=2400&height=1800", err: "timelapse frame has at most"},
		"step unit":           {kind: KindTimelapse, query: "from=2024-08-01&to=2024-09-01&step=1y", err: "want Nd, Nw or Nm"},
		"step zero":           {kind: KindTimelapse, query: "from=2024-08-01&to=2024-09-01&step=0d", err: "out of range"},
		"step huge":           {kind: KindTimelapse, query: "from=2024-08-01&to=2024-09-01&step=999m", err: "out of range"},
		"all maybe":           {kind: KindTimelapse, query: "from=2024-08-01&to=2024-09-01&all=maybe", err: "all"},
		"title too long":      {kind: KindSnapshot, query: "title=" + strings.Repeat("x", MaxTitle+1), err: "title"},
		"title control":       {kind: KindSnapshot, query: "title=a%0Ab", err: "not printable"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			req, err := ParseQuery(tc.kind, q)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("got error %v, want none", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("got error %v, want one containing %q", err, tc.err)
			case tc.err != "" && !errors.Is(err, geo.ErrInvalid):
				t.Fatalf("error %v: not geo.ErrInvalid (a 400)", err)
			}
			if tc.check != nil {
				tc.check(t, req)
			}
		})
	}
}

func checkStep(want Step, all bool) func(t *testing.T, req Request) {
	return func(t *testing.T, req Request) {
		if req.Step != want || req.All != all {
			t.Errorf("got step %v all %v, want %v %v", req.Step, req.All, want, all)
		}
	}
}

func TestParsePictureQueryBadDayIsBadDay(t *testing.T) {
	_, err := ParseQuery(KindSnapshot, url.Values{"day": {"2023-02-29"}})
	if !errors.Is(err, geo.ErrBadDay) {
		t.Errorf("got %v, want a geo.ErrBadDay", err)
	}
}

func TestFitBound(t *testing.T) {
	type tcase struct {
		b    orb.Bound
		w, h int
	}
	tcases := map[string]tcase{
		"issue 4 ukraine":  {orb.Bound{Min: orb.Point{22, 44}, Max: orb.Point{41, 53}}, 1200, 710},
		"tall map":         {orb.Bound{Min: orb.Point{22, 44}, Max: orb.Point{41, 53}}, 300, 900},
		"kursk incursion":  {orb.Bound{Min: orb.Point{34.9, 51.0}, Max: orb.Point{35.6, 51.4}}, 1200, 710},
		"square on square": {orb.Bound{Min: orb.Point{-10, -10}, Max: orb.Point{10, 10}}, 500, 500},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			mv, err := fitBound(tc.b, tc.w, tc.h, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := mv.bound()
			if !got.Pad(1e-9).Contains(tc.b.Min) || !got.Pad(1e-9).Contains(tc.b.Max) {
				t.Errorf("View %v does not hold bbox %v", got, tc.b)
			}
			// The bbox touches two opposite edges of the map and is centred.
			x0, y0 := mv.pixel(orb.Point{tc.b.Min[0], tc.b.Max[1]})
			x1, y1 := mv.pixel(orb.Point{tc.b.Max[0], tc.b.Min[1]})
			tightX := math.Abs(x0) < 1e-6 && math.Abs(x1-float64(tc.w)) < 1e-6
			tightY := math.Abs(y0) < 1e-6 && math.Abs(y1-float64(tc.h)) < 1e-6
			if !tightX && !tightY {
				t.Errorf("bbox at pixels (%.3f,%.3f)-(%.3f,%.3f) of %dx%d: want it to span the width or the height", x0, y0, x1, y1, tc.w, tc.h)
			}
			if math.Abs(x0+x1-float64(tc.w)) > 1e-6 || math.Abs(y0+y1-float64(tc.h)) > 1e-6 {
				t.Errorf("bbox at pixels (%.3f,%.3f)-(%.3f,%.3f): not centred in %dx%d", x0, y0, x1, y1, tc.w, tc.h)
			}
		})
	}
}

func TestFitBoundMargin(t *testing.T) {
	b := orb.Bound{Min: orb.Point{32.5, 44.4}, Max: orb.Point{36.6, 46.2}}
	mv, err := fitBound(b, 1000, 1000, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	x0, _ := mv.pixel(b.Min)
	x1, _ := mv.pixel(b.Max)
	if want := 1000 / 1.2 * 0.1; math.Abs(x0-want) > 1e-6 || math.Abs(1000-x1-want) > 1e-6 {
		t.Errorf("crimea from x %.2f to %.2f: want a margin of %.2f px on each side", x0, x1, want)
	}
}

func TestFitErrors(t *testing.T) {
	type tcase struct {
		mv  func() (mapView, error)
		err string
	}
	tcases := map[string]tcase{
		"world is wider than the picture": {func() (mapView, error) {
			return fitBound(orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}, 1200, 710, 0)
		}, "past the edge"},
		"across the pole": {func() (mapView, error) {
			return fitBound(orb.Bound{Min: orb.Point{20, 60}, Max: orb.Point{40, 90}}, 1200, 710, 0)
		}, "past the edge"},
		"a metre wide": {func() (mapView, error) {
			return fitBound(orb.Bound{Min: orb.Point{35, 51}, Max: orb.Point{35.00001, 51.00001}}, 1200, 710, 0)
		}, "too small"},
		"zoom 1 at Kyiv":      {func() (mapView, error) { return centerView(orb.Point{30.5, 50.4}, 1, 1200, 710) }, "past the edge"},
		"antimeridian":        {func() (mapView, error) { return centerView(orb.Point{179.9, 0}, 8, 1200, 710) }, "past the edge"},
		"no room for the map": {func() (mapView, error) { return centerView(orb.Point{30.5, 50.4}, 8, 1200, 0) }, "no room"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			_, err := tc.mv()
			if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, geo.ErrInvalid) {
				t.Errorf("got %v, want a bad request containing %q", err, tc.err)
			}
		})
	}
}

func TestCenterView(t *testing.T) {
	c := orb.Point{35.27, 51.19}
	mv, err := centerView(c, 8.25, 1200, 710)
	if err != nil {
		t.Fatal(err)
	}
	if x, y := mv.pixel(c); math.Abs(x-600) > 1e-6 || math.Abs(y-355) > 1e-6 {
		t.Errorf("centre at pixel (%.4f, %.4f), want (600, 355)", x, y)
	}
	if got := mv.center(); math.Abs(got[0]-c[0]) > 1e-9 || math.Abs(got[1]-c[1]) > 1e-9 {
		t.Errorf("center() = %v, want %v", got, c)
	}
	// 1200 px at zoom 8.25 span 1200 / (256·2^8.25) of 360°.
	b := mv.bound()
	if want := 1200 / (256 * math.Exp2(8.25)) * 360; math.Abs(b.Max[0]-b.Min[0]-want) > 1e-9 {
		t.Errorf("View spans %.6f° of longitude, want %.6f°", b.Max[0]-b.Min[0], want)
	}
}

func TestScaleBar(t *testing.T) {
	type tcase struct {
		lat, zoom, maxPx float64
		metres           float64
	}
	// At zoom 0 a pixel is 156,543.03 m at the equator, half that at 60°.
	tcases := map[string]tcase{
		"equator zoom 0":      {0, 0, 100, 10_000_000},
		"60N zoom 0":          {60, 0, 100, 5_000_000},
		"equator zoom 0 wide": {0, 0, 400, 50_000_000},
		"ukraine 1200x800":    {48.5, 5.9, 140, 200_000},
		"kursk":               {51.2, 9.2, 140, 20_000},
		"street":              {50.45, 18, 140, 50},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			m, px := scaleBar(tc.lat, tc.zoom, tc.maxPx)
			if m != tc.metres {
				t.Fatalf("got %g m, want %g m", m, tc.metres)
			}
			mpp := metresPerPixel(tc.lat, tc.zoom)
			if math.Abs(px*mpp-m) > 1e-6*m || px > tc.maxPx {
				t.Errorf("bar of %g px at %g m/px for %g m: want exact and at most %g px", px, mpp, m, tc.maxPx)
			}
			if next := nextRound(m); next/mpp <= tc.maxPx {
				t.Errorf("%g m would fit in %g px too", next, tc.maxPx)
			}
		})
	}
	if got := metresPerPixel(0, 0); math.Abs(got-156543.03392) > 1e-4 {
		t.Errorf("metres per pixel at zoom 0: got %.5f, want 156543.03392", got)
	}
}

// nextRound is the round length after m: 1 → 2 → 5 → 10.
func nextRound(m float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(m)+1e-9))
	switch math.Round(m / p) {
	case 1:
		return 2 * p
	case 2:
		return 5 * p
	}
	return 10 * p
}

func TestLengthLabel(t *testing.T) {
	for m, want := range map[float64]string{50: "50 m", 500: "500 m", 1000: "1 km", 20_000: "20 km", 5_000_000: "5000 km"} {
		if got := lengthLabel(m); got != want {
			t.Errorf("lengthLabel(%g) = %q, want %q", m, got, want)
		}
	}
}

func TestStepAt(t *testing.T) {
	d := geo.MustParseDay
	type tcase struct {
		step Step
		i    int
		want string
	}
	tcases := map[string]tcase{
		"7 days":          {Step{7, 'd'}, 3, "2024-08-22"},
		"2 weeks":         {Step{2, 'w'}, 2, "2024-08-29"},
		"1 month":         {Step{1, 'm'}, 5, "2025-01-01"},
		"month of 31 Jan": {Step{1, 'm'}, 1, "2024-03-02"}, // time.AddDate normalises 31 February
		"zero":            {Step{3, 'd'}, 0, "2024-08-01"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			from := d("2024-08-01")
			if name == "month of 31 Jan" {
				from = d("2024-01-31")
			}
			if got := tc.step.At(from, tc.i); got != d(tc.want) {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestKeepChanged(t *testing.T) {
	d := geo.MustParseDay
	days := func(ss ...string) []geo.Day {
		var out []geo.Day
		for _, s := range ss {
			out = append(out, d(s))
		}
		return out
	}
	weekly := days("2024-08-01", "2024-08-08", "2024-08-15", "2024-08-22", "2024-08-29", "2024-09-05")
	type tcase struct {
		changes, want []geo.Day
	}
	tcases := map[string]tcase{
		"no change keeps first and last": {nil, days("2024-08-01", "2024-09-05")},
		"kursk incursion": {days("2014-02-27", "2024-08-06", "2024-08-10", "2024-08-15", "2024-08-25", "2025-04-26"),
			days("2024-08-01", "2024-08-08", "2024-08-15", "2024-08-29", "2024-09-05")},
		"change on a frame day":   {days("2024-08-15"), days("2024-08-01", "2024-08-15", "2024-09-05")},
		"change on the first day": {days("2024-08-01"), days("2024-08-01", "2024-09-05")},
		"daily changes keep all":  {days("2024-08-02", "2024-08-09", "2024-08-16", "2024-08-23", "2024-08-30"), weekly},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			got := keepChanged(weekly, tc.changes)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func TestFormatting(t *testing.T) {
	for in, want := range map[float64]string{112139.83: "112,140 km²", 1253.5: "1,254 km²", 439.1: "439 km²", 12.46: "12.5 km²", 0.01: "<0.1 km²", 0: "0 km²"} {
		if got := km2(in); got != want {
			t.Errorf("km2(%g) = %q, want %q", in, got, want)
		}
	}
	d := geo.MustParseDay
	for _, tc := range [][3]string{
		{"2024-08-01", "2024-08-31", "1–31 August 2024"},
		{"2024-08-01", "2024-09-30", "1 August – 30 September 2024"},
		{"2024-08-01", "2025-04-30", "1 August 2024 – 30 April 2025"},
		{"2025-01-20", "2025-01-20", "20 January 2025"},
	} {
		if got := dayRange(d(tc[0]), d(tc[1])); got != tc[2] {
			t.Errorf("dayRange(%s, %s) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
	for in, want := range map[string]string{
		"approximation drawn by frontline: a smooth shape around Sudzha":                       "Approximation drawn by frontline",
		"Russia's claimed annexation of 2022-09-30 of the whole oblast, not recognised by ...": "Russia's claimed annexation of 2022-09-30 of…",
		"deepstatemap_data_20250120.geojson":                                                   "Deepstatemap data",
		"ISW":                                                                                  "ISW",
		// #20: DeepStateMap's files are named by the Unix time they were published.
		"DeepStateMap 1724112000.geojson, published 2024-08-20 00:00 UTC":                   "DeepStateMap, 20 Aug 2024",
		"DeepStateMap 1724112000.geojson, published 2024-08-20 00:00 UTC; liberated on ...": "DeepStateMap, 20 Aug 2024",
		"   ": "",
	} {
		if got := shortSource(in); got != want {
			t.Errorf("shortSource(%q) = %q, want %q", in, got, want)
		}
	}
}
