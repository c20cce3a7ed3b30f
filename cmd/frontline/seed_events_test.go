package main

import (
	"image"
	"testing"

	"github.com/frontline-map/frontline/geo"
	tilesdraw "github.com/frontline-map/frontline/tiles/draw"

	"github.com/paulmach/orb"
)

// TestSnapshotSeedContested: the seed draws contested ground where its
// events table says fighting in a settlement was reported. Bakhmut is
// grey and hatched on 2023-04-01 (contested from 2023-03-08) and
// Russian-occupied from 2023-05-20, and the legend counts the contested
// ground in view.
func TestSnapshotSeedContested(t *testing.T) {
	db := seededCopy(t)
	bakhmut := orb.Point{37.99983, 48.59441}
	view := []string{"--bbox", "37.2,48.0,38.8,49.2", "--width", "900", "--height", "700"}
	body, pj := snapshotCLI(t, db, "snapshot-bakhmut-2023-04-01.png", append([]string{"--day", "2023-04-01"}, view...)...)
	img := decodePNG(t, body)
	st := tilesdraw.DefaultStyle()
	grey := over(st.Control[tilesdraw.ControlKey{Side: geo.SideNone, Status: geo.StatusContested}].Fill, st.Land)
	p := pj.pixel(bakhmut)
	west := image.Rect(p.X-22, p.Y-8, p.X-6, p.Y+8) // inside the town's disc, clear of its label
	if n := countNear(img, west, grey, 3); n < 60 {
		t.Errorf("Bakhmut on 2023-04-01: %d of %d pixels the contested grey, want most", n, west.Dx()*west.Dy())
	}
	var contested float64
	for _, a := range pj.Figures.InView {
		if a.Side == "none" && a.Status == "contested" {
			contested += a.Km2
		}
	}
	if contested < 20 || contested > 500 {
		t.Errorf("contested in view on 2023-04-01: %.1f km², want the ground around Bakhmut", contested)
	}

	body, pj = snapshotCLI(t, db, "bakhmut-2023-06-01-test.png", append([]string{"--day", "2023-06-01"}, view...)...)
	img = decodePNG(t, body)
	if c := rgbAt(img, pj.pixel(bakhmut).Add(image.Pt(-14, 0))); !isRed(c) {
		t.Errorf("Bakhmut on 2023-06-01: got %v, want Russian-occupied red", c)
	}
}
