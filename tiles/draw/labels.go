package draw

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"slices"
	"sync"

	"github.com/frontline-map/frontline/tiles"

	"github.com/golang/freetype/truetype"
	"github.com/paulmach/orb"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/math/fixed"
)

// This file places and draws the labels of places: font faces with their
// caches, collision boxes, and text with a halo.

// goFonts are the label fonts, parsed once per process.
type goFonts struct{ regular, bold *truetype.Font }

var loadFonts = sync.OnceValues(func() (*goFonts, error) {
	reg, err := truetype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("tiles: parse go regular font: %w", err)
	}
	bold, err := truetype.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("tiles: parse go bold font: %w", err)
	}
	return &goFonts{reg, bold}, nil
})

// faceKey names a font face of a Frame.
type faceKey struct {
	size float64 // device pixels
	bold bool
}

// labelFace is a font face with a cache of advance widths, which
// truetype's face computes by loading (and hinting) the glyph each time.
type labelFace struct {
	font.Face
	adv map[rune]fixed.Int26_6
}

// measure returns the advance width of s.
func (lf *labelFace) measure(s string) fixed.Int26_6 {
	var w fixed.Int26_6
	prev := rune(-1)
	for _, c := range s {
		if prev >= 0 {
			w += lf.Kern(prev, c)
		}
		a, ok := lf.adv[c]
		if !ok {
			a, _ = lf.GlyphAdvance(c)
			lf.adv[c] = a
		}
		w += a
		prev = c
	}
	return w
}

// face returns the frame's face for a label style at the view's scale.
// Faces cache glyphs and are not safe for concurrent use, so each Frame
// has its own.
func (f *labeller) face(fonts *goFonts, ps PlaceStyle, px float64) *labelFace {
	k := faceKey{float64(ps.FontSize * px), ps.Bold}
	if f.faces == nil {
		select {
		case f.faces = <-f.freeFaces:
		default:
			f.faces = map[faceKey]*labelFace{}
		}
	}
	if fc, ok := f.faces[k]; ok {
		return fc
	}
	ft := fonts.regular
	if ps.Bold {
		ft = fonts.bold
	}
	fc := &labelFace{
		Face: truetype.NewFace(ft, &truetype.Options{Size: k.size, Hinting: font.HintingFull, GlyphCacheEntries: 1024}),
		adv:  map[rune]fixed.Int26_6{},
	}
	f.faces[k] = fc
	return fc
}

// places draws the dots and names of the places layer, capitals first.
// A name is drawn only where it fits inside the tile, right of its dot or
// else left, clear of other names and dots, so no name is cut at a tile
// edge. A dot is drawn if its name is, or if it touches the tile edge
// (the neighbour draws the rest of it from its buffer).
func (r *Renderer) places(f *Frame, c *tiles.Content) {
	st, v := r.st, f.view
	f.labels, f.boxes = f.labels[:0], f.boxes[:0]
	ring := v.length(1)
	for i := range c.Items {
		it := &c.Items[i]
		if p, ok := it.Geometry.(orb.Point); ok && it.Layer == tiles.LayerPlaces &&
			it.Rank >= 1 && it.Rank <= len(st.Places) && v.Z >= st.Places[it.Rank-1].MinZoom {
			l := label{item: i, at: v.point(p), ps: st.Places[it.Rank-1]}
			d := (v.length(l.ps.Dot) + ring).Ceil()
			l.dot = image.Rect(l.at.X.Round()-d, l.at.Y.Round()-d, l.at.X.Round()+d, l.at.Y.Round()+d)
			f.labels = append(f.labels, l)
			f.boxes = append(f.boxes, l.dot)
		}
	}
	if len(f.labels) == 0 {
		return
	}
	slices.SortStableFunc(f.labels, func(a, b label) int { return c.Items[a.item].Rank - c.Items[b.item].Rank })
	for i := range f.labels {
		r.place(f, &f.labels[i], c.Items[f.labels[i].item].Name)
	}
	for pass, col := range []color.NRGBA{st.Halo, st.Text} {
		for _, l := range f.labels {
			if l.face != nil || !l.dot.In(v.Box) {
				rad := v.length(l.ps.Dot)
				if pass == 0 {
					rad += ring
				}
				f.addCircle(l.at, rad)
			}
		}
		f.render(premulOf(col), Hatch{})
	}
	for _, l := range f.labels {
		if l.face != nil {
			r.drawLabel(f, l, c.Items[l.item].Name)
		}
	}
	r.rivers(f, c)
}

// labelledRivers are the rivers of this front whose names are drawn.
var labelledRivers = map[string]bool{"Dnipro": true, "Siverskyi Donets": true, "Oskil": true, "Desna": true}

