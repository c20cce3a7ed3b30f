// Package fake holds in-memory stores for the tests of tiles' packages:
// Store, a couple of versions for handler tests, and SeedLike, shaped like
// the seed for pictures. They satisfy the interfaces the packages declare.
// Style is the frozen style of the reference hashes.
package fake

import (
	"context"
	"fmt"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// Store is an in-memory store over a few versions, for handler tests.
type Store struct {
	versions []geo.Version
	meta     map[string]geo.Dataset // what describes a dataset, by name (SetDataset)
	Actors   []string               // who made each EditDataset
}

// NewStore is a Store with occupied Crimea and the Kursk incursion.
func NewStore() *Store {
	return &Store{versions: []geo.Version{
		Version(1, "crimea", "2014-02-27", "", LonLatBox(32.5, 44.4, 36.6, 46.2)),
		Version(2, "kursk-incursion", "2024-08-06", "2025-04-26", LonLatBox(34.9, 51.0, 35.6, 51.4)),
	}}
}

func (f *Store) VersionsAt(ctx context.Context, dataset string, day geo.Day, b orb.Bound) ([]geo.Version, error) {
	var out []geo.Version
	for _, v := range f.versions {
		if v.Valid.Contains(day) && (b == orb.Bound{} || v.Geometry.Bound().Intersects(b)) {
			out = append(out, v)
		}
	}
	return out, nil
}

func (f *Store) VersionsIn(ctx context.Context, dataset string, b orb.Bound) ([]geo.Version, error) {
	var out []geo.Version
	for _, v := range f.versions {
		if v.Geometry.Bound().Intersects(b) {
			out = append(out, v)
		}
	}
	return out, nil
}

func (f *Store) ChangeDays(ctx context.Context, dataset string, b orb.Bound) ([]geo.Day, error) {
	return []geo.Day{geo.MustParseDay("2014-02-27"), geo.MustParseDay("2024-08-06"), geo.MustParseDay("2025-04-26")}, nil
}

func (f *Store) Stats(ctx context.Context, dataset string, day geo.Day) (geo.Stats, error) {
	vs, _ := f.VersionsAt(ctx, dataset, day, orb.Bound{})
	figs, err := geo.Measure(ctx, vs, geo.Reference{})
	return geo.Stats{Dataset: dataset, Day: day, Figures: figs, Articles: []geo.Article{}}, err
}

// Series is the figures of Stats on from and on each change day after it
// up to to (from 0: the first change day).
func (f *Store) Series(ctx context.Context, dataset string, from, to geo.Day, byOblast bool) (geo.FigureSeries, error) {
	days, _ := f.ChangeDays(ctx, dataset, orb.Bound{})
	if from == 0 {
		from = days[0]
	}
	if from > to {
		return geo.FigureSeries{}, geo.Invalidf("from %s is after to %s", from, to)
	}
	out := geo.FigureSeries{Dataset: dataset, From: from, To: to, Days: []geo.SeriesDay{}}
	if byOblast {
		out.By = "oblast"
	}
	for i, d := range days {
		if d > to || (i+1 < len(days) && days[i+1] <= from) {
			continue
		}
		e := geo.SeriesDay{Day: max(d, from)}
		if byOblast {
			st, err := f.StatsByOblast(ctx, dataset, e.Day)
			if err != nil {
				return out, err
			}
			for _, a := range st.Areas {
				sa := geo.SeriesArea{ISO: a.ISO}
				for _, fig := range a.Figures {
					sa.Figures = append(sa.Figures, geo.NewSeriesFigure(fig))
				}
				e.Areas = append(e.Areas, sa)
			}
		} else {
			st, err := f.Stats(ctx, dataset, e.Day)
			if err != nil {
				return out, err
			}
			for _, fig := range st.Figures {
				e.Figures = append(e.Figures, geo.NewSeriesFigure(fig))
			}
		}
		out.Days = append(out.Days, e)
	}
	return out, nil
}

func (f *Store) Diff(ctx context.Context, dataset string, from, to geo.Day) (geo.DiffReport, error) {
	a, _ := f.VersionsAt(ctx, dataset, from, orb.Bound{})
	b, _ := f.VersionsAt(ctx, dataset, to, orb.Bound{})
	ch, err := geo.Diff(ctx, a, b, geo.Reference{})
	return geo.DiffReport{Dataset: dataset, From: from, To: to, Changes: ch}, err
}

func (f *Store) Regions(ctx context.Context) ([]geo.Region, error) {
	return []geo.Region{{Slug: "crimea", Name: "Crimea", Kind: geo.KindAdmin}}, nil
}

func (f *Store) Region(ctx context.Context, slug string) (geo.Region, error) {
	if slug == "crimea" {
		return geo.Region{Slug: "crimea", Name: "Crimea", Kind: geo.KindAdmin}, nil
	}
	return geo.Region{}, fmt.Errorf("region %q: %w", slug, geo.ErrNotFound)
}

func (f *Store) Outline(ctx context.Context, slug string) (orb.MultiPolygon, error) {
	if _, err := f.Region(ctx, slug); err != nil {
		return nil, err
	}
	return LonLatBox(32.5, 44.4, 36.6, 46.2), nil
}

func (f *Store) History(ctx context.Context, dataset, slug string) ([]geo.Version, error) {
	if _, err := f.Region(ctx, slug); err != nil {
		return nil, err
	}
	return f.versions[:1], nil
}

func (f *Store) Articles(ctx context.Context, q geo.ArticleQuery) ([]geo.Article, error) {
	return nil, nil
}

func (f *Store) Article(ctx context.Context, id int64) (geo.Article, error) {
	return geo.Article{}, fmt.Errorf("article %d: %w", id, geo.ErrNotFound)
}

func (f *Store) AddArticle(ctx context.Context, a geo.Article) (geo.Article, error) {
	return a, nil
}

func (f *Store) Datasets(ctx context.Context) ([]geo.Dataset, error) {
	d, _ := f.Dataset(ctx, "seed")
	return []geo.Dataset{d}, nil
}

// Dataset describes a dataset: as SetDataset set it, else by its name
// alone; one HasDataset does not know is geo.ErrNotFound.
func (f *Store) Dataset(ctx context.Context, name string) (geo.Dataset, error) {
	if ok, _ := f.HasDataset(ctx, name); !ok {
		return geo.Dataset{}, fmt.Errorf("dataset %q: %w", name, geo.ErrNotFound)
	}
	if d, ok := f.meta[name]; ok {
		return d, nil
	}
	return geo.Dataset{Name: name}, nil
}

// EditDataset changes what describes a dataset as data.Store does: the
// edit's values checked (geo.ErrInvalid), an unknown dataset
// geo.ErrNotFound. Actors lists who made each edit (geo.Actor).
func (f *Store) EditDataset(ctx context.Context, name string, e geo.DatasetEdit) (geo.Dataset, error) {
	d, err := f.Dataset(ctx, name)
	if err != nil {
		return d, err
	}
	e, err = e.Normalize()
	if err != nil {
		return geo.Dataset{}, err
	}
	d = e.Apply(d)
	f.SetDataset(d)
	f.Actors = append(f.Actors, geo.Actor(ctx))
	return d, nil
}

// SetDataset sets what describes the dataset d.Name (its title,
// attribution, licence, observed range...). It is not safe for use
// concurrent with reads.
func (f *Store) SetDataset(d geo.Dataset) {
	if f.meta == nil {
		f.meta = map[string]geo.Dataset{}
	}
	f.meta[d.Name] = d
}

func (f *Store) DefaultDataset(ctx context.Context) (string, error) { return "seed", nil }

func (f *Store) HasDataset(ctx context.Context, name string) (bool, error) {
	return name == "seed", nil
}

// LonLatBox is a rectangle [lon, lat].
func LonLatBox(minLon, minLat, maxLon, maxLat float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {minLon, minLat}}}}
}

