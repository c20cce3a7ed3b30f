package store

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// Copy copies a whole store into another, SQLite or PostgreSQL either way:
// datasets, regions with their outlines, versions (the WKB bytes as they
// are, so every geom_hash holds), articles and their links to regions and
// versions, settings (the default dataset), editors (their token hashes: a
// token keeps working) and the audit log, plus one audit row "copy".
//
// The source is read in one consistent snapshot (a read transaction); the
// destination is written in one transaction that holds its import lock
// (one import or copy at a time). Rows are matched by natural keys, never
// by id: datasets by name, regions by slug, versions by (dataset, region,
// valid_from), articles by URL, editors by name, settings by key, audit
// rows by (at, actor, action, entity, detail). The destination assigns ids
// (in the source's order, so a copy into an empty store has the source's
// ids when those have no gaps) and references are mapped.
//
// Copying the same source again changes nothing. A destination that holds
// other versions of one of the source's datasets (one with the same region
// and valid_from but another validity, side, status, geometry or source, or
// one the source does not have) is refused with a *ValidationError naming
// the dataset, nothing written, unless opt.Replace: then the destination's
// versions of that dataset become the source's. Regions, articles, editors,
// settings and what describes datasets (title, description, attribution,
// licence, source URL, observed range) that differ in the destination are
// kept (counted as Kept), or updated with Replace; a copy never lifts an
// editor's revocation. Rows of the destination the source does not have
// (other datasets, articles, editors) are left as they are.
//
// Before it commits, Copy checks the destination against the source: every
// table holds each of the source's rows, and the content checksum (see
// Inventory) of the source equals that of the destination over the
// source's datasets, articles and editors. If not, it fails with both
// checksums and writes nothing.
func Copy(ctx context.Context, from, to *Store, opt CopyOptions) (CopyResult, error) {
	if from == nil || to == nil || from == to {
		return CopyResult{}, errors.New("copy: the source and the destination are the same store")
	}
	sn, err := from.snapshot(ctx)
	if err != nil {
		return CopyResult{}, fmt.Errorf("copy: read the source: %w", err)
	}
	defer sn.close()
	src, err := readState(ctx, sn, true)
	if err != nil {
		return CopyResult{}, fmt.Errorf("copy: read the source: %w", from.d.wrap(err))
	}
	srcName := from.describe(ctx)
	var res CopyResult
	err = to.importTx(ctx, false, opt.Waiting, func(tx *txn) error {
		dst, err := readState(ctx, tx, true)
		if err != nil {
			return fmt.Errorf("read the destination: %w", err)
		}
		c := &copier{ctx: ctx, opt: opt, sn: sn, tx: tx, to: to, src: src, dst: dst, srcName: srcName}
		if err := c.run(); err != nil {
			return err
		}
		res = c.res
		return nil
	})
	if err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			return CopyResult{}, err
		}
		return CopyResult{}, fmt.Errorf("copy: %w", err)
	}
	return res, nil
}

// CopyOptions configures Copy.
type CopyOptions struct {
	// Replace replaces the destination's versions of a dataset that differ
	// from the source's with the source's, and updates the regions,
	// articles, editors, settings and what describes datasets that differ.
	Replace bool
	// Progress, if not nil, is called as versions are copied: done of
	// total, the source's versions.
	Progress func(done, total int)
	// Waiting, if not nil, is called once when the copy waits for an
	// import or another copy into the destination to finish.
	Waiting func()
}

// CopyResult says what a copy did, table by table, and the checksums it
// checked.
type CopyResult struct {
	Tables []TableCopy `json:"tables"`
	// Replaced names the datasets whose versions in the destination were
	// replaced with the source's (CopyOptions.Replace).
	Replaced []string `json:"replaced,omitempty"`
	// SourceChecksum is the source's content checksum (Inventory);
	// DestinationChecksum the destination's over the source's datasets,
	// articles and editors. A copy that returns without error has equal
	// checksums.
	SourceChecksum      string `json:"source_checksum"`
	DestinationChecksum string `json:"destination_checksum"`
}

// TableCopy counts what a copy did to one table.
type TableCopy struct {
	Table     string `json:"table"`
	Source    int    `json:"source"`    // rows in the source
	Inserted  int    `json:"inserted"`  // source rows the destination lacked
	Updated   int    `json:"updated"`   // rows that differed, updated (Replace)
	Deleted   int    `json:"deleted"`   // destination rows removed (Replace)
	Unchanged int    `json:"unchanged"` // source rows the destination had as they are
	Kept      int    `json:"kept"`      // rows that differ in the destination, left (no Replace)
	// Destination is the rows in the destination after the copy (with the
	// copy's own audit row).
	Destination int `json:"destination"`
}

// Changed reports whether the copy wrote anything.
func (r CopyResult) Changed() bool {
	for _, t := range r.Tables {
		if t.Inserted+t.Updated+t.Deleted > 0 {
			return true
		}
	}
	return false
}

