package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// Tables is the whole content of a store, table by table, as typed rows:
// what a copy between stores reads and compares. Each table is in id order
// (settings by key, links by article and target); ids are the store's own.
// It holds no versions' geometries: Snapshot.Geometry reads them one at a
// time.
type Tables struct {
	Datasets        []DatasetRow
	Regions         []RegionRow
	Versions        []VersionRow
	Articles        []ArticleRow
	ArticleRegions  []LinkRow // an article and a region
	ArticleVersions []LinkRow // an article and a version
	Settings        []SettingRow
	Editors         []EditorRow
	Audit           []AuditRow
}

// DatasetRow is a row of datasets.
type DatasetRow struct {
	ID      int64
	Name    string
	Created string // when the store got the dataset, RFC 3339
	Meta    DatasetMeta
}

// DatasetMeta is what describes a dataset (geo.Dataset): two are equal
// (==) when they describe it alike.
type DatasetMeta struct {
	Description, Title, Attribution, License, SourceURL string
	ObservedFrom, ObservedTo                            sql.Null[geo.Day]
}

// RegionRow is a row of regions.
type RegionRow struct {
	ID                                 int64
	Slug, Name, Kind, Country, Aliases string
	Outline                            []byte // WKB (EPSG:4326, [lon, lat]), nil for none; only if asked for
}

// VersionRow is a row of versions without its geometry: Dataset and
// Region are the ids of its dataset and region, Side and Status as stored
// ("ru", "occupied"), Hash the SHA-256 of its WKB geometry.
type VersionRow struct {
	ID, Dataset, Region int64
	Side, Status        string
	From, To            geo.Day // valid [From, To); To is geo.Forever when open
	Hash                []byte
	AreaKm2             float64
	Source              string
}

// ArticleRow is a row of articles.
type ArticleRow struct {
	ID                          int64
	Title, URL, Outlet, Summary string
	Published                   geo.Day
}

// LinkRow is a row of article_regions (Target a region's id) or
// article_versions (Target a version's id).
type LinkRow struct{ Article, Target int64 }

// SettingRow is a row of settings.
type SettingRow struct{ Key, Value string }

// EditorRow is a row of editors: TokenHash is the SHA-256 of the token,
// Datasets the scope as stored (names joined by ',', "" for every
// dataset), Revoked when it was revoked (RFC 3339) or not valid.
type EditorRow struct {
	ID                      int64
	Name, Created, Datasets string
	TokenHash               []byte
	Revoked                 sql.NullString
}

// AuditRow is a row of the audit log as stored: At is its RFC 3339 text,
// EntityID not valid when the row names no entity.
type AuditRow struct {
	ID                                        int64
	At, Actor, Action, Entity, Source, Detail string
	EntityID                                  sql.NullInt64
}

// tableRead is the query of one table and how to scan a row of it.
type tableRead struct {
	q    string
	scan func(*sql.Rows) error
}

