package fake

import (
	"image/color"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/draw"
)

// Style is the style the reference tiles and pictures of the hashes tests
// draw with: draw.DefaultStyle as it was at draw.Version 1, written out so
// that it never changes. The hashes then change with the drawing (which
// needs a bump of draw.Version or picture.Version) and not with the house
// style (whose Key is in the keys by itself). Each call returns a new Style.
func Style() *draw.Style {
	ru, ua := nrgba(0xc8, 0x3c, 0x32, 0xff), nrgba(0x2c, 0x6a, 0xb8, 0xff)
	return &draw.Style{
		Sea:          nrgba(0xc6, 0xd9, 0xe4, 0xff),
		Land:         nrgba(0xf3, 0xf0, 0xe8, 0xff),
		Admin1Line:   nrgba(0xa9, 0xa2, 0x98, 0x73),
		Admin1Width:  0.6,
		CountryLine:  nrgba(0x7c, 0x74, 0x6b, 0xd9),
		CountryWidth: 1.1,
		RU:           ru,
		UA:           ua,
		Control: map[draw.ControlKey]draw.Area{
			{Side: geo.SideRU, Status: geo.StatusOccupied}: {Fill: nrgba(0xc8, 0x3c, 0x32, 0x73),
				Outline: draw.Line{Color: nrgba(0x9e, 0x2a, 0x22, 0xff), Width: 0.9}},
			{Side: geo.SideUA, Status: geo.StatusOccupied}: {Fill: nrgba(0x2c, 0x6a, 0xb8, 0x73),
				Outline: draw.Line{Color: nrgba(0x1d, 0x4c, 0x8a, 0xff), Width: 0.9}},
			{Side: geo.SideRU, Status: geo.StatusLiberated}: {Fill: nrgba(0xd9, 0x8c, 0x84, 0x33),
				Outline: draw.Line{Color: nrgba(0xc8, 0x3c, 0x32, 0x66), Width: 0.6}},
			{Side: geo.SideUA, Status: geo.StatusLiberated}: {Fill: nrgba(0x4f, 0xa3, 0x8f, 0x40),
				Outline: draw.Line{Color: nrgba(0x3a, 0x85, 0x73, 0x80), Width: 0.6}},
			{Side: geo.SideRU, Status: geo.StatusContested}: {
				Fill:    nrgba(0xc8, 0x3c, 0x32, 0x1a),
				Hatch:   draw.Hatch{Color: nrgba(0xb4, 0x34, 0x2b, 0xb3), Width: 1, Spacing: 6},
				Outline: draw.Line{Color: nrgba(0x9e, 0x2a, 0x22, 0x99), Width: 0.6},
			},
			{Side: geo.SideUA, Status: geo.StatusContested}: {
				Fill:    nrgba(0x2c, 0x6a, 0xb8, 0x1a),
				Hatch:   draw.Hatch{Color: nrgba(0x2c, 0x6a, 0xb8, 0xb3), Width: 1, Spacing: 6},
				Outline: draw.Line{Color: nrgba(0x1d, 0x4c, 0x8a, 0x99), Width: 0.6},
			},
			{Side: geo.SideRU, Status: geo.StatusClaimed}: {
				Outline: draw.Line{Color: nrgba(0xb0, 0x30, 0x28, 0xe6), Width: 1.2, Dash: 5, Gap: 3}},
			{Side: geo.SideUA, Status: geo.StatusClaimed}: {
				Outline: draw.Line{Color: nrgba(0x1d, 0x4c, 0x8a, 0xe6), Width: 1.2, Dash: 5, Gap: 3}},
		},
		Places: []draw.PlaceStyle{
			{MinZoom: 4, FontSize: 13, Bold: true, Dot: 3},
			{MinZoom: 6, FontSize: 11.5, Dot: 2.5},
			{MinZoom: 8, FontSize: 10.5, Dot: 2},
		},
		Text:      nrgba(0x2a, 0x2a, 0x2e, 0xff),
		Halo:      nrgba(0xff, 0xff, 0xff, 0xd9),
		HaloWidth: 1.5,
	}
}

func nrgba(r, g, b, a uint8) color.NRGBA { return color.NRGBA{R: r, G: g, B: b, A: a} }
