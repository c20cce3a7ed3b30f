package draw

import (
	"image/color"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb/maptile"
)

// Style says how the raster renderer draws the basemap, the control layer
// and the labels. Lengths (line widths, dash lengths, hatch spacing, font
// sizes, dot radii) are in CSS pixels: a 512 px (@2x) tile doubles them.
// Colours are straight (not premultiplied) sRGB with alpha.
//
// A Style is read by NewRenderer; changing it afterwards has no effect on
// that Renderer.
type Style struct {
	Sea  color.NRGBA // the background, drawn where no land is
	Land color.NRGBA // fill of the "country" boundaries

	// Admin1Line and CountryLine outline the "admin1" and "country"
	// boundaries, Admin1Width and CountryWidth wide.
	Admin1Line, CountryLine   color.NRGBA
	Admin1Width, CountryWidth float64

	// RU and UA are the colours of the sides, from which the default
	// control symbols (and MapStyle's) are made.
	RU, UA color.NRGBA

	// Control says how each side and status of the control layer is drawn.
	// A pair that is missing is not drawn.
	Control map[ControlKey]Area

	// Water fills lakes and reservoirs; River draws rivers, MajorRiver
	// those Natural Earth shows from zoom 4 (the Dnipro). Zero draws nothing.
	Water             color.NRGBA
	River, MajorRiver Line
	// RiverText names the rivers of this front (Dnipro, Siverskyi Donets,
	// Oskil, Desna) from zoom 5; a zero colour names none.
	RiverText color.NRGBA

	// Region outlines the regions layer; a zero Line draws nothing.
	Region Line

	// Places holds the label style of each place rank (Places[0] is rank 1).
	// Places of other ranks are not drawn.
	Places []PlaceStyle
	Text   color.NRGBA // label text
	Halo   color.NRGBA // the glow around label text, so it reads on any fill
	// HaloWidth is the halo's radius around the glyphs.
	HaloWidth float64
}

// ControlKey names a side and status of the control layer.
type ControlKey struct {
	Side   geo.Side
	Status geo.Status
}

// Area says how one side and status of the control layer is drawn: a fill,
// diagonal hatching over it, then an outline. Zero parts are not drawn.
type Area struct {
	Fill    color.NRGBA
	Hatch   Hatch
	Outline Line
}

// Hatch is a pattern of parallel diagonal lines ("/"), anchored to the
// world pixel grid so that it continues seamlessly across tile edges.
type Hatch struct {
	Color   color.NRGBA
	Width   float64 // line width
	Spacing float64 // distance between line centres, measured along x
}

// Line is a stroke. Dash > 0 draws dashes of that length separated by
// gaps of length Gap (Dash when Gap is 0).
type Line struct {
	Color color.NRGBA
	Width float64
	Dash  float64
	Gap   float64
}

// visible reports whether the line draws anything.
func (l Line) visible() bool { return l.Color.A > 0 && l.Width > 0 }

// PlaceStyle is the label style of one place rank.
type PlaceStyle struct {
	MinZoom  maptile.Zoom // the label shows from this zoom on
	FontSize float64      // in CSS pixels
	Bold     bool         // Go Bold instead of Go Regular
	Dot      float64      // radius of the place dot
}