// readTables reads a store's rows in id order (outlines too if outlines).
func readTables(ctx context.Context, q queryRower, d dialect, outlines bool) (*Tables, error) {
	t := &Tables{}
	outline := `NULL`
	if outlines {
		outline = d.geomOut("outline")
	}
	for _, r := range append(t.readsOfMaps(outline), t.readsOfOthers()...) {
		if err := scanRows(ctx, q, r.q, r.scan); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(t.Settings, func(a, b SettingRow) int { return strings.Compare(a.Key, b.Key) })
	return t, nil
}

// readsOfMaps reads datasets, regions and versions into t.
func (t *Tables) readsOfMaps(outline string) []tableRead {
	return []tableRead{
		{`SELECT id, name, description, created, title, attribution, license, source_url, observed_from, observed_to FROM datasets ORDER BY id`, func(r *sql.Rows) error {
			var d DatasetRow
			var from, to sql.NullInt64
			m := &d.Meta
			err := r.Scan(&d.ID, &d.Name, &m.Description, &d.Created, &m.Title, &m.Attribution, &m.License, &m.SourceURL, &from, &to)
			m.ObservedFrom, m.ObservedTo = dayOf(from), dayOf(to)
			t.Datasets = append(t.Datasets, d)
			return err
		}},
		{`SELECT id, slug, name, kind, country, aliases, ` + outline + ` FROM regions ORDER BY id`, func(r *sql.Rows) error {
			var g RegionRow
			err := r.Scan(&g.ID, &g.Slug, &g.Name, &g.Kind, &g.Country, &g.Aliases, &g.Outline)
			t.Regions = append(t.Regions, g)
			return err
		}},
		{`SELECT id, dataset_id, region_id, side, status, valid_from, valid_to, geom_hash, area_km2, source FROM versions ORDER BY id`, func(r *sql.Rows) error {
			var v VersionRow
			var from, to int64
			err := r.Scan(&v.ID, &v.Dataset, &v.Region, &v.Side, &v.Status, &from, &to, &v.Hash, &v.AreaKm2, &v.Source)
			v.From, v.To = geo.Day(from), geo.Day(to)
			t.Versions = append(t.Versions, v)
			return err
		}},
	}
}

// readsOfOthers reads articles, their links, settings, editors and the
// audit log into t.
func (t *Tables) readsOfOthers() []tableRead {
	return []tableRead{
		{`SELECT id, title, url, outlet, published, summary FROM articles ORDER BY id`, func(r *sql.Rows) error {
			var a ArticleRow
			var published int64
			err := r.Scan(&a.ID, &a.Title, &a.URL, &a.Outlet, &published, &a.Summary)
			a.Published = geo.Day(published)
			t.Articles = append(t.Articles, a)
			return err
		}},
		{`SELECT article_id, region_id FROM article_regions ORDER BY article_id, region_id`, func(r *sql.Rows) error {
			var l LinkRow
			err := r.Scan(&l.Article, &l.Target)
			t.ArticleRegions = append(t.ArticleRegions, l)
			return err
		}},
		{`SELECT article_id, version_id FROM article_versions ORDER BY article_id, version_id`, func(r *sql.Rows) error {
			var l LinkRow
			err := r.Scan(&l.Article, &l.Target)
			t.ArticleVersions = append(t.ArticleVersions, l)
			return err
		}},
		{`SELECT key, value FROM settings`, func(r *sql.Rows) error {
			var s SettingRow
			err := r.Scan(&s.Key, &s.Value)
			t.Settings = append(t.Settings, s)
			return err
		}},
		{`SELECT id, name, token_hash, created, revoked, datasets FROM editors ORDER BY id`, func(r *sql.Rows) error {
			var e EditorRow
			err := r.Scan(&e.ID, &e.Name, &e.TokenHash, &e.Created, &e.Revoked, &e.Datasets)
			t.Editors = append(t.Editors, e)
			return err
		}},
		{`SELECT id, at, actor, action, entity, entity_id, source, detail FROM audit ORDER BY id`, func(r *sql.Rows) error {
			var a AuditRow
			err := r.Scan(&a.ID, &a.At, &a.Actor, &a.Action, &a.Entity, &a.EntityID, &a.Source, &a.Detail)
			t.Audit = append(t.Audit, a)
			return err
		}},
	}
}

func scanRows(ctx context.Context, q queryRower, query string, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// dayOf and nullDay convert a nullable day between its column and
// sql.Null[geo.Day], which database/sql cannot pass as a parameter.
func dayOf(n sql.NullInt64) sql.Null[geo.Day] {
	return sql.Null[geo.Day]{V: geo.Day(n.Int64), Valid: n.Valid}
}

func nullDay(n sql.Null[geo.Day]) sql.NullInt64 {
	return sql.NullInt64{Int64: int64(n.V), Valid: n.Valid}
}
