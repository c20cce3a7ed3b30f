package tiles

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// ContentKey derives a cache key and ETag from what a tile shows and how
// it looks: the format (kind), the look, the tile, and every item's
// geometry (in tile units) with the attributes the format draws or
// carries. look names what turns the content into bytes: for a raster
// tile the draw Renderer's Key (draw.Version and the style's Key), for a
// vector tile MVTLook (MVTVersion), so that a release that draws or
// encodes differently changes the keys of exactly the tiles it changes.
// withProps adds the MVT attributes; a PNG shows only layer, side, status,
// kind and labels. It never depends on the day: the same content on two
// days is one key.
func ContentKey(kind, look string, c *Content, withProps bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%d/%d/%d|", kind, look, c.Tile.Z, c.Tile.X, c.Tile.Y)
	buf := make([]byte, 0, 4096)
	for i := range c.Items {
		it := &c.Items[i]
		buf = append(buf, it.Layer...)
		buf = append(buf, 0, byte(it.Side), byte(it.Status), byte(it.Rank))
		buf = append(buf, it.Kind...)
		buf = append(buf, 0)
		buf = append(buf, it.Name...)
		buf = append(buf, 0)
		if withProps {
			buf = appendProps(buf, it.Props)
		}
		buf = appendGeometry(buf, it.Geometry, h)
		h.Write(buf)
		buf = buf[:0]
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func appendProps(buf []byte, props map[string]any) []byte {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		buf = fmt.Appendf(buf, "%s=%v\x00", k, props[k])
	}
	return buf
}

// appendGeometry writes geometry as varints, flushing into h as it grows.
func appendGeometry(buf []byte, g orb.Geometry, h hash.Hash) []byte {
	switch g := g.(type) {
	case orb.Point:
		return appendPoint(buf, g)
	case orb.MultiLineString:
		for _, l := range g {
			buf = binary.AppendUvarint(append(buf, 'L'), uint64(len(l)))
			for _, pt := range l {
				buf = appendPoint(buf, pt)
			}
			if len(buf) > 3500 {
				h.Write(buf)
				buf = buf[:0]
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			buf = append(buf, 'P')
			for _, r := range p {
				buf = binary.AppendUvarint(append(buf, 'R'), uint64(len(r)))
				for _, pt := range r {
					buf = appendPoint(buf, pt)
				}
				if len(buf) > 3500 {
					h.Write(buf)
					buf = buf[:0]
				}
			}
		}
	}
	return buf
}

func appendPoint(buf []byte, p orb.Point) []byte {
	buf = binary.AppendVarint(buf, int64(math.Round(p[0])))
	return binary.AppendVarint(buf, int64(math.Round(p[1])))
}
