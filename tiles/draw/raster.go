// Package draw owns the rasterising of map content: a style of colours,
// hatches, lines and fonts; a pure-Go antialiasing rasteriser with strokes
// and dashes; label placement; and the Renderer that draws tiles and, for
// the picture package, maps in bands, chrome (text and boxes) and symbols.
// The same content gives the same pixels on every platform.
package draw

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/internal/encode"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"golang.org/x/image/math/fixed"
)

// RasterOptions says how a tile is rasterised.
type RasterOptions struct {
	// Size is the width and height of the tile in pixels: 256, or 512 for
	// the @2x tile. Zero means 256. Line widths and fonts scale with it.
	Size int
	// ControlOnly draws only the control layer on a transparent background
	// (an overlay for another basemap): no sea, land, borders, regions or
	// labels.
	ControlOnly bool
}

// maxRasterSize bounds RasterOptions.Size.
const maxRasterSize = 4096

func (o RasterOptions) size() (int, error) {
	switch {
	case o.Size == 0:
		return 256, nil
	case o.Size < 0 || o.Size > maxRasterSize:
		return 0, fmt.Errorf("tiles: raster size %d: want 1 to %d pixels", o.Size, maxRasterSize)
	}
	return o.Size, nil
}

// Renderer draws tile tiles.Content as raster images with a Style. Drawing is
// antialiased and pure Go integer arithmetic, so the same tiles.Content gives
// the same pixels on every platform. A Renderer is safe for concurrent
// use; it reuses its buffers between calls.
type Renderer struct {
	st     *Style
	key    string // Version and st's Key: see Key
	sea    premul
	land   premul
	areas  []area // control symbols in drawing order
	fonts  *goFonts
	err    error // from parsing the fonts
	frames sync.Pool
	// faces is a free list of the frames' font faces. Unlike a sync.Pool
	// it survives garbage collections, and with it the faces' glyph caches.
	faces chan map[faceKey]*labelFace

	mu      sync.Mutex
	uniform map[uniformKey][]byte // PNGs of one-colour tiles
}

// area is a control symbol ready to draw.
type area struct {
	key  ControlKey
	fill premul
	Area
}

// NewRenderer returns a Renderer that draws with style, or with
// DefaultStyle if style is nil.
func NewRenderer(style *Style) *Renderer {
	if style == nil {
		style = DefaultStyle()
	}
	st := *style
	st.Places, st.Control = slices.Clone(st.Places), maps.Clone(st.Control)
	r := &Renderer{st: &st, key: "draw/" + strconv.Itoa(Version) + "/" + st.Key(),
		sea: premulOf(st.Sea), land: premulOf(st.Land), uniform: map[uniformKey][]byte{},
		faces: make(chan map[faceKey]*labelFace, 2*runtime.GOMAXPROCS(0))}
	r.fonts, r.err = loadFonts()
	for _, status := range []geo.Status{geo.StatusLiberated, geo.StatusOccupied, geo.StatusContested, geo.StatusClaimed} {
		for _, side := range append(geo.Sides[:len(geo.Sides):len(geo.Sides)], geo.SideNone) {
			k := ControlKey{side, status}
			if a, ok := st.Control[k]; ok {
				r.areas = append(r.areas, area{key: k, fill: premulOf(a.Fill), Area: a})
			}
		}
	}
	return r
}

// Key names how r draws: Version and its Style's Key. Renderers with one
// Key draw the same bytes from the same content, so it belongs in the
// cache key and ETag of whatever r draws (tiles.ContentKey's look, and
// picture keys). It is computed once, by NewRenderer.
func (r *Renderer) Key() string { return r.key }

