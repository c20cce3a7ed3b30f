package glyphs

import (
	"errors"
	"testing"
)

// pbGlyph is a decoded glyph message.
type pbGlyph struct {
	id, width, height, advance uint64
	left, top                  int64
	bitmap                     []byte
}

// fields decodes the top-level fields of a protobuf message.
func fields(t *testing.T, b []byte, fn func(field int, v uint64, p []byte)) {
	t.Helper()
	for len(b) > 0 {
		key, n := uvarint(b)
		b = b[n:]
		switch key & 7 {
		case 0:
			v, n := uvarint(b)
			b = b[n:]
			fn(int(key>>3), v, nil)
		case 2:
			l, n := uvarint(b)
			b = b[n:]
			if uint64(len(b)) < l {
				t.Fatalf("field %d: %d bytes, %d left", key>>3, l, len(b))
			}
			fn(int(key>>3), 0, b[:l])
			b = b[l:]
		default:
			t.Fatalf("wire type %d", key&7)
		}
	}
}

func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i, c := range b {
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return v, len(b)
}

func decode(t *testing.T, b []byte) (name, rng string, gs map[uint64]pbGlyph) {
	t.Helper()
	gs = map[uint64]pbGlyph{}
	fields(t, b, func(f int, _ uint64, stack []byte) {
		if f != 1 {
			t.Fatalf("glyphs: field %d", f)
		}
		fields(t, stack, func(f int, _ uint64, p []byte) {
			switch f {
			case 1:
				name = string(p)
			case 2:
				rng = string(p)
			case 3:
				var g pbGlyph
				fields(t, p, func(f int, v uint64, p []byte) {
					switch f {
					case 1:
						g.id = v
					case 2:
						g.bitmap = p
					case 3:
						g.width = v
					case 4:
						g.height = v
					case 5:
						g.left = int64(v>>1) ^ -int64(v&1)
					case 6:
						g.top = int64(v>>1) ^ -int64(v&1)
					case 7:
						g.advance = v
					}
				})
				gs[g.id] = g
			}
		})
	})
	return name, rng, gs
}

// TestRange: a range decodes as MapLibre's glyphs.proto, each glyph's
// field the size of its box and border, high inside the outline and low
// outside; Cyrillic is there; unknown stacks and ranges are errors.
func TestRange(t *testing.T) {
	b, err := Range("Go Regular", 0)
	if err != nil {
		t.Fatal(err)
	}
	name, rng, gs := decode(t, b)
	if name != "Go Regular" || rng != "0-255" || len(gs) < 180 {
		t.Fatalf("stack %q range %q, %d glyphs", name, rng, len(gs))
	}
	for _, id := range []uint64{'A', 'l', 'x', ' '} {
		g, ok := gs[id]
		if !ok {
			t.Fatalf("no glyph %q", rune(id))
		}
		if g.width > 0 && len(g.bitmap) != int((g.width+2*border)*(g.height+2*border)) || g.advance == 0 {
			t.Errorf("%q: %dx%d, %d bytes, advance %d", rune(id), g.width, g.height, len(g.bitmap), g.advance)
		}
	}
	l := gs['H'] // its stems are inside (above the edge's 191), the corners outside
	top := byte(0)
	for _, v := range l.bitmap {
		top = max(top, v)
	}
	if top < 192 || l.bitmap[0] > 100 || l.bitmap[len(l.bitmap)-1] > 100 {
		t.Errorf("'H': highest %d (want > 191), corners %d and %d (want low)", top, l.bitmap[0], l.bitmap[len(l.bitmap)-1])
	}
	if top := gs['A'].top; top > 0 || top < -24 {
		t.Errorf("'A' top %d: want the fontnik convention (top of the glyph above the baseline, less 24)", top)
	}
	cy, err := Range("Go Bold", 1024)
	if err != nil {
		t.Fatal(err)
	}
	if _, rng, gs := decode(t, cy); rng != "1024-1279" || gs[0x416].width == 0 {
		t.Errorf("Cyrillic: range %q, Ж %+v", rng, gs[0x416])
	}
	if _, err := Range("Comic Sans", 0); !errors.Is(err, ErrUnknownStack) {
		t.Errorf("unknown stack: %v", err)
	}
	for _, start := range []int{-256, 100, 65536} {
		if _, err := Range("Go Regular", start); !errors.Is(err, ErrBadRange) {
			t.Errorf("start %d: %v", start, err)
		}
	}
}
