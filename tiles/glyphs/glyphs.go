// Package glyphs makes the glyph files MapLibre reads to draw text on a
// map (GET /fonts/{fontstack}/{range}.pbf): signed distance fields of 256
// code points at a time, from the fonts the raster drawing embeds (Go
// Regular and Go Bold, which cover Latin, Greek and Cyrillic), so that no
// style of ours loads fonts from elsewhere. The format is MapLibre's
// glyphs.proto, written here by hand (three small messages).
package glyphs

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/math/fixed"
)

// Stacks are the font stacks served: a style names one in text-font.
var Stacks = []string{"Go Regular", "Go Bold"}

// ErrUnknownStack is a font stack we do not have; ErrBadRange a range that
// is not 256 code points from a multiple of 256 in 0..65535.
var (
	ErrUnknownStack = errors.New("glyphs: unknown font stack")
	ErrBadRange     = errors.New("glyphs: a range is N-(N+255) with N a multiple of 256 below 65536")
)

// The SDF's parameters, as MapLibre expects them: glyphs rasterised at 24
// px with a 3 px border, distances to 8 px, the edge at 0.75 of 255.
const (
	size   = 24
	border = 3
	radius = 8.0
	cutoff = 0.25
)

var (
	fonts     = map[string][]byte{"Go Regular": goregular.TTF, "Go Bold": gobold.TTF}
	parsed    sync.Map // stack → *truetype.Font
	rangeMemo sync.Map // "stack|start" → []byte
)

// Range returns the glyphs of stack for code points start..start+255.
func Range(stack string, start int) ([]byte, error) {
	ttf, ok := fonts[stack]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownStack, stack)
	}
	if start < 0 || start > 65535-255 || start%256 != 0 {
		return nil, ErrBadRange
	}
	key := fmt.Sprint(stack, "|", start)
	if b, ok := rangeMemo.Load(key); ok {
		return b.([]byte), nil
	}
	f, ok := parsed.Load(stack)
	if !ok {
		ft, err := truetype.Parse(ttf)
		if err != nil {
			return nil, err
		}
		f, _ = parsed.LoadOrStore(stack, ft)
	}
	ft := f.(*truetype.Font)
	face := truetype.NewFace(ft, &truetype.Options{Size: size, DPI: 72, Hinting: font.HintingNone})
	var glyphsMsg []byte
	for r := rune(start); r < rune(start+256); r++ {
		if ft.Index(r) == 0 && r != 0 {
			continue // not in the font
		}
		glyphsMsg = appendBytes(glyphsMsg, 3, glyph(face, r))
	}
	var stackMsg []byte
	stackMsg = appendBytes(stackMsg, 1, []byte(stack))
	stackMsg = appendBytes(stackMsg, 2, []byte(fmt.Sprintf("%d-%d", start, start+255)))
	stackMsg = append(stackMsg, glyphsMsg...)
	out := appendBytes(nil, 1, stackMsg)
	rangeMemo.Store(key, out)
	return out, nil
}

// glyph is one glyph message: the SDF of r's outline with its metrics.
func glyph(face font.Face, r rune) []byte {
	dr, mask, mp, adv, ok := face.Glyph(fixed.P(0, 0), r)
	var msg []byte
	msg = appendVarint(msg, 1, uint64(r))
	if ok && !dr.Empty() {
		w, h := dr.Dx(), dr.Dy()
		msg = appendBytes(msg, 2, sdf(mask, mp, w, h))
		msg = appendVarint(msg, 3, uint64(w))
		msg = appendVarint(msg, 4, uint64(h))
		msg = appendSint(msg, 5, int64(dr.Min.X))
		msg = appendSint(msg, 6, int64(-dr.Min.Y-size)) // the top, from the baseline, less the size: fontnik's convention
	} else {
		msg = appendVarint(msg, 3, 0)
		msg = appendVarint(msg, 4, 0)
		msg = appendSint(msg, 5, 0)
		msg = appendSint(msg, 6, -size)
	}
	msg = appendVarint(msg, 7, uint64(max(0, adv.Round())))
	return msg
}

// sdf is the signed distance field of a w×h glyph mask (at mp in mask),
// with the border: a byte a pixel, 255·(1 − cutoff) at the outline,
// higher inside.
func sdf(mask image.Image, mp image.Point, w, h int) []byte {
	W, H := w+2*border, h+2*border
	in := make([]bool, W*H)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			_, _, _, a := mask.At(mp.X+x, mp.Y+y).RGBA()
			in[(y+border)*W+x+border] = a >= 0x8000
		}
	}
	out := make([]byte, W*H)
	const r = int(radius)
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			me := in[y*W+x]
			best := radius * radius
			for dy := -r; dy <= r; dy++ {
				yy := y + dy
				for dx := -r; dx <= r; dx++ {
					xx := x + dx
					other := false // outside the bitmap is outside the glyph
					if xx >= 0 && yy >= 0 && xx < W && yy < H {
						other = in[yy*W+xx]
					}
					if other != me {
						if d := float64(dx*dx + dy*dy); d < best {
							best = d
						}
					}
				}
			}
			d := math.Sqrt(best) - 0.5 // to the edge between the two pixels
			if me {
				d = -d
			}
			v := 255 - 255*(d/radius+cutoff)
			out[y*W+x] = byte(math.Max(0, math.Min(255, math.Round(v))))
		}
	}
	return out
}

func appendKey(b []byte, field, wire int) []byte { return appendUvarint(b, uint64(field<<3|wire)) }

func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendVarint(b []byte, field int, v uint64) []byte {
	return appendUvarint(appendKey(b, field, 0), v)
}

func appendSint(b []byte, field int, v int64) []byte {
	return appendVarint(b, field, uint64((v<<1)^(v>>63)))
}

func appendBytes(b []byte, field int, p []byte) []byte {
	b = appendUvarint(appendKey(b, field, 2), uint64(len(p)))
	return append(b, p...)
}