// Table returns the counts of one table (zero if there is no such table).
func (r CopyResult) Table(name string) TableCopy {
	for _, t := range r.Tables {
		if t.Table == name {
			return t
		}
	}
	return TableCopy{Table: name}
}

// The tables a copy counts, in this order.
const (
	tDatasets = iota
	tRegions
	tVersions
	tArticles
	tArticleRegions
	tArticleVersions
	tSettings
	tEditors
	tAudit
	numTables
)

var tableNames = [numTables]string{"datasets", "regions", "versions", "articles", "article_regions", "article_versions", "settings", "editors", "audit"}

// Inventory is what a store holds, as a copy checks it: the rows of each
// table and the content checksum, "sha256:" and the hex SHA-256 of a
// canonical listing (sorted by bytes, not by a database's collation):
// datasets by name; versions by (dataset, region slug, valid_from) with
// valid_to, side, status, geom_hash and source; articles by URL; editors by
// name. Two stores with the same checksum hold the same map history.
type Inventory struct {
	Rows     map[string]int `json:"rows"`
	Checksum string         `json:"checksum"`
}

// Inventory reads the store's inventory in one consistent snapshot.
func (s *Store) Inventory(ctx context.Context) (Inventory, error) {
	sn, err := s.snapshot(ctx)
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: %w", err)
	}
	defer sn.close()
	st, err := readState(ctx, sn, false)
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: %w", s.d.wrap(err))
	}
	l := st.listing()
	inv := Inventory{Rows: map[string]int{}, Checksum: l.checksum(nil, nil, nil)}
	for i, name := range tableNames {
		inv.Rows[name] = l.count(i)
	}
	return inv, nil
}

// copyHook, when set (by tests), runs at stages of a copy inside the
// destination's transaction: "read" once both stores were read, before
// anything is written; "written" before the check.
var copyHook func(ctx context.Context, stage string, tx *txn) error

// snapshot is a read transaction on a store: every query sees the store as
// it was at the first one. On PostgreSQL a REPEATABLE READ, READ ONLY
// transaction; on SQLite a deferred transaction on one connection (the
// pool's transactions are BEGIN IMMEDIATE, which would hold off writers).
type snapshot struct {
	d    dialect
	tx   *sql.Tx   // PostgreSQL
	conn *sql.Conn // SQLite
}

func (s *Store) snapshot(ctx context.Context) (*snapshot, error) {
	if s.d.pg {
		tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
		if err != nil {
			return nil, s.d.wrap(err)
		}
		return &snapshot{d: s.d, tx: tx}, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `BEGIN DEFERRED`); err != nil {
		conn.Close()
		return nil, err
	}
	sn := &snapshot{d: s.d, conn: conn}
	// In WAL mode the snapshot is taken at the first read.
	var n int
	if err := sn.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil {
		sn.close()
		return nil, err
	}
	return sn, nil
}

func (sn *snapshot) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	var rows *sql.Rows
	var err error
	if sn.tx != nil {
		rows, err = sn.tx.QueryContext(ctx, sn.d.rebind(q), args...)
	} else {
		rows, err = sn.conn.QueryContext(ctx, q, args...)
	}
	return rows, sn.d.wrap(err)
}

func (sn *snapshot) QueryRowContext(ctx context.Context, q string, args ...any) *row {
	if sn.tx != nil {
		return &row{sn.tx.QueryRowContext(ctx, sn.d.rebind(q), args...), sn.d}
	}
	return &row{sn.conn.QueryRowContext(ctx, q, args...), sn.d}
}

func (sn *snapshot) close() {
	if sn.tx != nil {
		sn.tx.Rollback()
		return
	}
	sn.conn.ExecContext(context.Background(), `ROLLBACK`)
	sn.conn.Close()
}

// describe names the store for the audit row of a copy: its file, or its
// URL without the password.
func (s *Store) describe(ctx context.Context) string {
	if s.d.pg {
		return redactURL(s.url)
	}
	var file string
	if err := s.db.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil || file == "" {
		return "a SQLite database"
	}
	return file
}

// The rows of a store as a copy reads them: everything but the versions'
// geometries, which are read one at a time as they are copied.
type (
	cDataset struct {
		id            int64
		name, created string
		meta          datasetMeta
	}
	// datasetMeta is what describes a dataset: its description, title,
	// attribution, licence, source URL and observed range (geo.Dataset).
	datasetMeta struct {
		description, title, attribution, license, sourceURL string
		observedFrom, observedTo                            sql.NullInt64
	}
	cRegion struct {
		id                                 int64
		slug, name, kind, country, aliases string
		outline                            []byte // WKB or nil
	}
	cVersion struct {
		id, dataset, region int64
		side, status        string
		from, to            int64
		hash                []byte
		area                float64
		source              string
	}
	cArticle struct {
		id                          int64
		title, url, outlet, summary string
		published                   int64
	}
	cLink    struct{ a, b int64 } // article id, region or version id
	cSetting struct{ key, value string }
	cEditor  struct {
		id            int64
		name, created string
		hash          []byte
		revoked       sql.NullString
	}
	cAudit struct {
		id                                        int64
		at, actor, action, entity, source, detail string
		entityID                                  sql.NullInt64
	}
)

