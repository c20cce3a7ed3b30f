package server

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb/maptile"
)

// resolver remembers which content key a tile request resolved to, so that
// a repeated request skips the store and clipping. Each entry carries the
// generation of its dataset it was made in (generations), and is used only
// while that generation lasts: a change of the dataset, heard from any
// writer, makes its entries unreachable with no sweep and no lock. It is
// bounded: when full it starts afresh.
type resolver struct {
	mu   sync.RWMutex
	max  int
	keys map[string]resolved
}

// resolved is a content key and the dataset generation it was made in.
type resolved struct {
	key string
	gen uint64
}

func newResolver(max int) *resolver {
	return &resolver{max: max, keys: map[string]resolved{}}
}

// generations counts the changes heard of per dataset (Server.Changed).
type generations struct {
	all atomic.Uint64 // changes of everything ("")
	by  sync.Map      // dataset name -> *atomic.Uint64
}

// of returns the generation of a dataset: it moves whenever the dataset,
// or everything, changes.
func (g *generations) of(dataset string) uint64 {
	n := g.all.Load()
	if v, ok := g.by.Load(dataset); ok {
		n += v.(*atomic.Uint64).Load()
	}
	return n
}

// bump moves the generation of a dataset, or of all with "".
func (g *generations) bump(dataset string) {
	if dataset == "" {
		g.all.Add(1)
		return
	}
	v, _ := g.by.LoadOrStore(dataset, new(atomic.Uint64))
	v.(*atomic.Uint64).Add(1)
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

// get returns the content key a request resolved to in generation gen.
func (r *resolver) get(k string, gen uint64) (string, bool) {
	r.mu.RLock()
	v, ok := r.keys[k]
	r.mu.RUnlock()
	return v.key, ok && v.gen == gen
}

func (r *resolver) put(k, v string, gen uint64) {
	r.mu.Lock()
	if len(r.keys) >= r.max {
		r.keys = map[string]resolved{}
	}
	r.keys[k] = resolved{v, gen}
	r.mu.Unlock()
}