// rivers names each labelled river once, at the point of its course
// nearest the middle of the view that leaves its name inside the view and
// clear of the place labels.
func (r *Renderer) rivers(f *Frame, c *tiles.Content) {
	st, v := r.st, f.view
	if st.RiverText.A == 0 || v.Z < 5 {
		return
	}
	ps := PlaceStyle{FontSize: 11}
	done := map[string]bool{}
	mid := image.Pt((v.Box.Min.X+v.Box.Max.X)/2, (v.Box.Min.Y+v.Box.Max.Y)/2)
	for i := range c.Items {
		it := &c.Items[i]
		ls, ok := it.Geometry.(orb.MultiLineString)
		if !ok || it.Layer != tiles.LayerWater || !labelledRivers[it.Name] || done[it.Name] {
			continue
		}
		face := f.face(r.fonts, ps, v.Px)
		m := face.Metrics()
		pad := int(math.Ceil(float64(st.HaloWidth*v.Px))) + 1
		w, h := face.measure(it.Name).Ceil()+2*pad, (m.Ascent+m.Descent).Ceil()+2*pad
		best, bestD := image.Rectangle{}, math.Inf(1)
		for _, l := range ls {
			for _, p := range l {
				at := v.point(p)
				x, y := at.X.Round()-w/2, at.Y.Round()-h/2
				b := image.Rect(x, y, x+w, y+h)
				if d := math.Hypot(float64(at.X.Round()-mid.X), float64(at.Y.Round()-mid.Y)); d < bestD && b.In(v.Box) && !collides(f.boxes, b.Inset(pad)) {
					best, bestD = b, d
				}
			}
		}
		if best.Empty() {
			continue
		}
		done[it.Name] = true
		f.boxes = append(f.boxes, best.Inset(pad))
		at := best.Min.Add(f.paint.dst.Rect.Min)
		f.drawText(face, it.Name, best.Dx(), best.Dy(), fixed.P(pad, pad+m.Ascent.Round()), float64(st.HaloWidth*v.Px))
		blendMask(f.paint.dst, &f.halo, at, premulOf(st.Halo))
		blendMask(f.paint.dst, &f.text, at, premulOf(st.RiverText))
	}
}

// label is a place being labelled.
type label struct {
	item int             // in tiles.Content.Items
	at   fixed.Point26_6 // the dot
	ps   PlaceStyle
	dot  image.Rectangle // the dot's bounds
	box  image.Rectangle // the name's bounds, halo included
	face *labelFace      // nil if the name is not drawn
	text image.Point     // where the baseline starts, from box.Min
}

// place finds room for the name of l, if its dot is in the tile.
func (r *Renderer) place(f *Frame, l *label, name string) {
	v := f.view
	if name == "" || !image.Pt(l.at.X.Floor(), l.at.Y.Floor()).In(v.Box) {
		return
	}
	face := f.face(r.fonts, l.ps, v.Px)
	m := face.Metrics()
	pad := int(math.Ceil(float64(r.st.HaloWidth*v.Px))) + 1
	w, h := face.measure(name).Ceil()+2*pad, (m.Ascent+m.Descent).Ceil()+2*pad
	gap := v.length(l.ps.Dot + 3).Round()
	// The baseline sits a third of the font size below the dot, which
	// centres capitals and x-height letters on it.
	top := l.at.Y.Round() + int(math.Round(float64(l.ps.FontSize*v.Px)/3)) - m.Ascent.Round() - pad
	top = min(max(top, v.Box.Min.Y), v.Box.Max.Y-h)
	for _, x := range []int{l.at.X.Round() + gap - pad, l.at.X.Round() - gap - w + pad} {
		b := image.Rect(x, top, x+w, top+h)
		if b.In(v.Box) && !collides(f.boxes, b.Inset(pad)) {
			f.boxes = append(f.boxes, b.Inset(pad))
			l.box, l.face, l.text = b, face, image.Pt(pad, pad+m.Ascent.Round())
			return
		}
	}
}

// drawLabel draws the name of a placed label over its halo.
func (r *Renderer) drawLabel(f *Frame, l label, name string) {
	at := l.box.Min.Add(f.paint.dst.Rect.Min)
	f.drawText(l.face, name, l.box.Dx(), l.box.Dy(), fixed.P(l.text.X, l.text.Y), float64(r.st.HaloWidth*f.view.Px))
	blendMask(f.paint.dst, &f.halo, at, premulOf(r.st.Halo))
	blendMask(f.paint.dst, &f.text, at, premulOf(r.st.Text))
}

func collides(boxes []image.Rectangle, b image.Rectangle) bool {
	for _, o := range boxes {
		if o.Overlaps(b) {
			return true
		}
	}
	return false
}

// drawText renders s into f.text (w×h, the baseline starting at dot) and
// its halo of radius halo into f.halo.
func (f *Frame) drawText(face font.Face, s string, w, h int, dot fixed.Point26_6, halo float64) {
	f.text = alphaBuf(f.text, w, h)
	f.halo = alphaBuf(f.halo, w, h)
	prev := rune(-1)
	for _, c := range s {
		if prev >= 0 {
			dot.X += face.Kern(prev, c)
		}
		dr, mask, mp, adv, ok := face.Glyph(dot, c)
		if ok {
			draw.DrawMask(&f.text, dr, image.Opaque, image.Point{}, mask, mp, draw.Over)
		}
		dot.X += adv
		prev = c
	}
	dilate(&f.halo, &f.text, halo)
}

// alphaBuf returns a cleared w×h mask that reuses m's pixels.
func alphaBuf(m image.Alpha, w, h int) image.Alpha {
	if cap(m.Pix) < w*h {
		m.Pix = make([]byte, w*h)
	}
	m.Pix = m.Pix[:w*h]
	clear(m.Pix)
	return image.Alpha{Pix: m.Pix, Stride: w, Rect: image.Rect(0, 0, w, h)}
}
