package fake

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
)

// wobblyRing is a closed ring of n points around (lon, lat): an ellipse of
// radii rx, ry degrees, roughened like a coast or a front line.
func wobblyRing(lon, lat, rx, ry float64, n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		k := 1 + 0.06*math.Sin(17*a) + 0.03*math.Sin(61*a+1) + 0.012*math.Sin(233*a)
		r = append(r, orb.Point{lon + rx*k*math.Cos(a), lat + ry*k*math.Sin(a)})
	}
	return append(r, r[0])
}

func boxRing(minLon, minLat, maxLon, maxLat float64) orb.Ring {
	return orb.Ring{{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {minLon, minLat}}
}

// SeedLike is a store and basemap shaped like the seed: Ukraine with
// a 600-point border and 20 admin-1 units, Russia east of it, the Black
// Sea south, a 3,000-point occupied east, occupied Crimea, claims, a
// contested strip and the Kursk incursion growing and shrinking.
func SeedLike() (*SeedStore, *tiles.Basemap) {
	day := geo.MustParseDay
	v := func(id int64, region string, side geo.Side, status geo.Status, from, to string, mp orb.MultiPolygon) geo.Version {
		ver := geo.Version{ID: id, Dataset: "seed", Region: region, Side: side, Status: status, Geometry: geo.Normalize(mp),
			Valid: geo.Validity{From: day(from), To: geo.Forever}, Source: "approximation drawn by frontline for " + region}
		if to != "" {
			ver.Valid.To = day(to)
		}
		return ver
	}
	ru, ua := geo.SideRU, geo.SideUA
	occ, cont, claim := geo.StatusOccupied, geo.StatusContested, geo.StatusClaimed
	st := &SeedStore{Store: &Store{versions: []geo.Version{
		v(1, "crimea", ru, occ, "2014-02-27", "", orb.MultiPolygon{{wobblyRing(34.2, 45.3, 1.6, 0.75, 400)}}),
		v(2, "east", ru, occ, "2022-02-24", "", orb.MultiPolygon{{wobblyRing(38.3, 47.9, 2.4, 1.4, 3000)}}),
		v(3, "claim-east", ru, claim, "2022-09-30", "", orb.MultiPolygon{{boxRing(35.5, 46.2, 40.2, 50.0)}}),
		v(4, "front", ru, cont, "2023-01-01", "", orb.MultiPolygon{{boxRing(33.0, 47.0, 33.5, 47.6)}}),
		v(5, "kursk-incursion", ua, occ, "2024-08-06", "2024-08-20", orb.MultiPolygon{{wobblyRing(35.25, 51.2, 0.12, 0.07, 200)}}),
		v(6, "kursk-incursion", ua, occ, "2024-08-20", "2024-11-15", orb.MultiPolygon{{wobblyRing(35.25, 51.2, 0.3, 0.18, 200)}}),
		v(7, "kursk-incursion", ua, occ, "2024-11-15", "2025-04-26", orb.MultiPolygon{{wobblyRing(35.25, 51.2, 0.15, 0.1, 200)}}),
	}}}
	bm := &tiles.Basemap{Features: []geo.BaseFeature{
		{Layer: geo.LayerCountry, ISO: "UA", Name: "Ukraine", Geometry: orb.MultiPolygon{{wobblyRing(31.2, 48.4, 9.0, 4.0, 600)}}},
		{Layer: geo.LayerCountry, ISO: "RU", Name: "Russia", Geometry: orb.MultiPolygon{{boxRing(38.0, 44.0, 48.0, 56.0)}}},
	}, Places: []geo.Place{}}
	for i := range 5 {
		for j := range 4 {
			lon, lat := 22.5+3.6*float64(i), 44.6+2.0*float64(j)
			bm.Features = append(bm.Features, geo.BaseFeature{Layer: geo.LayerAdmin1, Name: "unit",
				Geometry: orb.MultiPolygon{{boxRing(lon, lat, lon+3.6, lat+2.0)}}})
		}
	}
	for _, p := range []struct {
		name     string
		lon, lat float64
		rank     int
	}{{"Kyiv", 30.52, 50.45, 1}, {"Kharkiv", 36.23, 49.99, 2}, {"Donetsk", 37.80, 48.00, 2}, {"Odesa", 30.73, 46.48, 2},
		{"Simferopol", 34.10, 44.95, 2}, {"Sudzha", 35.27, 51.19, 3}, {"Lviv", 24.03, 49.84, 2}, {"Dnipro", 35.05, 48.46, 2}} {
		bm.Places = append(bm.Places, geo.Place{Name: p.name, Lon: p.lon, Lat: p.lat, Rank: p.rank})
	}
	return st, bm
}

// SeedStore is Store with the change days, regions and histories of
// its versions.
type SeedStore struct {
	*Store
	measured sync.Map // stats by day, as data.Store memoises them by version ids
}

func (s *SeedStore) Stats(ctx context.Context, dataset string, day geo.Day) (geo.Stats, error) {
	vs, _ := s.VersionsAt(ctx, dataset, day, orb.Bound{})
	key := fmt.Sprint(versionIDs(vs))
	if st, ok := s.measured.Load(key); ok {
		st := st.(geo.Stats)
		st.Day = day
		return st, nil
	}
	st, err := s.Store.Stats(ctx, dataset, day)
	if err == nil {
		s.measured.Store(key, st)
	}
	return st, err
}

func versionIDs(vs []geo.Version) []int64 {
	var ids []int64
	for _, v := range vs {
		ids = append(ids, v.ID)
	}
	return ids
}

func (s *SeedStore) ChangeDays(ctx context.Context, dataset string, b orb.Bound) ([]geo.Day, error) {
	var days []geo.Day
	for _, v := range s.versions {
		if b == (orb.Bound{}) || v.Geometry.Bound().Intersects(b) {
			days = append(days, v.Valid.From)
			if !v.Valid.Open() {
				days = append(days, v.Valid.To)
			}
		}
	}
	slices.Sort(days)
	return slices.Compact(days), nil
}

func (s *SeedStore) Region(ctx context.Context, slug string) (geo.Region, error) {
	for _, v := range s.versions {
		if v.Region == slug {
			return geo.Region{Slug: slug, Name: strings.ToUpper(slug[:1]) + strings.ReplaceAll(slug[1:], "-", " "), Kind: geo.KindControl}, nil
		}
	}
	return geo.Region{}, fmt.Errorf("region %q: %w", slug, geo.ErrNotFound)
}

func (s *SeedStore) Outline(ctx context.Context, slug string) (orb.MultiPolygon, error) {
	_, err := s.Region(ctx, slug)
	return nil, err
}

func (s *SeedStore) History(ctx context.Context, dataset, slug string) ([]geo.Version, error) {
	var out []geo.Version
	for _, v := range s.versions {
		if v.Region == slug {
			out = append(out, v)
		}
	}
	return out, nil
}
