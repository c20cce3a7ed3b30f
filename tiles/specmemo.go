package tiles

import (
	"hash/maphash"
	"math"

	"github.com/frontline-map/frontline/tiles/lru"
	"github.com/paulmach/orb"
)

// The same clipped shape comes to specMulti again and again: a region's
// versions differ somewhere along its front, and every tile away from
// that part clips them the same, day after day (on DeepStateMap's archive
// most day tiles of random days are such repeats). specMulti's checks of
// validity are the largest cost of writing a vector tile, so its answers
// are kept by their input, which is compared in full on a hit.

// specMemoBytes bounds the memo of specMulti's answers.
const specMemoBytes = 8 << 20

// specMemoPoints is the fewest points an input needs to be memoised:
// smaller ones are cheaper to check than to keep.
const specMemoPoints = 16

type specEntry struct{ in, out orb.MultiPolygon }

var (
	specMemo = lru.New[uint64, specEntry](specMemoBytes)
	specSeed = maphash.MakeSeed()
)

// specMultiMemo is specMulti, memoised by its input. Its answer is shared:
// callers do not change it.
func specMultiMemo(mp orb.MultiPolygon) orb.MultiPolygon {
	n := multiPoints(mp)
	if n < specMemoPoints {
		return specMulti(mp)
	}
	h := hashMulti(mp)
	if e, ok := specMemo.Get(h); ok && sameGeometry(e.in, mp) {
		return e.out
	}
	out := specMulti(mp)
	specMemo.Put(h, specEntry{in: cloneMulti(mp), out: out}, int64(64+16*(n+multiPoints(out))))
	return out
}

func multiPoints(mp orb.MultiPolygon) int {
	n := 0
	for _, p := range mp {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}

// hashMulti hashes the coordinates and the structure of mp.
func hashMulti(mp orb.MultiPolygon) uint64 {
	var h maphash.Hash
	h.SetSeed(specSeed)
	var b [16]byte
	put := func(v uint64, at int) {
		for i := range 8 {
			b[at+i] = byte(v >> (8 * i))
		}
	}
	for _, p := range mp {
		put(uint64(len(p)), 0)
		h.Write(b[:8])
		for _, r := range p {
			put(uint64(len(r)), 0)
			h.Write(b[:8])
			for _, pt := range r {
				put(math.Float64bits(pt[0]), 0)
				put(math.Float64bits(pt[1]), 8)
				h.Write(b[:])
			}
		}
	}
	return h.Sum64()
}

func cloneMulti(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, p := range mp {
		out[i] = make(orb.Polygon, len(p))
		for j, r := range p {
			out[i][j] = append(orb.Ring(nil), r...)
		}
	}
	return out
}