// DefaultStyle returns the calm house style: a pale warm land on a soft
// grey-blue sea, quiet borders, muted red for Russian-held ground and blue
// for Ukrainian-held ground (after DeepStateMap and ISW), hatching for grey
// zones and dashed outlines for annexation claims. Each call returns a new
// Style that the caller may change.
func DefaultStyle() *Style {
	ru, ua := rgba(0xc8, 0x3c, 0x32, 0xff), rgba(0x2c, 0x6a, 0xb8, 0xff)
	ruFill, ruLine := alpha(ru, 0x73), rgba(0x9e, 0x2a, 0x22, 0xff)
	uaFill, uaLine := alpha(ua, 0x73), rgba(0x1d, 0x4c, 0x8a, 0xff)
	return &Style{
		Sea:          rgba(0xc6, 0xd9, 0xe4, 0xff),
		Land:         rgba(0xf3, 0xf0, 0xe8, 0xff),
		Admin1Line:   rgba(0xa9, 0xa2, 0x98, 0x73),
		Admin1Width:  0.6,
		CountryLine:  rgba(0x7c, 0x74, 0x6b, 0xd9),
		CountryWidth: 1.1,
		Water:        rgba(0xc6, 0xd9, 0xe4, 0xff),
		River:        Line{Color: rgba(0x9c, 0xbf, 0xd6, 0xff), Width: 0.8},
		MajorRiver:   Line{Color: rgba(0x9c, 0xbf, 0xd6, 0xff), Width: 1.5},
		RiverText:    rgba(0x3f, 0x6f, 0x95, 0xff),
		RU:           ru,
		UA:           ua,
		Control: map[ControlKey]Area{
			{geo.SideRU, geo.StatusOccupied}:  {Fill: ruFill, Outline: Line{Color: ruLine, Width: 0.9}},
			{geo.SideUA, geo.StatusOccupied}:  {Fill: uaFill, Outline: Line{Color: uaLine, Width: 0.9}},
			{geo.SideRU, geo.StatusLiberated}: {Fill: rgba(0xd9, 0x8c, 0x84, 0x33), Outline: Line{Color: alpha(ru, 0x66), Width: 0.6}},
			{geo.SideUA, geo.StatusLiberated}: {Fill: rgba(0x4f, 0xa3, 0x8f, 0x40), Outline: Line{Color: rgba(0x3a, 0x85, 0x73, 0x80), Width: 0.6}},
			{geo.SideRU, geo.StatusContested}: {
				Fill:    alpha(ru, 0x1a),
				Hatch:   Hatch{Color: rgba(0xb4, 0x34, 0x2b, 0xb3), Width: 1, Spacing: 6},
				Outline: Line{Color: rgba(0x9e, 0x2a, 0x22, 0x99), Width: 0.6},
			},
			{geo.SideUA, geo.StatusContested}: {
				Fill:    alpha(ua, 0x1a),
				Hatch:   Hatch{Color: alpha(ua, 0xb3), Width: 1, Spacing: 6},
				Outline: Line{Color: rgba(0x1d, 0x4c, 0x8a, 0x99), Width: 0.6},
			},
			// Contested ground that no side holds (DeepStateMap's grey
			// zone): grey, hatched.
			{geo.SideNone, geo.StatusContested}: {
				Fill:    rgba(0x80, 0x80, 0x86, 0x26),
				Hatch:   Hatch{Color: rgba(0x5c, 0x5c, 0x63, 0x99), Width: 1, Spacing: 6},
				Outline: Line{Color: rgba(0x5c, 0x5c, 0x63, 0x80), Width: 0.6},
			},
			{geo.SideRU, geo.StatusClaimed}: {Outline: Line{Color: rgba(0xb0, 0x30, 0x28, 0xe6), Width: 1.2, Dash: 5, Gap: 3}},
			{geo.SideUA, geo.StatusClaimed}: {Outline: Line{Color: rgba(0x1d, 0x4c, 0x8a, 0xe6), Width: 1.2, Dash: 5, Gap: 3}},
		},
		Places: []PlaceStyle{
			{MinZoom: 4, FontSize: 13, Bold: true, Dot: 3},
			{MinZoom: 6, FontSize: 11.5, Dot: 2.5},
			{MinZoom: 8, FontSize: 10.5, Dot: 2},
		},
		Text:      rgba(0x2a, 0x2a, 0x2e, 0xff),
		Halo:      rgba(0xff, 0xff, 0xff, 0xd9),
		HaloWidth: 1.5,
	}
}

func rgba(r, g, b, a uint8) color.NRGBA { return color.NRGBA{R: r, G: g, B: b, A: a} }

func alpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }
