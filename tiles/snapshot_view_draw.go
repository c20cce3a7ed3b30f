package tiles

import (
	"image"
	"math"

	"golang.org/x/image/math/fixed"
)

// view maps content units to the pixels of a canvas on which the map's
// top-left corner is at, and labels stay inside box (canvas pixels).
func gridView(g Grid, at image.Point, box image.Rectangle, scale int) view {
	return view{
		k64: g.K * 64,
		off: fixed.Point26_6{
			X: fixed.Int26_6(math.Round(((g.OX-g.WX)*g.K + float64(at.X)) * 64)),
			Y: fixed.Int26_6(math.Round(((g.OY-g.WY)*g.K + float64(at.Y)) * 64)),
		},
		px:    float64(scale),
		world: int64(math.Round(g.WX*g.K)) + int64(math.Round(g.WY*g.K)) - int64(at.X) - int64(at.Y),
		box:   box,
		z:     g.LabelZ,
	}
}
