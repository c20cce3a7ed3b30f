package deepstate

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/frontline-map/frontline/data/internal/dsfixture"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// rect is the rectangle lon0..lon1, lat0..lat1 as GeoJSON coordinates.
func rect(lon0, lat0, lon1, lat1 float64) (string, orb.MultiPolygon) {
	mp := orb.MultiPolygon{{{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}}}
	c := "[[[" + ftoa(lon0) + "," + ftoa(lat0) + "],[" + ftoa(lon1) + "," + ftoa(lat0) + "],[" + ftoa(lon1) + "," + ftoa(lat1) + "],[" +
		ftoa(lon0) + "," + ftoa(lat1) + "],[" + ftoa(lon0) + "," + ftoa(lat0) + "]]]"
	return c, mp
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// TestBorder (#20): every polygon is cut at one border (here: Russia east
// of 40°E). Of a polygon that lies mostly in Ukraine, the strips across
// the border go to Russia unless 5 km wide or more; a polygon that lies
// mostly in Russia is ground across the border whole; occupied ground in
// Russia is Russia's own; polygons wholly outside the theatre are skipped
// and reported, parts outside it clipped.
func TestBorder(t *testing.T) {
	_, ua := rect(30, 44, 40, 52)
	_, ru := rect(40, 44, 46, 56)
	border := Border{Ukraine: ua, Russia: []orb.MultiPolygon{ru}}
	type poly struct {
		name string
		lon0 float64
		lat0 float64
		lon1 float64
		lat1 float64
	}
	lib, occ, grey := "Звільнено /// Liberated /// geoJSON.status.dismissed", "Окуповано /// Occupied /// geoJSON.status.occupied", "Статус невідомий /// Unknown status /// geoJSON.status.unknown"
	polys := []poly{
		{lib, 35, 48, 40.02, 49},      // a 1.5 km strip across: a sliver
		{lib, 39.99, 50, 40.3, 50.2},  // an incursion drawn on its own
		{lib, 34, 44.5, 40.1, 46.5},   // a bulge 7.8 km wide
		{occ, 38, 47, 41, 47.9},       // occupied ground in Russia is Russia's
		{grey, 39.9, 51, 40.01, 51.5}, // a grey strip across: a sliver
		{grey, 63, 13.5, 65.6, 15.3},  // the stray of 2023 in the Arabian Sea
		{occ, 19.5, 45.0, 20.5, 45.5}, // across the theatre's edge: clipped
	}
	var features []string
	for _, p := range polys {
		c, _ := rect(p.lon0, p.lat0, p.lon1, p.lat1)
		features = append(features, dsfixture.Polygon(p.name, c))
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "1737410164.geojson"), []byte(dsfixture.Collection(features...)), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := ReadPath(context.Background(), dir, Options{Border: border})
	if err != nil {
		t.Fatal(err)
	}
	if out := h.Outside(); len(out) != 1 || out[0].Name != grey || out[0].Polygons != 1 || out[0].Days != 1 {
		t.Errorf("outside: got %+v, want the stray once", out)
	}
	km2 := func(lon0, lat0, lon1, lat1 float64) float64 {
		_, mp := rect(lon0, lat0, lon1, lat1)
		return geo.AreaKm2(mp)
	}
	want := map[string]float64{
		LiberatedRegion: km2(35, 48, 40, 49) + km2(39.99, 50, 40, 50.2) + km2(34, 44.5, 40, 46.5),
		UAInRussia:      km2(40, 50, 40.3, 50.2) + km2(40, 44.5, 40.1, 46.5),
		OccupiedRegion:  km2(38, 47, 40, 47.9) + km2(20, 45, 20.5, 45.5),
		ContestedRegion: km2(39.9, 51, 40, 51.5),
	}
	shapes := h.Snapshots[0].Shapes
	for region, w := range want {
		if got := geo.AreaKm2(shapes[region]); math.Abs(got-w) > w*0.001 {
			t.Errorf("%s: got %.2f km², want %.2f", region, got, w)
		}
	}
	if b := shapes[OccupiedRegion].Bound(); b.Min[0] < 20 {
		t.Errorf("occupied: bound %v, want clipped at 20°E", b)
	}
}

// TestWidth: the width of a part is the diameter of the widest circle in
// it.
func TestWidth(t *testing.T) {
	for name, tc := range map[string]struct{ w, h, want float64 }{
		"strip 10 x 0.3 km": {10, 0.3, 0.3},
		"square 3 km":       {3, 3, 3},
		"strip 0.05 x 4 km": {0.05, 4, 0.05},
	} {
		t.Run(name, func(t *testing.T) {
			dx, dy := tc.w/(111.32*math.Cos(50*math.Pi/180)), tc.h/110.57
			_, mp := rect(36, 50, 36+dx, 50+dy)
			if got := widthKm(mp[0]); math.Abs(got-tc.want) > 0.02 {
				t.Errorf("got %.3f km, want %.3f", got, tc.want)
			}
		})
	}
}
