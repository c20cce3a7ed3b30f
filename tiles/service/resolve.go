package service

import (
	"strconv"
	"sync"
	"sync/atomic"
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

// resolved is a content key, whether the content was empty, and the
// dataset generation it was made in.
type resolved struct {
	key   string
	empty bool
	gen   uint64
}

func newResolver(max int) *resolver {
	return &resolver{max: max, keys: map[string]resolved{}}
}

// get returns what a request resolved to in generation gen.
func (r *resolver) get(k string, gen uint64) (resolved, bool) {
	r.mu.RLock()
	v, ok := r.keys[k]
	r.mu.RUnlock()
	return v, ok && v.gen == gen
}

func (r *resolver) put(k string, v resolved) {
	r.mu.Lock()
	if len(r.keys) >= r.max {
		r.keys = map[string]resolved{}
	}
	r.keys[k] = v
	r.mu.Unlock()
}

// generations counts the changes heard of per dataset (Service.Changed).
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

// requestKey names a request of kind with one allocation (every request
// makes one): the dataset, a NUL, then the day (or "all", or "base"), the
// kind and z/x/y separated by '|'. Basemap tiles have no dataset.
func requestKey(r Request, kind string) string {
	var buf [128]byte
	b := buf[:0]
	switch r.Set {
	case TemporalTiles:
		b = append(b, r.Dataset...)
		b = append(b, 0)
		b = append(b, "all"...)
		if r.Period.Valid() {
			b = append(b, '/')
			b = r.Period.From.AppendFormat(b)
		}
	case BaseTiles:
		b = append(b, 0)
		b = append(b, "base"...)
	default:
		b = append(b, r.Dataset...)
		b = append(b, 0)
		b = r.Day.AppendFormat(b)
	}
	b = append(b, '|')
	b = append(b, kind...)
	b = append(b, '|')
	t := r.Tile
	b = strconv.AppendInt(b, int64(t.Z), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(t.X), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(t.Y), 10)
	return string(b)
}
