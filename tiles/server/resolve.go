package server

import (
	"strconv"
	"strings"
	"sync"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb/maptile"
)

// resolver remembers which content key a tile request resolved to, so that
// a repeated request skips the store and clipping. Entries of a dataset are
// dropped when it is edited. It is bounded: when full it starts afresh.
type resolver struct {
	mu   sync.RWMutex
	max  int
	keys map[string]string
}

func newResolver(max int) *resolver {
	return &resolver{max: max, keys: map[string]string{}}
}

// requestKey names a request; the dataset comes first, then a NUL.
func requestKey(dataset string, parts ...string) string {
	return dataset + "\x00" + strings.Join(parts, "|")
}

// dayTileKey is requestKey(dataset, day.String(), kind, tileString(t))
// made with one allocation: every tile request makes one.
func dayTileKey(dataset string, day geo.Day, kind string, t maptile.Tile) string {
	var buf [128]byte
	b := append(buf[:0], dataset...)
	b = append(b, 0)
	b = day.AppendFormat(b)
	b = append(b, '|')
	b = append(b, kind...)
	b = append(b, '|')
	b = strconv.AppendInt(b, int64(t.Z), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(t.X), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(t.Y), 10)
	return string(b)
}

// simpleQuery returns the first value of each of keys in a raw query that
// needs no unescaping, without building url.Values; ok is false if the
// query has escapes or separators that url.ParseQuery must see.
func simpleQuery(raw string, keys ...string) (vals [2]string, ok bool) {
	if strings.ContainsAny(raw, "%+;") || len(keys) > len(vals) {
		return vals, false
	}
	var seen [2]bool
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(part, "=")
		for i, key := range keys {
			if k == key && !seen[i] {
				vals[i], seen[i] = v, true
			}
		}
	}
	return vals, true
}

func (r *resolver) get(k string) (string, bool) {
	r.mu.RLock()
	v, ok := r.keys[k]
	r.mu.RUnlock()
	return v, ok
}

func (r *resolver) put(k, v string) {
	r.mu.Lock()
	if len(r.keys) >= r.max {
		r.keys = map[string]string{}
	}
	r.keys[k] = v
	r.mu.Unlock()
}

func (r *resolver) dropDataset(dataset string) {
	prefix := dataset + "\x00"
	r.mu.Lock()
	for k := range r.keys {
		if strings.HasPrefix(k, prefix) {
			delete(r.keys, k)
		}
	}
	r.mu.Unlock()
}
