package draw

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"image/color"
	"math"
	"slices"
)

// Version is the version of the raster drawing of tiles: the bytes a
// Renderer makes of given content with a given Style. It is part of the
// cache key and ETag of every raster tile and picture (with the Style's
// Key, see Renderer.Key), so that a release that draws differently is not
// answered with 304 on pixels cached by browsers and CDNs.
//
// Bump it with any change that changes those bytes for the same content
// and Style: the rasteriser, strokes, dashes, hatches, label placement,
// fonts (and their dependencies), the drawing order, the PNG encoding
// (tiles/encode), the meaning of a Style field. A change of the colours or
// widths of a Style, DefaultStyle's included, needs no bump: the Style's
// Key changes by itself. TestHashes fails when the reference tiles change
// while Version does not; then bump it and run
//
//	go test ./tiles/draw -run Hashes -update-hashes
//
// which writes testdata/hashes-v<Version>.txt.
const Version = 2

// Key is a stable hash of every field of the style, in hex: two Styles
// with the same Key draw the same pixels. It is a SHA-256 over a canonical
// encoding of the fields in a fixed order (the Control map in the order of
// its keys), so it is the same in every process and on every platform.
// A new field of Style must be added to it (TestStyleKeyCoversEveryField
// checks).
func (s *Style) Key() string {
	b := make([]byte, 0, 512)
	b = append(b, "style/1\x00"...) // the encoding's own version
	b = appendColor(b, s.Sea)
	b = appendColor(b, s.Land)
	b = appendColor(b, s.Admin1Line)
	b = appendColor(b, s.CountryLine)
	b = appendFloat(b, s.Admin1Width)
	b = appendFloat(b, s.CountryWidth)
	b = appendColor(b, s.RU)
	b = appendColor(b, s.UA)
	keys := make([]ControlKey, 0, len(s.Control))
	for k := range s.Control {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b ControlKey) int {
		return cmp.Or(cmp.Compare(a.Side, b.Side), cmp.Compare(a.Status, b.Status))
	})
	b = binary.AppendUvarint(append(b, 'C'), uint64(len(keys)))
	for _, k := range keys {
		a := s.Control[k]
		b = append(b, byte(k.Side), byte(k.Status))
		b = appendColor(b, a.Fill)
		b = appendColor(b, a.Hatch.Color)
		b = appendFloat(b, a.Hatch.Width)
		b = appendFloat(b, a.Hatch.Spacing)
		b = appendLine(b, a.Outline)
	}
	b = appendColor(append(b, 'W'), s.Water)
	b = appendLine(b, s.River)
	b = appendLine(b, s.MajorRiver)
	b = appendColor(b, s.RiverText)
	b = appendLine(append(b, 'R'), s.Region)
	b = binary.AppendUvarint(append(b, 'P'), uint64(len(s.Places)))
	for _, p := range s.Places {
		b = binary.AppendUvarint(b, uint64(p.MinZoom))
		b = appendFloat(b, p.FontSize)
		bold := byte(0)
		if p.Bold {
			bold = 1
		}
		b = appendFloat(append(b, bold), p.Dot)
	}
	b = appendColor(append(b, 'T'), s.Text)
	b = appendColor(b, s.Halo)
	b = appendFloat(b, s.HaloWidth)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

func appendColor(b []byte, c color.NRGBA) []byte { return append(b, c.R, c.G, c.B, c.A) }

// appendFloat writes f's bits, with -0 as 0 (they draw the same).
func appendFloat(b []byte, f float64) []byte {
	if f == 0 {
		f = 0
	}
	return binary.BigEndian.AppendUint64(b, math.Float64bits(f))
}

func appendLine(b []byte, l Line) []byte {
	b = appendColor(b, l.Color)
	b = appendFloat(b, l.Width)
	b = appendFloat(b, l.Dash)
	return appendFloat(b, l.Gap)
}
