package deepstate

import (
	"context"
	"crypto/sha256"
	"sync"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// A region's shape of a day is the union of its polygons, made in the
// steps of geo.UnionContext: batches of geo.UnionBatch polygons, then
// batches of their unions, up to one. Days that follow each other repeat
// most polygons in the same places, so most batches of a day were united
// the day before: steps remembers each step's union by a key of what it
// unites (the polygons' shapesKey for the first steps, the keys of the
// batches' unions above), and a day unites only what changed along the
// way up. The union is exactly UnionContext's: the same steps on the same
// shapes.

// stepsKept is how many steps' unions steps keeps at least: those of the
// last few days of every region (a few dozen steps a region a day), so
// that the day after, read by another worker at the same time, finds
// them.
const stepsKept = 2048

// steps remembers unions of steps, in two generations: a step found in
// the older is moved to the newer, and when the newer is full the older
// is dropped.
type steps struct {
	mu       sync.Mutex
	cur, old map[string]orb.MultiPolygon
}

func newSteps() *steps {
	return &steps{cur: map[string]orb.MultiPolygon{}, old: map[string]orb.MultiPolygon{}}
}

func (s *steps) get(key string) (orb.MultiPolygon, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.cur[key]; ok {
		return u, true
	}
	u, ok := s.old[key]
	if ok {
		s.put(key, u)
	}
	return u, ok
}

func (s *steps) keep(key string, u orb.MultiPolygon) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.put(key, u)
}

func (s *steps) put(key string, u orb.MultiPolygon) {
	if len(s.cur) >= stepsKept {
		s.old, s.cur = s.cur, map[string]orb.MultiPolygon{}
	}
	s.cur[key] = u
}

// union is geo.UnionContext(ctx, mps...), each step's union remembered.
func (s *steps) union(ctx context.Context, mps []orb.MultiPolygon) (orb.MultiPolygon, error) {
	if len(mps) <= geo.UnionBatch {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return geo.Union(mps...)
	}
	level := mps
	keys := make([]string, len(mps))
	for i, mp := range mps {
		keys[i] = shapesKey([]orb.MultiPolygon{mp})
	}
	for len(level) > 1 {
		n := (len(level) + geo.UnionBatch - 1) / geo.UnionBatch
		next, nextKeys := make([]orb.MultiPolygon, 0, n), make([]string, 0, n)
		for i := 0; i < len(level); i += geo.UnionBatch {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			j := min(i+geo.UnionBatch, len(level))
			key := stepKey(keys[i:j])
			u, ok := s.get(key)
			if !ok {
				var err error
				if u, err = geo.Union(level[i:j]...); err != nil {
					return nil, err
				}
				if n > 1 { // not the last step: the caller rounds its union in place
					s.keep(key, u)
				}
			}
			next, nextKeys = append(next, u), append(nextKeys, key)
		}
		level, keys = next, nextKeys
	}
	return level[0], nil
}

// stepKey is the key of a step that unites shapes of keys, in order.
func stepKey(keys []string) string {
	h := sha256.New()
	h.Write([]byte{byte(len(keys))})
	for _, k := range keys {
		h.Write([]byte(k))
	}
	return string(h.Sum(nil))
}
