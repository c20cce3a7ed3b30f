package store

import "context"

// Load runs fn with a Writer: one transaction that holds the store's
// import lock (one import or copy at a time over a database, whatever
// process runs it), committed when fn returns nil and rolled back, nothing
// written, when it returns an error or ctx ends. When another import holds
// the lock, Load waits for it, calling waiting (if not nil) once.
//
// The Writer writes rows as they are given, with their text, hashes and
// WKB bytes unchanged, so that a copy between stores keeps every
// geom_hash and token hash; it writes no audit rows of its own (Audit and
// InsertAudit do). The caller keeps the store's rules: a version that
// overlaps another of its region in its dataset is refused on PostgreSQL
// only. Once committed, the figures of each dataset whose versions
// changed are brought up to date (RefreshFigures).
func (s *Store) Load(ctx context.Context, waiting func(), fn func(w *Writer) error) error {
	err := s.importTx(ctx, false, waiting, func(tx *txn) error {
		return fn(&Writer{s: s, tx: tx})
	})
	if err != nil {
		return err
	}
	names, err := s.datasetNames(ctx)
	if err != nil {
		return err
	}
	for _, name := range names {
		s.figuresAfterWrite(ctx, name)
	}
	return nil
}

// Writer writes typed rows in the transaction of Load. Each insert returns
// the id the store gave the row; ids given in rows are not used.
type Writer struct {
	s  *Store
	tx *txn
}

// Tables reads the whole store as the transaction sees it (the rows
// written so far included), the regions' outlines too if outlines.
func (w *Writer) Tables(ctx context.Context, outlines bool) (*Tables, error) {
	return readTables(ctx, w.tx, w.tx.d, outlines)
}

func (w *Writer) exec(ctx context.Context, q string, args ...any) error {
	_, err := w.tx.ExecContext(ctx, q, args...)
	return err
}

func (w *Writer) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := w.tx.QueryRowContext(ctx, q+` RETURNING id`, args...).Scan(&id)
	return id, err
}

// InsertDataset adds a dataset.
func (w *Writer) InsertDataset(ctx context.Context, d DatasetRow) (int64, error) {
	m := d.Meta
	return w.insert(ctx, `INSERT INTO datasets(name, description, created, title, attribution, license, source_url, observed_from, observed_to) VALUES(?,?,?,?,?,?,?,?,?)`,
		d.Name, m.Description, d.Created, m.Title, m.Attribution, m.License, m.SourceURL, nullDay(m.ObservedFrom), nullDay(m.ObservedTo))
}

// UpdateDataset sets what describes dataset id, and when it was created,
// to d's; its name stays.
func (w *Writer) UpdateDataset(ctx context.Context, id int64, d DatasetRow) error {
	m := d.Meta
	return w.exec(ctx, `UPDATE datasets SET description = ?, created = ?, title = ?, attribution = ?, license = ?, source_url = ?, observed_from = ?, observed_to = ? WHERE id = ?`,
		m.Description, d.Created, m.Title, m.Attribution, m.License, m.SourceURL, nullDay(m.ObservedFrom), nullDay(m.ObservedTo), id)
}

// InsertRegion adds a region with its outline.
func (w *Writer) InsertRegion(ctx context.Context, r RegionRow) (int64, error) {
	return w.insert(ctx, `INSERT INTO regions(slug, name, kind, country, aliases, outline) VALUES(?,?,?,?,?,`+w.tx.d.geomIn()+`)`,
		r.Slug, r.Name, r.Kind, r.Country, r.Aliases, r.Outline)
}

// UpdateRegion sets region id's name, kind, country, aliases and outline
// to r's; its slug stays.
func (w *Writer) UpdateRegion(ctx context.Context, id int64, r RegionRow) error {
	return w.exec(ctx, `UPDATE regions SET name = ?, kind = ?, country = ?, aliases = ?, outline = `+w.tx.d.geomIn()+` WHERE id = ?`,
		r.Name, r.Kind, r.Country, r.Aliases, r.Outline, id)
}

// InsertVersion adds version v (its Dataset and Region ids of this store)
// with geometry wkb, the bytes v.Hash hashes, and its bounding box. It
// returns the new id and the geometry as the store now holds it (WKB), for
// the caller to compare with wkb.
func (w *Writer) InsertVersion(ctx context.Context, v VersionRow, wkb []byte) (int64, []byte, error) {
	d := w.tx.d
	var id int64
	var stored []byte
	err := w.tx.QueryRowContext(ctx, `INSERT INTO versions(dataset_id, region_id, side, status, valid_from, valid_to, geom, geom_hash, area_km2, source)
		VALUES(?,?,?,?,?,?,`+d.geomIn()+`,?,?,?) RETURNING id, `+d.geomOut("geom"),
		v.Dataset, v.Region, v.Side, v.Status, int64(v.From), int64(v.To), wkb, v.Hash, v.AreaKm2, v.Source).Scan(&id, &stored)
	if err != nil || d.pg {
		return id, stored, err
	}
	mp, err := decodeGeom(wkb)
	if err != nil {
		return 0, nil, err
	}
	b := mp.Bound()
	err = w.exec(ctx, `INSERT INTO versions_bbox(id, min_lon, max_lon, min_lat, max_lat) VALUES(?,?,?,?,?)`,
		id, b.Min[0], b.Max[0], b.Min[1], b.Max[1])
	return id, stored, err
}