type storeState struct {
	datasets        []cDataset
	regions         []cRegion
	versions        []cVersion
	articles        []cArticle
	articleRegions  []cLink
	articleVersions []cLink
	settings        []cSetting
	editors         []cEditor
	audit           []cAudit
}

// readState reads a store's rows in id order (outlines too if outlines).
func readState(ctx context.Context, q queryRower, outlines bool) (*storeState, error) {
	st := &storeState{}
	outline := `NULL`
	if outlines {
		outline = `outline`
		if d := dialectOf(q); d.pg {
			outline = d.geomOut("outline")
		}
	}
	steps := []struct {
		q    string
		scan func(*sql.Rows) error
	}{
		{`SELECT id, name, description, created, title, attribution, license, source_url, observed_from, observed_to FROM datasets ORDER BY id`, func(r *sql.Rows) error {
			var d cDataset
			m := &d.meta
			err := r.Scan(&d.id, &d.name, &m.description, &d.created, &m.title, &m.attribution, &m.license, &m.sourceURL, &m.observedFrom, &m.observedTo)
			st.datasets = append(st.datasets, d)
			return err
		}},
		{`SELECT id, slug, name, kind, country, aliases, ` + outline + ` FROM regions ORDER BY id`, func(r *sql.Rows) error {
			var g cRegion
			err := r.Scan(&g.id, &g.slug, &g.name, &g.kind, &g.country, &g.aliases, &g.outline)
			st.regions = append(st.regions, g)
			return err
		}},
		{`SELECT id, dataset_id, region_id, side, status, valid_from, valid_to, geom_hash, area_km2, source FROM versions ORDER BY id`, func(r *sql.Rows) error {
			var v cVersion
			err := r.Scan(&v.id, &v.dataset, &v.region, &v.side, &v.status, &v.from, &v.to, &v.hash, &v.area, &v.source)
			st.versions = append(st.versions, v)
			return err
		}},
		{`SELECT id, title, url, outlet, published, summary FROM articles ORDER BY id`, func(r *sql.Rows) error {
			var a cArticle
			err := r.Scan(&a.id, &a.title, &a.url, &a.outlet, &a.published, &a.summary)
			st.articles = append(st.articles, a)
			return err
		}},
		{`SELECT article_id, region_id FROM article_regions ORDER BY article_id, region_id`, func(r *sql.Rows) error {
			var l cLink
			err := r.Scan(&l.a, &l.b)
			st.articleRegions = append(st.articleRegions, l)
			return err
		}},
		{`SELECT article_id, version_id FROM article_versions ORDER BY article_id, version_id`, func(r *sql.Rows) error {
			var l cLink
			err := r.Scan(&l.a, &l.b)
			st.articleVersions = append(st.articleVersions, l)
			return err
		}},
		{`SELECT key, value FROM settings`, func(r *sql.Rows) error {
			var s cSetting
			err := r.Scan(&s.key, &s.value)
			st.settings = append(st.settings, s)
			return err
		}},
		{`SELECT id, name, token_hash, created, revoked FROM editors ORDER BY id`, func(r *sql.Rows) error {
			var e cEditor
			err := r.Scan(&e.id, &e.name, &e.hash, &e.created, &e.revoked)
			st.editors = append(st.editors, e)
			return err
		}},
		{`SELECT id, at, actor, action, entity, entity_id, source, detail FROM audit ORDER BY id`, func(r *sql.Rows) error {
			var a cAudit
			err := r.Scan(&a.id, &a.at, &a.actor, &a.action, &a.entity, &a.entityID, &a.source, &a.detail)
			st.audit = append(st.audit, a)
			return err
		}},
	}
	for _, step := range steps {
		if err := scanRows(ctx, q, step.q, step.scan); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(st.settings, func(a, b cSetting) int { return strings.Compare(a.key, b.key) })
	return st, nil
}

// dialectOf is the dialect of a snapshot or a transaction.
func dialectOf(q queryRower) dialect {
	switch q := q.(type) {
	case *snapshot:
		return q.d
	case *txn:
		return q.d
	}
	return dialect{}
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

// listing is a store's content as the check compares it: per table, the
// multiset of its rows' natural keys (versions: the whole canonical line),
// and the versions' lines in canonical order.
type listing struct {
	keys     [numTables]map[string]int
	versions []versionLine
}

type versionLine struct {
	dataset, region string
	from            int64
	line            string
}

func (st *storeState) listing() *listing {
	l := &listing{}
	for i := range l.keys {
		l.keys[i] = map[string]int{}
	}
	dsName := map[int64]string{}
	for _, d := range st.datasets {
		dsName[d.id] = d.name
		l.keys[tDatasets][d.name]++
	}
	slug := map[int64]string{}
	for _, r := range st.regions {
		slug[r.id] = r.slug
		l.keys[tRegions][r.slug]++
	}
	verKey := map[int64]string{}
	for _, v := range st.versions {
		ds, rg := dsName[v.dataset], slug[v.region]
		line := fmt.Sprintf("version\t%q\t%q\t%d\t%d\t%s\t%s\t%x\t%q", ds, rg, v.from, v.to, v.side, v.status, v.hash, v.source)
		l.versions = append(l.versions, versionLine{ds, rg, v.from, line})
		l.keys[tVersions][line]++
		verKey[v.id] = fmt.Sprintf("%q\t%q\t%d", ds, rg, v.from)
	}
	slices.SortFunc(l.versions, func(a, b versionLine) int {
		return cmp.Or(strings.Compare(a.dataset, b.dataset), strings.Compare(a.region, b.region), cmp.Compare(a.from, b.from), strings.Compare(a.line, b.line))
	})
	url := map[int64]string{}
	for _, a := range st.articles {
		url[a.id] = a.url
		l.keys[tArticles][a.url]++
	}
	for _, k := range st.articleRegions {
		l.keys[tArticleRegions][fmt.Sprintf("%q\t%q", url[k.a], slug[k.b])]++
	}
	for _, k := range st.articleVersions {
		l.keys[tArticleVersions][fmt.Sprintf("%q\t%s", url[k.a], verKey[k.b])]++
	}
	for _, s := range st.settings {
		l.keys[tSettings][s.key]++
	}
	for _, e := range st.editors {
		l.keys[tEditors][e.name]++
	}
	for _, a := range st.audit {
		l.keys[tAudit][auditKey(a)]++
	}
	return l
}

func auditKey(a cAudit) string {
	return strings.Join([]string{a.at, a.actor, a.action, a.entity, a.detail}, "\x00")
}

// count is the rows of table i.
func (l *listing) count(i int) int {
	n := 0
	for _, c := range l.keys[i] {
		n += c
	}
	return n
}

// present is how many of l's rows of table i other holds.
func (l *listing) present(other *listing, i int) int {
	n := 0
	for k, c := range l.keys[i] {
		n += min(c, other.keys[i][k])
	}
	return n
}

// checksum is the content checksum; non-nil datasets, articles or editors
// restrict it to those keys (a destination's, to the source's).
func (l *listing) checksum(datasets, articles, editors map[string]int) string {
	h := sha256.New()
	io.WriteString(h, "frontline content checksum v1\n")
	sorted := func(keys, scope map[string]int) []string {
		var out []string
		for k := range keys {
			if scope == nil || scope[k] > 0 {
				out = append(out, k)
			}
		}
		slices.Sort(out)
		return out
	}
	for _, name := range sorted(l.keys[tDatasets], datasets) {
		fmt.Fprintf(h, "dataset\t%q\n", name)
	}
	for _, v := range l.versions {
		if datasets == nil || datasets[v.dataset] > 0 {
			io.WriteString(h, v.line+"\n")
		}
	}
	for _, u := range sorted(l.keys[tArticles], articles) {
		fmt.Fprintf(h, "article\t%q\n", u)
	}
	for _, name := range sorted(l.keys[tEditors], editors) {
		fmt.Fprintf(h, "editor\t%q\n", name)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// copier is one copy, inside the destination's transaction.
type copier struct {
	ctx     context.Context
	opt     CopyOptions
	sn      *snapshot
	tx      *txn
	to      *Store
	src     *storeState
	dst     *storeState
	srcName string
	res     CopyResult
	counts  [numTables]TableCopy

	// source id -> destination id
	dsMap, rgMap, verMap, artMap, edMap map[int64]int64
	// replace: the destination's versions to delete, by dataset
	drop map[int64][]cVersion
}

func (c *copier) run() error {
	c.dsMap, c.rgMap, c.verMap, c.artMap, c.edMap = map[int64]int64{}, map[int64]int64{}, map[int64]int64{}, map[int64]int64{}, map[int64]int64{}
	for i := range c.counts {
		c.counts[i].Table = tableNames[i]
	}
	if err := c.plan(); err != nil {
		return err
	}
	if copyHook != nil {
		if err := copyHook(c.ctx, "read", c.tx); err != nil {
			return err
		}
	}
	for _, step := range []func() error{c.datasets, c.regions, c.versions, c.articles, c.settings, c.editors, c.audit} {
		if err := c.ctx.Err(); err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
	}
	if copyHook != nil {
		if err := copyHook(c.ctx, "written", c.tx); err != nil {
			return err
		}
	}
	if err := c.check(); err != nil {
		return err
	}
	if c.res.Changed() {
		if err := audit(c.ctx, c.tx, c.to.actor, "copy", "store", 0, c.srcName, c.summary()); err != nil {
			return err
		}
		c.res.Tables[tAudit].Destination++
	}
	return nil
}

// summary is the detail of the copy's audit row.
func (c *copier) summary() string {
	var parts []string
	for _, t := range c.res.Tables {
		if t.Inserted+t.Updated+t.Deleted > 0 {
			parts = append(parts, fmt.Sprintf("%s +%d ~%d -%d", t.Table, t.Inserted, t.Updated, t.Deleted))
		}
	}
	s := "from " + c.srcName + ": " + strings.Join(parts, ", ")
	if len(c.res.Replaced) > 0 {
		s += "; replaced " + strings.Join(c.res.Replaced, ", ")
	}
	return s + "; checksum " + c.res.SourceChecksum
}

type vkey struct {
	region string
	from   int64
}

// plan compares the source's versions with the destination's, dataset by
// dataset, before anything is written: a dataset the destination holds
// other versions of is refused, or (Replace) marked for replacing.
func (c *copier) plan() error {
	dstDS := map[string]int64{}
	for _, d := range c.dst.datasets {
		dstDS[d.name] = d.id
	}
	srcSlug, dstSlug := regionSlugs(c.src), regionSlugs(c.dst)
	dstVersions := map[int64]map[vkey]cVersion{}
	for _, v := range c.dst.versions {
		m := dstVersions[v.dataset]
		if m == nil {
			m = map[vkey]cVersion{}
			dstVersions[v.dataset] = m
		}
		m[vkey{dstSlug[v.region], v.from}] = v
	}
	srcVersions := map[int64][]cVersion{}
	for _, v := range c.src.versions {
		srcVersions[v.dataset] = append(srcVersions[v.dataset], v)
	}
	c.drop = map[int64][]cVersion{}
	var ps problems
	for _, d := range c.src.datasets {
		id, ok := dstDS[d.name]
		if !ok {
			continue
		}
		have := maps.Clone(dstVersions[id])
		var differ []string
		for _, v := range srcVersions[d.id] {
			k := vkey{srcSlug[v.region], v.from}
			e, ok := have[k]
			if !ok {
				continue
			}
			delete(have, k)
			if why := versionDiff(e, v); why != "" {
				differ = append(differ, fmt.Sprintf("region %s from %s: %s", k.region, geo.Day(k.from), why))
				c.drop[id] = append(c.drop[id], e)
			}
		}
		var extra []string
		for k, e := range have {
			extra = append(extra, fmt.Sprintf("region %s from %s", k.region, geo.Day(k.from)))
			c.drop[id] = append(c.drop[id], e)
		}
		if len(differ)+len(extra) == 0 {
			continue
		}
		slices.Sort(differ)
		slices.Sort(extra)
		if c.opt.Replace {
			c.res.Replaced = append(c.res.Replaced, d.name)
			continue
		}
		var why []string
		if len(differ) > 0 {
			why = append(why, fmt.Sprintf("%d differ from the source's (%s)", len(differ), example(differ)))
		}
		if len(extra) > 0 {
			why = append(why, fmt.Sprintf("%d are not in the source (%s)", len(extra), example(extra)))
		}
		ps.add("dataset "+d.name, "the destination holds different versions of it: %s; nothing written: copy with --replace to replace the destination's versions of %s with the source's",
			strings.Join(why, "; "), d.name)
	}
	return ps.err()
}

// example is the first of a sorted list, and how many more there are.
func example(list []string) string {
	if len(list) == 1 {
		return list[0]
	}
	return fmt.Sprintf("%s, and %d more", list[0], len(list)-1)
}

// versionDiff says how stored version e differs from the source's v ("" if not).
func versionDiff(e, v cVersion) string {
	var d []string
	if e.to != v.to {
		d = append(d, fmt.Sprintf("valid to %s, the source's %s", geo.Day(e.to), geo.Day(v.to)))
	}
	if e.side != v.side || e.status != v.status {
		d = append(d, fmt.Sprintf("%s %s, the source's %s %s", e.side, e.status, v.side, v.status))
	}
	if !bytes.Equal(e.hash, v.hash) {
		d = append(d, "another geometry")
	}
	if e.source != v.source {
		d = append(d, "another source text")
	}
	return strings.Join(d, ", ")
}

func regionSlugs(st *storeState) map[int64]string {
	m := make(map[int64]string, len(st.regions))
	for _, r := range st.regions {
		m[r.id] = r.slug
	}
	return m
}

func (c *copier) exec(q string, args ...any) error {
	_, err := c.tx.ExecContext(c.ctx, q, args...)
	return err
}

func (c *copier) insert(q string, args ...any) (int64, error) {
	var id int64
	err := c.tx.QueryRowContext(c.ctx, q+` RETURNING id`, args...).Scan(&id)
	return id, err
}

func (c *copier) datasets() error {
	t := &c.counts[tDatasets]
	have := map[string]cDataset{}
	for _, d := range c.dst.datasets {
		have[d.name] = d
	}
	for _, d := range c.src.datasets {
		t.Source++
		e, ok := have[d.name]
		switch {
		case !ok:
			m := d.meta
			id, err := c.insert(`INSERT INTO datasets(name, description, created, title, attribution, license, source_url, observed_from, observed_to) VALUES(?,?,?,?,?,?,?,?,?)`,
				d.name, m.description, d.created, m.title, m.attribution, m.license, m.sourceURL, m.observedFrom, m.observedTo)
			if err != nil {
				return fmt.Errorf("insert dataset %s: %w", d.name, err)
			}
			c.dsMap[d.id] = id
			t.Inserted++
			continue
		case e.meta == d.meta:
			// created is when the destination got the dataset: its own
			// history, not a difference.
			t.Unchanged++
		case c.opt.Replace:
			m := d.meta
			if err := c.exec(`UPDATE datasets SET description = ?, created = ?, title = ?, attribution = ?, license = ?, source_url = ?, observed_from = ?, observed_to = ? WHERE id = ?`,
				m.description, d.created, m.title, m.attribution, m.license, m.sourceURL, m.observedFrom, m.observedTo, e.id); err != nil {
				return fmt.Errorf("update dataset %s: %w", d.name, err)
			}
			t.Updated++
		default:
			t.Kept++
		}
		c.dsMap[d.id] = e.id
	}
	return nil
}

func (c *copier) regions() error {
	t := &c.counts[tRegions]
	have := map[string]cRegion{}
	for _, r := range c.dst.regions {
		have[r.slug] = r
	}
	for _, r := range c.src.regions {
		t.Source++
		e, ok := have[r.slug]
		switch {
		case !ok:
			id, err := c.insert(`INSERT INTO regions(slug, name, kind, country, aliases, outline) VALUES(?,?,?,?,?,`+c.tx.d.geomIn()+`)`,
				r.slug, r.name, r.kind, r.country, r.aliases, r.outline)
			if err != nil {
				return fmt.Errorf("insert region %s: %w", r.slug, err)
			}
			c.rgMap[r.id] = id
			t.Inserted++
			continue
		case e.name == r.name && e.kind == r.kind && e.country == r.country && e.aliases == r.aliases && bytes.Equal(e.outline, r.outline):
			t.Unchanged++
		case c.opt.Replace:
			if err := c.exec(`UPDATE regions SET name = ?, kind = ?, country = ?, aliases = ?, outline = `+c.tx.d.geomIn()+` WHERE id = ?`,
				r.name, r.kind, r.country, r.aliases, r.outline, e.id); err != nil {
				return fmt.Errorf("update region %s: %w", r.slug, err)
			}
			t.Updated++
		default:
			t.Kept++
		}
		c.rgMap[r.id] = e.id
	}
	return nil
}

func (c *copier) versions() error {
	t := &c.counts[tVersions]
	total := len(c.src.versions)
	progress := func(done int) {
		if c.opt.Progress != nil {
			c.opt.Progress(done, total)
		}
	}
	progress(0)
	// Replace: the destination's versions that differ go first, so that
	// the source's can take their place.
	dropped := map[int64]bool{}
	for _, d := range c.src.datasets {
		for _, e := range c.drop[c.dsMap[d.id]] {
			qs := []string{`DELETE FROM versions_bbox WHERE id = ?`, `DELETE FROM versions WHERE id = ?`}
			if c.tx.d.pg {
				qs = qs[1:]
			}
			for _, q := range qs {
				if err := c.exec(q, e.id); err != nil {
					return fmt.Errorf("delete version %d of %s: %w", e.id, d.name, err)
				}
			}
			c.to.geomMemo.forget(e.id)
			dropped[e.id] = true
			t.Deleted++
		}
	}
	if len(dropped) > 0 {
		// Their article links went with them (ON DELETE CASCADE).
		kept := c.dst.articleVersions[:0:0]
		for _, l := range c.dst.articleVersions {
			if dropped[l.b] {
				c.counts[tArticleVersions].Deleted++
				continue
			}
			kept = append(kept, l)
		}
		c.dst.articleVersions = kept
	}
	dstSlug := regionSlugs(c.dst)
	have := map[int64]map[vkey]cVersion{}
	for _, v := range c.dst.versions {
		if dropped[v.id] {
			continue
		}
		m := have[v.dataset]
		if m == nil {
			m = map[vkey]cVersion{}
			have[v.dataset] = m
		}
		m[vkey{dstSlug[v.region], v.from}] = v
	}
	srcSlug := regionSlugs(c.src)
	dsName := map[int64]string{}
	for _, d := range c.src.datasets {
		dsName[d.id] = d.name
	}
	insert := `INSERT INTO versions(dataset_id, region_id, side, status, valid_from, valid_to, geom, geom_hash, area_km2, source)
		VALUES(?,?,?,?,?,?,` + c.tx.d.geomIn() + `,?,?,?) RETURNING id, ` + c.tx.d.geomOut("geom")
	for i, v := range c.src.versions {
		t.Source++
		if e, ok := have[c.dsMap[v.dataset]][vkey{srcSlug[v.region], v.from}]; ok {
			// plan made sure it is the same (or dropped it).
			c.verMap[v.id] = e.id
			t.Unchanged++
			progress(i + 1)
			continue
		}
		what := fmt.Sprintf("version %d (%s, region %s from %s)", v.id, dsName[v.dataset], srcSlug[v.region], geo.Day(v.from))
		var g []byte
		if err := c.sn.QueryRowContext(c.ctx, `SELECT `+c.sn.d.geomOut("geom")+` FROM versions WHERE id = ?`, v.id).Scan(&g); err != nil {
			return fmt.Errorf("read the source's %s: %w", what, err)
		}
		if h := sha256.Sum256(g); !bytes.Equal(h[:], v.hash) {
			return fmt.Errorf("the source's %s: its geometry does not hash to its geom_hash", what)
		}
		var id int64
		var stored []byte
		err := c.tx.QueryRowContext(c.ctx, insert, c.dsMap[v.dataset], c.rgMap[v.region], v.side, v.status, v.from, v.to, g, v.hash, v.area, v.source).Scan(&id, &stored)
		if err != nil {
			return fmt.Errorf("insert %s: %w", what, err)
		}
		if !bytes.Equal(stored, g) {
			return fmt.Errorf("insert %s: the destination stored other geometry bytes than the source's", what)
		}
		if !c.tx.d.pg {
			mp, err := decodeGeom(g)
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			b := mp.Bound()
			if err := c.exec(`INSERT INTO versions_bbox(id, min_lon, max_lon, min_lat, max_lat) VALUES(?,?,?,?,?)`,
				id, b.Min[0], b.Max[0], b.Min[1], b.Max[1]); err != nil {
				return err
			}
		}
		c.verMap[v.id] = id
		t.Inserted++
		progress(i + 1)
	}
	return nil
}

func (c *copier) articles() error {
	t := &c.counts[tArticles]
	have := map[string]cArticle{}
	for _, a := range c.dst.articles {
		have[a.url] = a
	}
	replaced := map[int64]bool{} // destination ids of existing articles (Replace: links made the source's)
	for _, a := range c.src.articles {
		t.Source++
		e, ok := have[a.url]
		switch {
		case !ok:
			id, err := c.insert(`INSERT INTO articles(title, url, outlet, published, summary) VALUES(?,?,?,?,?)`, a.title, a.url, a.outlet, a.published, a.summary)
			if err != nil {
				return fmt.Errorf("insert article %s: %w", a.url, err)
			}
			c.artMap[a.id] = id
			t.Inserted++
			continue
		case e.title == a.title && e.outlet == a.outlet && e.published == a.published && e.summary == a.summary:
			t.Unchanged++
		case c.opt.Replace:
			if err := c.exec(`UPDATE articles SET title = ?, outlet = ?, published = ?, summary = ? WHERE id = ?`, a.title, a.outlet, a.published, a.summary, e.id); err != nil {
				return fmt.Errorf("update article %s: %w", a.url, err)
			}
			t.Updated++
		default:
			t.Kept++
		}
		c.artMap[a.id] = e.id
		if c.opt.Replace {
			replaced[e.id] = true
		}
	}
	// The links: the source's, mapped, are added to what the destination
	// has. With Replace an existing article's links to regions, and to
	// versions of the source's datasets, become the source's.
	srcDatasets := map[int64]bool{}
	for _, id := range c.dsMap {
		srcDatasets[id] = true
	}
	dstVersionDS := map[int64]int64{}
	for _, v := range c.dst.versions {
		dstVersionDS[v.id] = v.dataset
	}
	links := []struct {
		table, col   string
		n            int
		src, dst     []cLink
		ref          map[int64]int64
		inReplaceSet func(cLink) bool
	}{
		{"article_regions", "region_id", tArticleRegions, c.src.articleRegions, c.dst.articleRegions, c.rgMap, func(cLink) bool { return true }},
		{"article_versions", "version_id", tArticleVersions, c.src.articleVersions, c.dst.articleVersions, c.verMap,
			func(l cLink) bool { return srcDatasets[dstVersionDS[l.b]] }},
	}
	for _, lk := range links {
		t := &c.counts[lk.n]
		have := map[cLink]bool{}
		for _, l := range lk.dst {
			have[l] = true
		}
		want := map[cLink]bool{}
		for _, l := range lk.src {
			t.Source++
			m := cLink{c.artMap[l.a], lk.ref[l.b]}
			want[m] = true
			if have[m] {
				t.Unchanged++
				continue
			}
			if err := c.exec(`INSERT INTO `+lk.table+`(article_id, `+lk.col+`) VALUES(?,?)`, m.a, m.b); err != nil {
				return fmt.Errorf("insert %s: %w", lk.table, err)
			}
			t.Inserted++
		}
		for _, l := range lk.dst {
			if replaced[l.a] && !want[l] && lk.inReplaceSet(l) {
				if err := c.exec(`DELETE FROM `+lk.table+` WHERE article_id = ? AND `+lk.col+` = ?`, l.a, l.b); err != nil {
					return fmt.Errorf("delete %s: %w", lk.table, err)
				}
				t.Deleted++
			}
		}
	}
	return nil
}

func (c *copier) settings() error {
	t := &c.counts[tSettings]
	have := map[string]string{}
	for _, s := range c.dst.settings {
		have[s.key] = s.value
	}
	for _, s := range c.src.settings {
		t.Source++
		v, ok := have[s.key]
		switch {
		case !ok:
			if err := setSetting(c.ctx, c.tx, s.key, s.value); err != nil {
				return err
			}
			t.Inserted++
		case v == s.value:
			t.Unchanged++
		case c.opt.Replace:
			if err := setSetting(c.ctx, c.tx, s.key, s.value); err != nil {
				return err
			}
			t.Updated++
		default:
			t.Kept++
		}
	}
	return nil
}

func (c *copier) editors() error {
	t := &c.counts[tEditors]
	have := map[string]cEditor{}
	for _, e := range c.dst.editors {
		have[e.name] = e
	}
	for _, ed := range c.src.editors {
		t.Source++
		e, ok := have[ed.name]
		if !ok {
			id, err := c.insert(`INSERT INTO editors(name, token_hash, created, revoked) VALUES(?,?,?,?)`, ed.name, ed.hash, ed.created, ed.revoked)
			if err != nil {
				return fmt.Errorf("insert editor %s: %w", ed.name, err)
			}
			c.edMap[ed.id] = id
			t.Inserted++
			continue
		}
		c.edMap[ed.id] = e.id
		want := ed
		if e.revoked.Valid && !want.revoked.Valid {
			want.revoked = e.revoked // a copy never lifts a revocation
		}
		switch {
		case bytes.Equal(e.hash, ed.hash) && e.created == ed.created && e.revoked == ed.revoked:
			t.Unchanged++
		case c.opt.Replace && !(bytes.Equal(e.hash, want.hash) && e.created == want.created && e.revoked == want.revoked):
			if err := c.exec(`UPDATE editors SET token_hash = ?, created = ?, revoked = ? WHERE id = ?`, want.hash, want.created, want.revoked, e.id); err != nil {
				return fmt.Errorf("update editor %s: %w", ed.name, err)
			}
			t.Updated++
		default:
			t.Kept++
		}
	}
	return nil
}

// audit appends the source's audit rows the destination lacks, in the
// source's order, their entity ids mapped.
func (c *copier) audit() error {
	t := &c.counts[tAudit]
	have := map[string]int{}
	for _, a := range c.dst.audit {
		have[auditKey(a)]++
	}
	idMaps := map[string]map[int64]int64{"dataset": c.dsMap, "region": c.rgMap, "version": c.verMap, "article": c.artMap, "editor": c.edMap}
	for _, a := range c.src.audit {
		t.Source++
		k := auditKey(a)
		if have[k] > 0 {
			have[k]--
			t.Unchanged++
			continue
		}
		id := a.entityID
		if m, ok := idMaps[a.entity]; ok && id.Valid {
			// A row whose entity is gone (a version a correction
			// replaced) names no id in the destination.
			id.Int64 = m[id.Int64]
		}
		if err := c.exec(`INSERT INTO audit(at, actor, action, entity, entity_id, source, detail) VALUES(?,?,?,?,?,?,?)`,
			a.at, a.actor, a.action, a.entity, id, a.source, a.detail); err != nil {
			return fmt.Errorf("insert audit row: %w", err)
		}
		t.Inserted++
	}
	return nil
}

// check reads the destination again, in the transaction, and compares it
// with the source: each table holds all of the source's rows, and the
// checksums agree.
func (c *copier) check() error {
	dst, err := readState(c.ctx, c.tx, false)
	if err != nil {
		return fmt.Errorf("check: read the destination: %w", err)
	}
	sl, dl := c.src.listing(), dst.listing()
	c.res.SourceChecksum = sl.checksum(nil, nil, nil)
	c.res.DestinationChecksum = dl.checksum(sl.keys[tDatasets], sl.keys[tArticles], sl.keys[tEditors])
	var bad []string
	for i := range c.counts {
		c.counts[i].Destination = dl.count(i)
		if n, p := sl.count(i), sl.present(dl, i); p != n {
			bad = append(bad, fmt.Sprintf("%s: %d of the source's %d rows", tableNames[i], p, n))
		}
	}
	c.res.Tables = c.counts[:]
	if len(bad) > 0 || c.res.SourceChecksum != c.res.DestinationChecksum {
		what := "the content differs"
		if len(bad) > 0 {
			what = "the destination lacks rows of the source (" + strings.Join(bad, "; ") + ")"
		}
		return fmt.Errorf("the check after copying failed, nothing written: %s; source checksum %s, destination checksum %s",
			what, c.res.SourceChecksum, c.res.DestinationChecksum)
	}
	return nil
}
