package draw

import (
	"image"
	"math"

	"github.com/frontline-map/frontline/tiles"

	"golang.org/x/image/math/fixed"
)

// GridView is the view of a picture's grid: content units to the pixels
// of a canvas on which the map's top-left corner is at, labels inside box
// (canvas pixels), scale device pixels a CSS pixel.
func GridView(g tiles.Grid, at image.Point, box image.Rectangle, scale int) View {
	return View{
		K64: g.K * 64,
		Off: fixed.Point26_6{
			X: fixed.Int26_6(math.Round(((g.OX-g.WX)*g.K + float64(at.X)) * 64)),
			Y: fixed.Int26_6(math.Round(((g.OY-g.WY)*g.K + float64(at.Y)) * 64)),
		},
		Px:    float64(scale),
		World: int64(math.Round(g.WX*g.K)) + int64(math.Round(g.WY*g.K)) - int64(at.X) - int64(at.Y),
		Box:   box,
		Z:     g.LabelZ,
	}
}