// DeleteVersion removes version id, its bounding box and its links to
// articles.
func (w *Writer) DeleteVersion(ctx context.Context, id int64) error {
	qs := []string{`DELETE FROM versions_bbox WHERE id = ?`, `DELETE FROM versions WHERE id = ?`}
	if w.tx.d.pg {
		qs = qs[1:]
	}
	for _, q := range qs {
		if err := w.exec(ctx, q, id); err != nil {
			return err
		}
	}
	w.s.geomMemo.forget(id)
	return nil
}

// InsertArticle adds an article, without links.
func (w *Writer) InsertArticle(ctx context.Context, a ArticleRow) (int64, error) {
	return w.insert(ctx, `INSERT INTO articles(title, url, outlet, published, summary) VALUES(?,?,?,?,?)`,
		a.Title, a.URL, a.Outlet, int64(a.Published), a.Summary)
}

// UpdateArticle sets article id's title, outlet, published day and
// summary to a's; its URL and links stay.
func (w *Writer) UpdateArticle(ctx context.Context, id int64, a ArticleRow) error {
	return w.exec(ctx, `UPDATE articles SET title = ?, outlet = ?, published = ?, summary = ? WHERE id = ?`,
		a.Title, a.Outlet, int64(a.Published), a.Summary, id)
}

// LinkTable is one of the tables that link articles to what they are
// about.
type LinkTable uint8

// The link tables.
const (
	ArticleRegions  LinkTable = iota // article_regions: LinkRow.Target is a region
	ArticleVersions                  // article_versions: LinkRow.Target is a version
)

// sql is the table and its target column.
func (t LinkTable) sql() (table, column string) {
	if t == ArticleVersions {
		return "article_versions", "version_id"
	}
	return "article_regions", "region_id"
}

// Link adds link l to table t.
func (w *Writer) Link(ctx context.Context, t LinkTable, l LinkRow) error {
	table, col := t.sql()
	return w.exec(ctx, `INSERT INTO `+table+`(article_id, `+col+`) VALUES(?,?)`, l.Article, l.Target)
}

// Unlink removes link l from table t.
func (w *Writer) Unlink(ctx context.Context, t LinkTable, l LinkRow) error {
	table, col := t.sql()
	return w.exec(ctx, `DELETE FROM `+table+` WHERE article_id = ? AND `+col+` = ?`, l.Article, l.Target)
}

// SetSetting sets a setting, adding it if the store has none of that key.
func (w *Writer) SetSetting(ctx context.Context, s SettingRow) error {
	return setSetting(ctx, w.tx, s.Key, s.Value)
}

// InsertEditor adds an editor with its token hash (the token keeps
// working), scope and revocation.
func (w *Writer) InsertEditor(ctx context.Context, e EditorRow) (int64, error) {
	return w.insert(ctx, `INSERT INTO editors(name, token_hash, created, revoked, datasets) VALUES(?,?,?,?,?)`, e.Name, e.TokenHash, e.Created, e.Revoked, e.Datasets)
}

// UpdateEditor sets editor id's token hash, creation, revocation and
// scope to e's; its name stays.
func (w *Writer) UpdateEditor(ctx context.Context, id int64, e EditorRow) error {
	return w.exec(ctx, `UPDATE editors SET token_hash = ?, created = ?, revoked = ?, datasets = ? WHERE id = ?`, e.TokenHash, e.Created, e.Revoked, e.Datasets, id)
}

// InsertAudit appends a row to the audit log as it is given (its time and
// actor too): another store's row, its EntityID one of this store's.
func (w *Writer) InsertAudit(ctx context.Context, a AuditRow) error {
	return w.exec(ctx, `INSERT INTO audit(at, actor, action, entity, entity_id, source, detail) VALUES(?,?,?,?,?,?,?)`,
		a.At, a.Actor, a.Action, a.Entity, a.EntityID, a.Source, a.Detail)
}

// Audit appends a row of now to the audit log, by the context's actor
// (WithActor) or else the store's.
func (w *Writer) Audit(ctx context.Context, action, entity string, id int64, source, detail string) error {
	return audit(ctx, w.tx, w.s.actor, action, entity, id, source, detail)
}
