package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"
)

// seedRegion is an entry of seed/regions.json.
type seedRegion struct {
	Slug    string   `json:"slug"`
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Country string   `json:"country"`
	ISO     string   `json:"iso"`
	Aliases []string `json:"aliases"`
}

// seedArticle is an entry of seed/articles.json.
type seedArticle struct {
	Title     string `json:"title"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	Summary   string `json:"summary"`
}

// seedMeta is what the seed dataset is given when a database is seeded:
// its title, attribution and licence.
var seedMeta = geo.DatasetEdit{
	Title:       ptr("frontline seed"),
	Attribution: ptr("Schematic approximation drawn by frontline; Natural Earth"),
	License:     ptr("Apache-2.0"),
}

func ptr(s string) *string { return &s }

// initialize loads the seed into a database that has never been
// initialized, in one transaction, and marks it initialized.
func (s *Store) initialize(ctx context.Context, seed bool) error {
	done, err := s.setting(ctx, "initialized")
	if err != nil || done != "" {
		return err
	}
	// Two servers starting at once on a new database: one seeds, the other
	// waits for the lock and finds it done.
	return s.importTx(ctx, false, nil, func(tx *txn) error {
		var again string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'initialized'`).Scan(&again); err == nil && again != "" {
			return nil
		}
		if seed {
			if err := s.loadSeed(ctx, tx); err != nil {
				return err
			}
			if err := setSetting(ctx, tx, "default_dataset", SeedDataset); err != nil {
				return err
			}
		}
		return setSetting(ctx, tx, "initialized", "1")
	})
}

func (s *Store) loadSeed(ctx context.Context, tx *txn) error {
	bm, err := seed.LoadBasemap()
	if err != nil {
		return err
	}
	regions, err := seedRegions(ctx, tx, s.actor, bm)
	if err != nil {
		return err
	}
	dsID, err := ensureDataset(ctx, tx, s.actor, SeedDataset, "frontline's seed history: Natural Earth outlines and control areas drawn by frontline at key dates (approximations, see each version's source)")
	if err != nil {
		return err
	}
	if err := editDataset(ctx, tx, s.actor, dsID, SeedDataset, seedMeta); err != nil {
		return err
	}
	cfg := ImportConfig{Dataset: SeedDataset}
	vs, err := seed.History()
	if err != nil {
		return err
	}
	var res ImportResult
	if err := s.importVersions(ctx, tx, vs.Versions, vs.Names, cfg, &res); err != nil {
		return err
	}
	// The seed observes from its first version's day; it has no last
	// observed day (nothing is "as of"), as its history is drawn, not read.
	first := geo.Forever
	for _, v := range vs.Versions {
		first = min(first, v.Valid.From)
	}
	if err := setObservedFrom(ctx, tx, s.actor, dsID, first); err != nil {
		return err
	}
	return seedArticles(ctx, tx, s.actor, geo.NewGazetteer(regions))
}

func seedRegions(ctx context.Context, tx *txn, actor string, bm *seed.Basemap) ([]geo.Region, error) {
	var srs []seedRegion
	if err := json.Unmarshal(seed.File("regions.json"), &srs); err != nil {
		return nil, fmt.Errorf("seed regions: %w", err)
	}
	var out []geo.Region
	for _, sr := range srs {
		kind, err := geo.ParseKind(sr.Kind)
		if err != nil {
			return nil, fmt.Errorf("seed region %s: %w", sr.Slug, err)
		}
		r := geo.Region{Slug: sr.Slug, Name: sr.Name, Kind: kind, Country: sr.Country, Aliases: sr.Aliases}
		var outline geo.BaseFeature
		if sr.ISO != "" {
			var ok bool
			if outline, ok = bm.Admin1(sr.ISO); !ok {
				return nil, fmt.Errorf("seed region %s: no Natural Earth unit %s", sr.Slug, sr.ISO)
			}
		}
		if _, err := putRegion(ctx, tx, actor, r, outline.Geometry); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func seedArticles(ctx context.Context, tx *txn, actor string, g *geo.Gazetteer) error {
	var sas []seedArticle
	if err := json.Unmarshal(seed.File("articles.json"), &sas); err != nil {
		return fmt.Errorf("seed articles: %w", err)
	}
	for _, sa := range sas {
		day, err := geo.ParseDay(sa.Published)
		if err != nil {
			return fmt.Errorf("seed article %q: %w", sa.Title, err)
		}
		a := geo.Article{Title: sa.Title, URL: sa.URL, Outlet: sa.Outlet, Published: day, Summary: sa.Summary}
		if err := ValidateArticle(a); err != nil {
			return err
		}
		a.Regions = g.Find(a.Title + "\n" + a.Summary)
		if _, err := insertArticle(ctx, tx, actor, a); err != nil {
			return fmt.Errorf("seed article %q: %w", sa.Title, err)
		}
	}
	return nil
}
