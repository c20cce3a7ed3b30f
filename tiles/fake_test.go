package tiles

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// fakeStore is an in-memory Store over a few versions, for handler tests.
type fakeStore struct {
	versions []geo.Version
}

var _ Store = (*fakeStore)(nil)

func newFakeStore() *fakeStore {
	return &fakeStore{versions: []geo.Version{
		testVersion(1, "crimea", "2014-02-27", "", lonLatBox(32.5, 44.4, 36.6, 46.2)),
		testVersion(2, "kursk-incursion", "2024-08-06", "2025-04-26", lonLatBox(34.9, 51.0, 35.6, 51.4)),
	}}
}

func (f *fakeStore) VersionsAt(ctx context.Context, dataset string, day geo.Day, b orb.Bound) ([]geo.Version, error) {
	var out []geo.Version
	for _, v := range f.versions {
		if v.Valid.Contains(day) && (b == orb.Bound{} || v.Geometry.Bound().Intersects(b)) {
			out = append(out, v)
		}
	}
	return out, nil
}

func (f *fakeStore) VersionsIn(ctx context.Context, dataset string, b orb.Bound) ([]geo.Version, error) {
	var out []geo.Version
	for _, v := range f.versions {
		if v.Geometry.Bound().Intersects(b) {
			out = append(out, v)
		}
	}
	return out, nil
}

func (f *fakeStore) ChangeDays(ctx context.Context, dataset string, b orb.Bound) ([]geo.Day, error) {
	return []geo.Day{geo.MustParseDay("2014-02-27"), geo.MustParseDay("2024-08-06"), geo.MustParseDay("2025-04-26")}, nil
}

func (f *fakeStore) Stats(ctx context.Context, dataset string, day geo.Day) (geo.Stats, error) {
	vs, _ := f.VersionsAt(ctx, dataset, day, orb.Bound{})
	figs, err := geo.Measure(vs, geo.Reference{})
	return geo.Stats{Dataset: dataset, Day: day, Figures: figs, Articles: []geo.Article{}}, err
}

func (f *fakeStore) Diff(ctx context.Context, dataset string, from, to geo.Day) (geo.DiffReport, error) {
	a, _ := f.VersionsAt(ctx, dataset, from, orb.Bound{})
	b, _ := f.VersionsAt(ctx, dataset, to, orb.Bound{})
	ch, err := geo.Diff(a, b, geo.Reference{})
	return geo.DiffReport{Dataset: dataset, From: from, To: to, Changes: ch}, err
}

func (f *fakeStore) Regions(ctx context.Context) ([]geo.Region, error) {
	return []geo.Region{{Slug: "crimea", Name: "Crimea", Kind: geo.KindAdmin}}, nil
}

func (f *fakeStore) Region(ctx context.Context, slug string) (geo.Region, error) {
	if slug == "crimea" {
		return geo.Region{Slug: "crimea", Name: "Crimea", Kind: geo.KindAdmin}, nil
	}
	return geo.Region{}, fmt.Errorf("region %q: %w", slug, geo.ErrNotFound)
}

func (f *fakeStore) Outline(ctx context.Context, slug string) (orb.MultiPolygon, error) {
	if _, err := f.Region(ctx, slug); err != nil {
		return nil, err
	}
	return lonLatBox(32.5, 44.4, 36.6, 46.2), nil
}

func (f *fakeStore) History(ctx context.Context, dataset, slug string) ([]geo.Version, error) {
	if _, err := f.Region(ctx, slug); err != nil {
		return nil, err
	}
	return f.versions[:1], nil
}

func (f *fakeStore) Articles(ctx context.Context, q geo.ArticleQuery) ([]geo.Article, error) {
	return nil, nil
}

func (f *fakeStore) Article(ctx context.Context, id int64) (geo.Article, error) {
	return geo.Article{}, fmt.Errorf("article %d: %w", id, geo.ErrNotFound)
}

func (f *fakeStore) AddArticle(ctx context.Context, a geo.Article) (geo.Article, error) {
	return a, nil
}

func (f *fakeStore) Datasets(ctx context.Context) ([]geo.Dataset, error) {
	return []geo.Dataset{{Name: "seed"}}, nil
}

func (f *fakeStore) DefaultDataset(ctx context.Context) (string, error) { return "seed", nil }

func (f *fakeStore) HasDataset(ctx context.Context, name string) (bool, error) {
	return name == "seed", nil
}

func fakeServer() *Server {
	return New(Config{Store: newFakeStore(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Token: "t"})
}
