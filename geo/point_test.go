package geo

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// ptBox is the rectangle [w, e] x [s, n] as a one-polygon multipolygon,
// counter-clockwise, with holes.
func ptBox(w, s, e, n float64, holes ...orb.Ring) orb.MultiPolygon {
	p := orb.Polygon{{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}}
	return orb.MultiPolygon{append(p, holes...)}
}

// The fixture: Russian-occupied ground with a hole in it, a grey zone
// along its west edge, ground Ukraine took back further west, ground
// Ukraine holds in Russia, and Russia's claim over all of the first
// three; Ukraine is the land west of lon 40, Russia east of it, and
// south of lat 45 is the sea.
var (
	pointDay0 = MustParseDay("2024-01-01")
	pointDay1 = MustParseDay("2024-02-01")
	pointDay2 = MustParseDay("2024-03-01")
	pointLand = NewLand([]BaseFeature{
		{Layer: LayerCountry, ISO: "UA", Geometry: ptBox(30, 45, 40, 50)},
		{Layer: LayerCountry, ISO: "RU", Geometry: ptBox(40, 45, 45, 50)},
	})
	pointDS = Dataset{Name: "fx", ObservedFrom: pointDay0, ObservedTo: pointDay2}
)

func pointVersions() []Version {
	hole := orb.Ring{{36.4, 48.4}, {36.4, 48.6}, {36.6, 48.6}, {36.6, 48.4}, {36.4, 48.4}}
	return []Version{
		{ID: 1, Region: "occupied", Side: SideRU, Status: StatusOccupied, Geometry: ptBox(36, 48, 37, 49, hole),
			Valid: Validity{pointDay0, pointDay1}, Source: "map of January"},
		{ID: 2, Region: "occupied", Side: SideRU, Status: StatusOccupied, Geometry: ptBox(36, 48, 36.7, 49, hole),
			Valid: Validity{pointDay1, pointDay2}, Source: "map of February"},
		{ID: 3, Region: "occupied", Side: SideRU, Status: StatusOccupied, Geometry: ptBox(36, 48, 37, 49, hole),
			Valid: Validity{pointDay2, Forever}, Source: "map of March"},
		{ID: 4, Region: "contested", Side: SideNone, Status: StatusContested, Geometry: ptBox(35.9, 48, 36, 49),
			Valid: Validity{pointDay0, Forever}, Source: "grey"},
		{ID: 5, Region: "liberated", Side: SideUA, Status: StatusLiberated, Geometry: ptBox(35, 48, 35.5, 49),
			Valid: Validity{pointDay0, Forever}, Source: "taken back"},
		{ID: 6, Region: "incursion", Side: SideUA, Status: StatusOccupied, Geometry: ptBox(41, 48, 41.5, 48.5),
			Valid: Validity{pointDay0, Forever}, Source: "incursion"},
		{ID: 7, Region: "claim", Side: SideRU, Status: StatusClaimed, Geometry: ptBox(35, 47.5, 38, 49.5),
			Valid: Validity{pointDay0, Forever}, Source: "annexation"},
	}
}