// PNG renders c as a PNG image of opt.Size pixels square.
func (r *Renderer) PNG(c *tiles.Content, opt RasterOptions) ([]byte, error) {
	size, err := opt.size()
	if err != nil {
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(c.Items) == 0 { // open sea, or an overlay with nothing on it
		var bg color.RGBA
		if !opt.ControlOnly {
			bg = color.RGBA{uint8(r.sea.r >> 8), uint8(r.sea.g >> 8), uint8(r.sea.b >> 8), uint8(r.sea.a >> 8)}
		}
		return r.uniformPNG(bg, size)
	}
	f := r.frame()
	defer r.release(f)
	img := f.canvas(size)
	r.draw(f, img, c, tileView(c.Tile, size), opt.ControlOnly)
	if px, ok := uniformColor(img); ok {
		return r.uniformPNG(px, size)
	}
	return r.encode(f, img)
}

// Draw draws c over dst, the tile's top-left corner at dst.Bounds().Min
// and opt.Size pixels square; what falls outside dst is clipped.
func (r *Renderer) Draw(dst draw.Image, c *tiles.Content, opt RasterOptions) error {
	size, err := opt.size()
	if err != nil {
		return err
	}
	if r.err != nil {
		return r.err
	}
	f := r.frame()
	defer r.release(f)
	at := dst.Bounds().Min
	v := tileView(c.Tile, size)
	if m, ok := dst.(*image.RGBA); ok {
		r.draw(f, m.SubImage(image.Rectangle{at, at.Add(image.Pt(size, size))}).(*image.RGBA), c, v, opt.ControlOnly)
		return nil
	}
	img := f.canvas(size)
	r.draw(f, img, c, v, opt.ControlOnly)
	draw.Draw(dst, image.Rectangle{at, at.Add(image.Pt(size, size))}, img, image.Point{}, draw.Over)
	return nil
}

// View maps tile units to the pixels of a canvas. The drawing code only
// sees a View, so one drawing can cover more than a tile (snapshots).
type View struct {
	K64   float64         // 26.6 fixed-point pixels per tile unit
	Off   fixed.Point26_6 // pixel position of tile unit (0, 0)
	Px    float64         // device pixels per CSS pixel: line and font scale
	World int64           // world pixel x + y of the canvas's (0, 0), to anchor patterns
	Box   image.Rectangle // the tile in canvas pixels: labels stay inside it
	Z     maptile.Zoom    // the zoom that decides which places are labelled
}

// tileView is the View of tile t drawn size pixels square at (0, 0).
func tileView(t maptile.Tile, size int) View {
	return View{
		K64:   float64(size) * 64 / tiles.Extent,
		Px:    float64(size) / 256,
		World: (int64(t.X) + int64(t.Y)) * int64(size),
		Box:   image.Rect(0, 0, size, size),
		Z:     t.Z,
	}
}

// point converts a point in tile units to 26.6 canvas pixels. A single
// multiplication then rounding: no fused multiply-add can change it.
func (v View) point(p orb.Point) fixed.Point26_6 {
	return fixed.Point26_6{
		X: fixed.Int26_6(math.Round(p[0]*v.K64)) + v.Off.X,
		Y: fixed.Int26_6(math.Round(p[1]*v.K64)) + v.Off.Y,
	}
}

// length converts CSS pixels to 26.6 canvas pixels.
func (v View) length(css float64) fixed.Int26_6 {
	return fixed.Int26_6(math.Round(float64(css*v.Px) * 64))
}

// draw draws the layers of c onto dst, bottom to top.
func (r *Renderer) draw(f *Frame, dst *image.RGBA, c *tiles.Content, v View, controlOnly bool) {
	f.begin(dst, v)
	if !controlOnly {
		r.drawBase(f, c)
	}
	r.drawControl(f, c)
	if !controlOnly {
		r.drawTop(f, c)
	}
}

// drawBase paints the sea over the whole of f's canvas, then the land and
// the borders of c. Snapshots draw it once for all frames of a timelapse.
func (r *Renderer) drawBase(f *Frame, c *tiles.Content) {
	st := r.st
	country := selector{layer: tiles.LayerBoundaries, kind: geo.LayerCountry}
	fillSrc(f.paint.dst, r.sea)
	f.fill(c, country, r.land, Hatch{})
	f.fill(c, selector{layer: tiles.LayerWater, kind: waterAreas}, premulOf(st.Water), Hatch{})
	f.stroke(c, selector{layer: tiles.LayerWater, kind: geo.WaterRiver}, st.River)
	f.stroke(c, selector{layer: tiles.LayerWater, kind: majorRivers}, st.MajorRiver)
	f.stroke(c, selector{layer: tiles.LayerBoundaries, kind: geo.LayerAdmin1}, Line{Color: st.Admin1Line, Width: st.Admin1Width})
	f.stroke(c, country, Line{Color: st.CountryLine, Width: st.CountryWidth})
}

// drawControl draws the control layer of c: every fill, then every outline.
func (r *Renderer) drawControl(f *Frame, c *tiles.Content) {
	for _, a := range r.areas {
		f.fill(c, selector{layer: tiles.LayerControl, key: a.key}, a.fill, a.Hatch)
	}
	for _, a := range r.areas {
		f.stroke(c, selector{layer: tiles.LayerControl, key: a.key}, a.Outline)
	}
}

// drawTop draws what lies over the control layer: region outlines and places.
func (r *Renderer) drawTop(f *Frame, c *tiles.Content) {
	f.stroke(c, selector{layer: tiles.LayerRegions}, r.st.Region)
	r.places(f, c)
}

// The water selectors' kinds besides geo.WaterRiver (the rivers that are
// not major): lakes and reservoirs, and major rivers (Rank 1).
const (
	waterAreas  = "areas"
	majorRivers = "major"
)

// selector picks the items of one layer: boundaries of a kind, or
// control items of a side and status.
type selector struct {
	layer string
	kind  string
	key   ControlKey
}

func (s selector) match(it *tiles.Item) bool {
	switch {
	case it.Layer != s.layer:
		return false
	case s.layer == tiles.LayerBoundaries:
		return it.Kind == s.kind
	case s.layer == tiles.LayerControl:
		return it.Side == s.key.Side && it.Status == s.key.Status
	case s.layer == tiles.LayerWater:
		switch s.kind {
		case waterAreas:
			return it.Kind != geo.WaterRiver
		case majorRivers:
			return it.Kind == geo.WaterRiver && it.Rank == 1
		}
		return it.Kind == s.kind && it.Rank != 1
	case s.layer == tiles.LayerRegions:
		// Oblasts and other admin units are drawn as boundaries; their
		// outlines in the regions layer are for clients that pick a region
		// by its slug.
		return it.Kind != geo.KindAdmin.String()
	}
	return true
}

// fillSrc sets every pixel of dst to c.
func fillSrc(dst *image.RGBA, c premul) {
	if dst.Rect.Empty() {
		return
	}
	w := dst.Rect.Dx() * 4
	first := dst.Pix[dst.PixOffset(dst.Rect.Min.X, dst.Rect.Min.Y):][:w]
	fillPixels(first, [4]byte{uint8(c.r >> 8), uint8(c.g >> 8), uint8(c.b >> 8), uint8(c.a >> 8)})
	for y := dst.Rect.Min.Y + 1; y < dst.Rect.Max.Y; y++ {
		copy(dst.Pix[dst.PixOffset(dst.Rect.Min.X, y):][:w], first)
	}
}

// uniformColor reports whether every pixel of m is the same, and which.
func uniformColor(m *image.RGBA) (color.RGBA, bool) {
	if m.Rect.Empty() {
		return color.RGBA{}, false
	}
	w := m.Rect.Dx() * 4
	first := m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y):][:w]
	if !bytes.Equal(first[4:], first[:w-4]) { // each pixel equals its left neighbour
		return color.RGBA{}, false
	}
	for y := m.Rect.Min.Y + 1; y < m.Rect.Max.Y; y++ {
		if !bytes.Equal(m.Pix[m.PixOffset(m.Rect.Min.X, y):][:w], first) {
			return color.RGBA{}, false
		}
	}
	return color.RGBA{first[0], first[1], first[2], first[3]}, true
}

type uniformKey struct {
	c    color.RGBA
	size int
}

// maxUniform bounds the cache of one-colour PNGs. Only a handful of
// colours fill whole tiles (sea, land, land under each fill).
const maxUniform = 64

// uniformPNG returns the PNG of a tile of one colour, encoded once.
func (r *Renderer) uniformPNG(c color.RGBA, size int) ([]byte, error) {
	k := uniformKey{c, size}
	r.mu.Lock()
	b, ok := r.uniform[k]
	r.mu.Unlock()
	if !ok {
		m := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{c})
		var buf bytes.Buffer
		var w encode.PNG
		if err := w.Paletted(&buf, m); err != nil {
			return nil, fmt.Errorf("tiles: encode png: %w", err)
		}
		b = buf.Bytes()
		r.mu.Lock()
		if len(r.uniform) < maxUniform {
			r.uniform[k] = b
		}
		r.mu.Unlock()
	}
	return bytes.Clone(b), nil
}

// encode writes img as a PNG: 8-bit paletted when it has at most 256
// colours, RGB or RGBA otherwise.
func (r *Renderer) encode(f *Frame, img *image.RGBA) ([]byte, error) {
	return f.png.Encode(img)
}
