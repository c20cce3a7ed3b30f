package main

import (
	"fmt"
	"image"
	"image/color"
	"net/http"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/draw"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/planar"
)

// near reports whether a pixel within r of p has colour c (each channel
// within tol).
func near(img image.Image, p image.Point, r int, c color.NRGBA, tol int) bool {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			q := rgbAt(img, p.Add(image.Pt(dx, dy)))
			if abs(int(q.R)-int(c.R)) <= tol && abs(int(q.G)-int(c.G)) <= tol && abs(int(q.B)-int(c.B)) <= tol {
				return true
			}
		}
	}
	return false
}

// TestWaterInVectorTiles: a z8 tile over Donbas carries the Siverskyi
// Donets in its water layer; over the Kakhovka reservoir a tile of
// 2023-01-01 has the reservoir and one of 2024-01-01 has the Dnipro's
// course instead.
func TestWaterInVectorTiles(t *testing.T) {
	base, _ := testServer(t)
	names := func(day string, at orb.Point) map[string]string {
		tile := maptile.At(at, 8)
		resp, body := get(t, fmt.Sprintf("%s/tiles/%s/8/%d/%d.mvt", base, day, tile.X, tile.Y))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %v: %d %s", day, tile, resp.StatusCode, body)
		}
		layers, err := mvt.Unmarshal(body)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, l := range layers {
			if l.Name != "water" {
				continue
			}
			for _, f := range l.Features {
				out[f.Properties.MustString("name", "")] = f.Properties.MustString("kind", "")
			}
		}
		return out
	}
	if got := names("2025-01-20", orb.Point{38.0, 48.9}); got["Siverskyi Donets"] != geo.WaterRiver {
		t.Errorf("z8 tile at Siversk: water %v, want the Siverskyi Donets", got)
	}
	kakhovka := orb.Point{34.2, 47.45}
	if got := names("2023-01-01", kakhovka); got["Kakhovka Reservoir"] != geo.WaterReservoir {
		t.Errorf("2023-01-01 over Kakhovka: water %v, want the reservoir", got)
	}
	if got := names("2024-01-01", kakhovka); got["Kakhovka Reservoir"] != "" || got["Dnipro"] != geo.WaterRiver {
		t.Errorf("2024-01-01 over Kakhovka: water %v, want the Dnipro and no reservoir", got)
	}
}

// TestWaterInSnapshots: a snapshot of the lower Dnipro has river-coloured
// pixels at three points of the river; one of 2022-01-01 shows the Kakhovka
// reservoir in water colour and one of 2024-01-01 does not.
func TestWaterInSnapshots(t *testing.T) {
	db := seededCopy(t)
	st := draw.DefaultStyle()
	body, pj := snapshotCLI(t, db, "water-lower-dnipro-test.png", "--day", "2022-01-01", "--bbox", "31.6,46.2,35.0,47.4")
	img := decodePNG(t, body)
	// Kherson's riverfront, the Antonivka bridge, the dam at Nova Kakhovka.
	// Natural Earth's 10m river is generalised by up to 2 km here: 8 px
	// of this picture (about 240 m a pixel).
	for _, p := range []orb.Point{{32.62, 46.625}, {32.715, 46.665}, {33.37, 46.777}} {
		if !near(img, pj.pixel(p), 8, st.MajorRiver.Color, 12) && !near(img, pj.pixel(p), 8, st.Water, 6) {
			t.Errorf("no river colour within 8 px of %v (pixel %v: %v)", p, pj.pixel(p), rgbAt(img, pj.pixel(p)))
		}
	}

	bm, err := seed.LoadBasemap()
	if err != nil {
		t.Fatal(err)
	}
	var reservoir orb.MultiPolygon
	for _, w := range bm.Water {
		if w.Name == "Kakhovka Reservoir" {
			reservoir = w.Geometry.(orb.MultiPolygon)
		}
	}
	at := orb.Point{35.1, 47.6} // in the reservoir's widest part, between Enerhodar and Zaporizhzhia
	if !planar.MultiPolygonContains(reservoir, at) {
		t.Fatalf("%v is not in the Kakhovka reservoir's polygon", at)
	}
	for day, want := range map[string]bool{"2022-01-01": true, "2024-01-01": false} {
		body, pj := snapshotCLI(t, db, "kakhovka-"+day+".png", "--day", day, "--bbox", "33.4,46.7,35.4,47.9")
		img := decodePNG(t, body)
		c := rgbAt(img, pj.pixel(at))
		if got := near(img, pj.pixel(at), 0, st.Water, 4); got != want {
			t.Errorf("%s at %v: colour %v, water %v, want %v", day, at, c, got, want)
		}
	}
}

// TestTownsInVectorTiles: a z8 tile over Donbas carries the towns in the
// news, Kramatorsk, Pokrovsk and Kostiantynivka, in Ukraine's official
// romanisation, with their rank; GeoNames is credited in the basemap's
// TileJSON.
func TestTownsInVectorTiles(t *testing.T) {
	base, _ := testServer(t)
	tile := maptile.At(orb.Point{37.4, 48.5}, 8)
	resp, body := get(t, fmt.Sprintf("%s/tiles/2025-01-20/8/%d/%d.mvt", base, tile.X, tile.Y))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	layers, err := mvt.Unmarshal(body)
	if err != nil {
		t.Fatal(err)
	}
	towns := map[string]float64{}
	for _, l := range layers {
		if l.Name == "places" {
			for _, f := range l.Features {
				towns[f.Properties.MustString("name", "")] = f.Properties.MustFloat64("rank", 0)
			}
		}
	}
	for _, name := range []string{"Kramatorsk", "Pokrovsk", "Kostiantynivka"} {
		if r, ok := towns[name]; !ok || r < 1 || r > 3 {
			t.Errorf("z8 tile %v: %s rank %v (%v): want it labelled from z8", tile, name, r, ok)
		}
	}
	if _, ok := towns["Kostyantynivka"]; ok {
		t.Errorf("Kostiantynivka under GeoNames' older spelling too")
	}
	_, tj := get(t, base+"/tiles/base.json")
	if !strings.Contains(string(tj), "GeoNames") {
		t.Errorf("/tiles/base.json does not credit GeoNames: %s", tj)
	}
}