// Version is an occupied version of the "test" dataset valid from, to ("" for open).
func Version(id int64, region string, from, to string, g orb.MultiPolygon) geo.Version {
	v := geo.Version{ID: id, Dataset: "test", Region: region, Side: geo.SideRU, Status: geo.StatusOccupied, Geometry: g,
		Valid: geo.Validity{From: geo.MustParseDay(from), To: geo.Forever}, Source: "test"}
	if to != "" {
		v.Valid.To = geo.MustParseDay(to)
	}
	return v
}

// Add adds versions to the store (ids after those it has). It is not
// safe for use concurrent with reads.
func (f *Store) Add(vs ...geo.Version) { f.versions = append(f.versions, vs...) }

// Versions returns the store's versions, in id order.
func (f *Store) Versions() []geo.Version { return f.versions }

// Ping answers: the fake database is always there.
func (f *Store) Ping(ctx context.Context) error { return nil }

// StatsByOblast measures the versions inside one made-up oblast around
// Crimea.
func (f *Store) StatsByOblast(ctx context.Context, dataset string, day geo.Day) (geo.StatsByArea, error) {
	vs, _ := f.VersionsAt(ctx, dataset, day, orb.Bound{})
	ref := geo.NewReference("Crimea", LonLatBox(32.4, 44.3, 36.7, 46.3))
	figs, err := geo.MeasureEach(ctx, vs, []geo.Reference{ref})
	if err != nil {
		return geo.StatsByArea{}, err
	}
	return geo.StatsByArea{Dataset: dataset, Day: day, By: "oblast",
		Areas: []geo.AreaStats{{ISO: "UA-43", Name: "Crimea", Country: "UA", AreaKm2: ref.AreaKm2, Figures: figs[0]}}}, nil
}