func TestAnswerPoint(t *testing.T) {
	type want struct {
		status    PointStatus
		side      Side
		by        int64
		border    bool
		claims    int
		observed  bool
		other     string // the other side's distance, as text
		contested string
	}
	cases := map[string]struct {
		pt  orb.Point
		day Day
		want
	}{
		"occupied, under a claim":     {orb.Point{36.9, 48.5}, pointDay0, want{PointOccupied, SideRU, 1, false, 1, true, "7.4 km east", "66.3 km west"}},
		"in the hole of occupied":     {orb.Point{36.45, 48.5}, pointDay0, want{PointNone, SideNone, 0, false, 1, true, "3.7 km west", "33.2 km west"}},
		"on the border of contested":  {orb.Point{36, 48.5}, pointDay0, want{PointOccupied, SideRU, 1, true, 1, true, "7.4 km west", "here"}},
		"contested":                   {orb.Point{35.95, 48.5}, pointDay0, want{PointContested, SideNone, 4, false, 1, true, "3.7 km east", "here"}},
		"liberated":                   {orb.Point{35.2, 48.5}, pointDay0, want{PointLiberated, SideUA, 5, false, 1, true, "58.9 km east", "51.6 km east"}},
		"held in Russia":              {orb.Point{41.2, 48.2}, pointDay0, want{PointHeldInRussia, SideUA, 6, false, 0, true, "14.8 km west", "385.3 km west"}},
		"given back in February":      {orb.Point{36.9, 48.5}, pointDay1, want{PointNone, SideNone, 0, false, 1, true, "14.7 km west", "66.3 km west"}},
		"at sea":                      {orb.Point{36, 44.5}, pointDay0, want{PointSea, SideNone, 0, false, 0, true, "", ""}},
		"before the dataset begins":   {orb.Point{36.9, 48.5}, pointDay0 - 1, want{PointUnknown, SideNone, 0, false, 0, false, "", ""}},
		"outside the theatre":         {orb.Point{10, 50}, pointDay0, want{PointOutside, SideNone, 0, false, 0, true, "", ""}},
		"after the last observed day": {orb.Point{36.9, 48.5}, pointDay2 + 30, want{PointOccupied, SideRU, 3, false, 1, true, "7.4 km east", "66.3 km west"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			day := tc.day
			if as := pointDS.AsOf(day); as != 0 {
				day = as
			}
			a, err := AnswerPoint(context.Background(), PointQuery{Dataset: pointDS, Day: tc.day, Point: tc.pt}, NewPointMap(At(pointVersions(), day)), pointLand)
			if err != nil {
				t.Fatal(err)
			}
			var by int64
			if a.By != nil {
				by = a.By.Version
			}
			got := want{a.Status, a.Side, by, a.Border, len(a.Claims), a.Observed, text(a.OtherSide), text(a.Contested)}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func text(d *Distance) string {
	if d == nil {
		return ""
	}
	return d.Text
}

func TestPointHistory(t *testing.T) {
	h, err := NewPointHistory(context.Background(), pointDS, orb.Point{36.9, 48.5}, pointVersions(), pointLand)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		day      Day
		from, to PointStatus
		by       int64
	}{
		{pointDay0, PointUnknown, PointOccupied, 1},
		{pointDay1, PointOccupied, PointNone, 1},
		{pointDay2, PointNone, PointOccupied, 3},
	}
	if len(h.Changes) != len(want) {
		t.Fatalf("got %d changes %+v, want %d", len(h.Changes), h.Changes, len(want))
	}
	for i, w := range want {
		c := h.Changes[i]
		if c.Day != w.day || c.From.Status != w.from || c.To.Status != w.to || c.By == nil || c.By.Version != w.by {
			t.Errorf("change %d: got %s %s->%s by %+v, want %s %s->%s by %d", i, c.Day, c.From.Status, c.To.Status, c.By, w.day, w.from, w.to, w.by)
		}
	}
	if since, ok := h.Since(pointDay2 + 5); !ok || since != pointDay2 {
		t.Errorf("since: got %s %v, want %s", since, ok, pointDay2)
	}
	if h.Status != PointOccupied {
		t.Errorf("status: got %s, want occupied", h.Status)
	}
	sea, err := NewPointHistory(context.Background(), pointDS, orb.Point{36, 44.5}, pointVersions(), pointLand)
	if err != nil || sea.Status != PointSea || len(sea.Changes) != 1 || sea.Changes[0].To.Status != PointNone {
		t.Errorf("sea: got %+v, %v; want status sea and one change, to none", sea, err)
	}
}

func TestCompass8(t *testing.T) {
	for b, want := range map[float64]string{0: "north", 22.4: "north", 22.6: "north-east", 90: "east", 180: "south",
		260: "west", 337.4: "north-west", 337.6: "north", 359.9: "north"} {
		if got := Compass8(b); got != want {
			t.Errorf("Compass8(%v): got %s, want %s", b, got, want)
		}
	}
}

// TestShapeCovers: the indexed shape answers as the plain test does, on a
// jagged star of 600 vertices with a jagged hole, points on its edges too.
func TestShapeCovers(t *testing.T) {
	star := func(n int, r0, r1 float64, cw bool) orb.Ring {
		var r orb.Ring
		for i := 0; i < n; i++ {
			a := 2 * math.Pi * float64(i) / float64(n)
			if cw {
				a = -a
			}
			rad := r0
			if i%2 == 1 {
				rad = r1
			}
			r = append(r, orb.Point{36 + rad*math.Cos(a), 48 + rad*math.Sin(a)})
		}
		return append(r, r[0])
	}
	mp := orb.MultiPolygon{{star(600, 1, 0.7, false), star(200, 0.3, 0.2, true)}}
	sh := NewShape(mp)
	rnd := rand.New(rand.NewPCG(1, 2))
	pts := []orb.Point{mp[0][0][3], mp[0][1][7], {36.5, 48}}
	for range 20000 {
		pts = append(pts, orb.Point{34.8 + 2.4*rnd.Float64(), 46.8 + 2.4*rnd.Float64()})
	}
	inside := 0
	for _, p := range pts {
		in1, b1 := Covers(mp, p)
		in2, b2 := sh.Covers(p)
		if in1 != in2 || b1 != b2 {
			t.Fatalf("%v: Covers %v %v, Shape.Covers %v %v", p, in1, b1, in2, b2)
		}
		if in1 {
			inside++
		}
	}
	if inside < 1000 || inside > len(pts)-1000 {
		t.Errorf("%d of %d points inside: the test says little", inside, len(pts))
	}
}

// TestCountryAtCoast: a point just off the basemap's coast (within
// CoastKm) is the land's, as towns on a river mouth are; further out it is
// the sea's.
func TestCountryAtCoast(t *testing.T) {
	for _, c := range []struct {
		pt   orb.Point
		want string
	}{
		{orb.Point{35, 46}, "UA"},
		{orb.Point{35, 44.99}, "UA"},    // 1.1 km off the coast
		{orb.Point{40.02, 44.99}, "RU"}, // nearer Russia's coast than Ukraine's
		{orb.Point{35, 44.95}, ""},      // 5.6 km out
		{orb.Point{35, 44}, ""},
	} {
		if got := pointLand.CountryAt(c.pt); got != c.want {
			t.Errorf("CountryAt(%v) = %q, want %q", c.pt, got, c.want)
		}
	}
}
