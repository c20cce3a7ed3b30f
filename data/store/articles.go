package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// Articles returns the articles matching q, newest first.
func (s *Store) Articles(ctx context.Context, q geo.ArticleQuery) ([]geo.Article, error) {
	sqlq := `SELECT a.id, a.title, a.url, a.outlet, a.published, a.summary FROM articles a`
	var where []string
	var args []any
	if q.Region != "" {
		if _, err := s.Region(ctx, q.Region); err != nil {
			return nil, err
		}
		sqlq += ` JOIN article_regions ar ON ar.article_id = a.id JOIN regions r ON r.id = ar.region_id`
		where = append(where, `r.slug = ?`)
		args = append(args, q.Region)
	}
	if q.From != 0 {
		where = append(where, `a.published >= ?`)
		args = append(args, int64(q.From))
	}
	if q.To != 0 {
		where = append(where, `a.published <= ?`)
		args = append(args, int64(q.To))
	}
	if len(where) > 0 {
		sqlq += ` WHERE ` + strings.Join(where, ` AND `)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 1000
	}
	sqlq += ` ORDER BY a.published DESC, a.id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, sqlq, args...)
	if err != nil {
		return nil, fmt.Errorf("articles: %w", err)
	}
	var out []geo.Article
	for rows.Next() {
		var a geo.Article
		var pub int64
		if err := rows.Scan(&a.ID, &a.Title, &a.URL, &a.Outlet, &pub, &a.Summary); err != nil {
			rows.Close()
			return nil, err
		}
		a.Published = geo.Day(pub)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.articleLinks(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Article returns one article by id.
func (s *Store) Article(ctx context.Context, id int64) (geo.Article, error) {
	var a geo.Article
	var pub int64
	err := s.db.QueryRowContext(ctx, `SELECT id, title, url, outlet, published, summary FROM articles WHERE id = ?`, id).
		Scan(&a.ID, &a.Title, &a.URL, &a.Outlet, &pub, &a.Summary)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("%w: article %d", ErrNotFound, id)
	}
	if err != nil {
		return a, fmt.Errorf("article %d: %w", id, err)
	}
	a.Published = geo.Day(pub)
	return a, s.articleLinks(ctx, &a)
}

func (s *Store) articleLinks(ctx context.Context, a *geo.Article) error {
	a.Regions = []string{}
	rows, err := s.db.QueryContext(ctx, `SELECT r.slug FROM article_regions ar JOIN regions r ON r.id = ar.region_id WHERE ar.article_id = ? ORDER BY r.slug`, a.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			rows.Close()
			return err
		}
		a.Regions = append(a.Regions, slug)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT version_id FROM article_versions WHERE article_id = ? ORDER BY version_id`, a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		a.Versions = append(a.Versions, id)
	}
	return rows.Err()
}

// Gazetteer returns a gazetteer over the store's regions.
func (s *Store) Gazetteer(ctx context.Context) (*geo.Gazetteer, error) {
	rs, err := s.Regions(ctx)
	if err != nil {
		return nil, err
	}
	return geo.NewGazetteer(rs), nil
}

// ValidateArticle checks the fields an article must have.
func ValidateArticle(a geo.Article) error {
	var problems []string
	if strings.TrimSpace(a.Title) == "" {
		problems = append(problems, "title is empty")
	}
	if u, err := url.Parse(a.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, "url "+geo.Echo(a.URL)+" is not an http(s) URL")
	}
	if a.Published == 0 {
		problems = append(problems, "published day is missing")
	}
	if err := a.CheckText(); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return &geo.ValidationError{Problems: []geo.Problem{{What: "article " + geo.Echo(a.Title), Why: strings.Join(problems, "; ")}}}
	}
	return nil
}

// AddArticle stores an article. If a.Regions is empty the gazetteer finds
// them in the title and summary. The article is linked to the versions of
// its regions that are on the map on its published day, in every dataset.
// It returns the article as stored.
func (s *Store) AddArticle(ctx context.Context, a geo.Article) (geo.Article, error) {
	if err := ValidateArticle(a); err != nil {
		return a, err
	}
	if len(a.Regions) == 0 {
		g, err := s.Gazetteer(ctx)
		if err != nil {
			return a, err
		}
		a.Regions = g.Find(a.Title + "\n" + a.Summary)
	}
	var id int64
	err := s.tx(ctx, func(tx *txn) (err error) {
		id, err = insertArticle(ctx, tx, s.actor, a)
		return err
	})
	if err != nil {
		return a, fmt.Errorf("add article: %w", err)
	}
	return s.Article(ctx, id)
}

func insertArticle(ctx context.Context, tx *txn, actor string, a geo.Article) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO articles(title, url, outlet, published, summary) VALUES(?,?,?,?,?) RETURNING id`,
		a.Title, a.URL, a.Outlet, int64(a.Published), a.Summary).Scan(&id)
	if err != nil {
		if tx.d.unique(err) {
			return 0, &geo.ValidationError{Problems: []geo.Problem{{What: "article " + geo.Echo(a.URL), Why: "an article with this URL exists"}}}
		}
		return 0, err
	}
	for _, slug := range a.Regions {
		rid, _, err := regionID(ctx, tx, actor, slug, false)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_regions(article_id, region_id) VALUES(?,?) ON CONFLICT DO NOTHING`, id, rid); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_versions(article_id, version_id)
			SELECT ?, id FROM versions WHERE region_id = ? AND valid_from <= ? AND ? < valid_to ON CONFLICT DO NOTHING`,
			id, rid, int64(a.Published), int64(a.Published)); err != nil {
			return 0, err
		}
	}
	return id, audit(ctx, tx, actor, "insert", "article", id, a.URL, a.Title)
}
