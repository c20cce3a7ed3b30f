package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"

	"github.com/frontline-map/frontline/geo"
)

// FeedResult counts what a feed import did.
type FeedResult struct {
	Items   int      `json:"items"`
	Added   int      `json:"added"`
	Skipped int      `json:"skipped"` // already stored (same URL)
	IDs     []int64  `json:"ids,omitempty"`
	Regions []string `json:"regions,omitempty"` // the regions the new articles reference
}

// ImportFeed stores the articles of a feed (as feed.Articles makes them,
// linked to regions by the store's Gazetteer), in one transaction: an
// article whose URL is stored already is skipped.
func (s *Store) ImportFeed(ctx context.Context, items []geo.Article) (FeedResult, error) {
	res := FeedResult{Items: len(items)}
	seen := map[string]bool{}
	regions := map[string]bool{}
	err := s.tx(ctx, func(tx *txn) error {
		for _, it := range items {
			if seen[it.URL] {
				res.Skipped++
				continue
			}
			seen[it.URL] = true
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE url = ?`, it.URL).Scan(&id)
			if err == nil {
				res.Skipped++
				continue
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			a := it
			if err := ValidateArticle(a); err != nil {
				return err
			}
			if id, err = insertArticle(ctx, tx, s.actor, a); err != nil {
				return err
			}
			res.Added++
			res.IDs = append(res.IDs, id)
			for _, r := range a.Regions {
				regions[r] = true
			}
		}
		return nil
	})
	if err != nil {
		return FeedResult{Items: len(items)}, err
	}
	for r := range regions {
		res.Regions = append(res.Regions, r)
	}
	sort.Strings(res.Regions)
	return res, nil
}
