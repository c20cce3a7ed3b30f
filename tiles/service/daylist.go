package service

import (
	"context"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/lru"

	"github.com/paulmach/orb"
)

// DayLister is a store that lists every version on the map on a day with
// its bounding box (data.Store is one). A day is a few versions and every
// tile of the day asks which of them reach it: the Service keeps each
// day's list (Config.Days) and answers that from it, where the store was
// asked once a tile. Under random days and tiles of a long history (tile
// bodies missing the cache) that query was a third of a request's work on
// PostgreSQL.
type DayLister interface {
	VersionsOnDay(ctx context.Context, dataset string, day geo.Day) ([]geo.Version, []orb.Bound, error)
}

// dayKey names a day's list of a dataset in one generation of it.
type dayKey struct {
	dataset string
	day     geo.Day
	gen     uint64
}

// dayList is a day's versions, without geometry, and their bounds.
type dayList struct {
	vs     []geo.Version
	bounds []orb.Bound
}

// days keeps days' lists by dataset, day and generation: a change to the
// dataset (Changed) moves its generation, and lists of the old one are
// never asked again and fall out.
type days struct {
	lister DayLister
	lru    *lru.Map[dayKey, *dayList]
}

// dayListBytes is about what a kept list costs besides its versions.
const dayListBytes = 128

// versionBytes is about what a kept version without geometry costs.
const versionBytes = 160

func newDays(l DayLister, n int) *days {
	return &days{lister: l, lru: lru.New[dayKey, *dayList](int64(n) * (dayListBytes + 8*versionBytes))}
}

func (d *days) list(ctx context.Context, dataset string, day geo.Day, gen uint64) (*dayList, error) {
	k := dayKey{dataset, day, gen}
	if l, ok := d.lru.Get(k); ok {
		return l, nil
	}
	vs, bs, err := d.lister.VersionsOnDay(ctx, dataset, day)
	if err != nil {
		return nil, err
	}
	l := &dayList{vs: vs, bounds: bs}
	d.lru.Put(k, l, int64(dayListBytes+versionBytes*len(vs)))
	return l, nil
}

// daySource is the Service's source for one request's day tile: the
// versions of the day from the kept lists, the rest from the store.
type daySource struct {
	tiles.Source
	bare tiles.BareSource
	days *days
	gen  uint64
}

// source returns what a day tile of generation gen reads: s.src, or over
// it the kept lists of days where the store lists them and can fill in
// geometry.
func (s *Service) source(gen uint64) tiles.Source {
	bare, ok := s.src.(tiles.BareSource)
	if s.days == nil || !ok {
		return s.src
	}
	return daySource{Source: s.src, bare: bare, days: s.days, gen: gen}
}

// VersionsAtBare is the versions of the day's list whose bounds meet b, in
// the list's order (by id, as the store's), each a copy the caller may
// fill in.
func (d daySource) VersionsAtBare(ctx context.Context, dataset string, day geo.Day, b orb.Bound) ([]geo.Version, error) {
	l, err := d.days.list(ctx, dataset, day, d.gen)
	if err != nil {
		return nil, err
	}
	var out []geo.Version
	for i, v := range l.vs {
		if b == (orb.Bound{}) || l.bounds[i].Intersects(b) {
			out = append(out, v)
		}
	}
	return out, nil
}

// FillGeometry is the store's.
func (d daySource) FillGeometry(ctx context.Context, vs []geo.Version) error {
	return d.bare.FillGeometry(ctx, vs)
}
