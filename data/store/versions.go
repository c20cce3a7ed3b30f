package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

const versionCols = `v.id, d.name, r.slug, v.side, v.status, v.valid_from, v.valid_to, v.source`

// bareCols are versionCols with an empty source: a row stores it after
// the geometry, so SQLite reads every overflow page of the geometry to
// reach it.
const bareCols = `v.id, d.name, r.slug, v.side, v.status, v.valid_from, v.valid_to, ''`

type rowScanner interface{ Scan(...any) error }

// scanVersion scans versionCols; the geometry is filled in by loadGeoms.
func scanVersion(sc rowScanner) (geo.Version, error) {
	var v geo.Version
	var side, status string
	var from, to int64
	if err := sc.Scan(&v.ID, &v.Dataset, &v.Region, &side, &status, &from, &to, &v.Source); err != nil {
		return v, err
	}
	v.Side, _ = geo.ParseSide(side)
	v.Status, _ = geo.ParseStatus(status)
	v.Valid = geo.Validity{From: geo.Day(from), To: geo.Day(to)}
	return v, nil
}

func (s *Store) queryVersions(ctx context.Context, q string, args ...any) ([]geo.Version, error) {
	out, err := s.queryBare(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return out, s.loadGeoms(ctx, out, true)
}

// queryBare is queryVersions without the geometry.
func (s *Store) queryBare(ctx context.Context, q string, args ...any) ([]geo.Version, error) {
	st, err := s.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, s.d.wrap(err)
	}
	defer rows.Close()
	var out []geo.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, s.d.wrap(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, s.d.wrap(err)
	}
	return out, nil
}

// geomBatch is how many geometries loadGeoms asks for in one query.
const geomBatch = 256

// geomQueries counts the geometry queries loadGeoms sends (for tests).
var geomQueries atomic.Int64

// FillGeometry sets the geometry of versions from VersionsAtBare, from
// the memo where it holds them, else from the database without memoising
// them: its caller keeps shapes of its own (tiles.BareSource).
func (s *Store) FillGeometry(ctx context.Context, vs []geo.Version) error {
	return s.loadGeoms(ctx, vs, false)
}

// loadGeoms fills in the geometry of vs, from the memo where it can and
// the rest with one query per geomBatch versions, memoised if memo.
func (s *Store) loadGeoms(ctx context.Context, vs []geo.Version, memo bool) error {
	var miss []int // indexes into vs
	for i := range vs {
		if mp, ok := s.geomMemo.get(vs[i].ID); ok {
			vs[i].Geometry = mp
			continue
		}
		miss = append(miss, i)
	}
	for len(miss) > 0 {
		n := min(len(miss), geomBatch)
		if err := s.loadGeomBatch(ctx, vs, miss[:n], memo); err != nil {
			return err
		}
		miss = miss[n:]
	}
	return nil
}

// loadGeomBatch reads the geometries of vs[i] for i in idx in one query.
func (s *Store) loadGeomBatch(ctx context.Context, vs []geo.Version, idx []int, memo bool) error {
	ids := make([]any, len(idx))
	at := make(map[int64][]int, len(idx))
	for k, i := range idx {
		ids[k] = vs[i].ID
		at[vs[i].ID] = append(at[vs[i].ID], i)
	}
	geomQueries.Add(1)
	rows, err := s.db.QueryContext(ctx, `SELECT id, `+s.d.geomOut("geom")+` FROM versions WHERE id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return s.d.wrap(err)
	}
	defer rows.Close()
	found := 0
	for rows.Next() {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return s.d.wrap(err)
		}
		mp, err := decodeGeom(b)
		if err != nil {
			return fmt.Errorf("version %d: %w", id, err)
		}
		if memo {
			s.geomMemo.put(id, mp)
		}
		for _, i := range at[id] {
			vs[i].Geometry = mp
			found++
		}
	}
	if err := rows.Err(); err != nil {
		return s.d.wrap(err)
	}
	if found < len(idx) {
		// A version deleted between the two queries (a correction).
		return fmt.Errorf("%w: a version's geometry (deleted meanwhile)", ErrNotFound)
	}
	return nil
}

// datasetID returns the id of a dataset, or ErrNotFound.
func datasetID(ctx context.Context, q querier, name string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM datasets WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("%w: dataset %q", ErrNotFound, name)
	}
	return id, err
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// VersionsAt returns the versions of dataset on the map at day whose
// bounding box meets b. An empty bound (orb.Bound{}) means everywhere.
func (s *Store) VersionsAt(ctx context.Context, dataset string, day geo.Day, b orb.Bound) ([]geo.Version, error) {
	vs, err := s.versionsAt(ctx, versionCols, dataset, day, b)
	if err != nil {
		return nil, err
	}
	return vs, s.loadGeoms(ctx, vs, true)
}

// VersionsAtBare is VersionsAt without the geometry, which FillGeometry
// fills in, nor the source (tiles.BareSource: what a tile draws).
func (s *Store) VersionsAtBare(ctx context.Context, dataset string, day geo.Day, b orb.Bound) ([]geo.Version, error) {
	return s.versionsAt(ctx, bareCols, dataset, day, b)
}

// versionsAt is VersionsAt's query of cols, without the geometry.
func (s *Store) versionsAt(ctx context.Context, cols, dataset string, day geo.Day, b orb.Bound) ([]geo.Version, error) {
	q := `SELECT ` + cols + ` FROM versions v JOIN datasets d ON d.id = v.dataset_id JOIN regions r ON r.id = v.region_id`
	args := []any{dataset, int64(day), int64(day)}
	where := ` WHERE d.name = ? AND v.valid_from <= ? AND ? < v.valid_to`
	if s.d.pg {
		// One step down versions_day_geom (GiST over validity and
		// geometry), where the geometry's index alone matched every
		// version ever drawn over the bbox (migration 11).
		where += ` AND v.valid @> (DATE '1970-01-01' + (?)::integer)`
		args = append(args, int64(day))
	} else {
		// A region's versions never overlap in time (Go checks before
		// writing): the one on the map at day is its last from day or
		// before, one step down versions_region for each region, where
		// versions_day would read every version from before day.
		q = `SELECT ` + cols + ` FROM datasets d JOIN regions r
			JOIN versions v ON v.id = (SELECT w.id FROM versions w WHERE w.dataset_id = d.id AND w.region_id = r.id
				AND w.valid_from <= ? ORDER BY w.valid_from DESC LIMIT 1)`
		args = []any{int64(day), dataset, int64(day)}
		where = ` WHERE d.name = ? AND ? < v.valid_to`
	}
	if b != (orb.Bound{}) {
		join, cond, bargs := s.d.bbox(b)
		q += join
		where += ` AND ` + cond
		args = append(args, bargs...)
	}
	vs, err := s.queryBare(ctx, q+where+` ORDER BY v.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("versions at %s: %w", day, err)
	}
	if len(vs) == 0 {
		// Nothing on the map, or no such dataset: only the second is an error.
		if _, err := datasetID(ctx, s.db, dataset); err != nil {
			return nil, err
		}
	}
	return vs, nil
}

// VersionsIn returns every version of dataset, whatever its validity, whose
// bounding box meets b, ordered by region and valid_from.
func (s *Store) VersionsIn(ctx context.Context, dataset string, b orb.Bound) ([]geo.Version, error) {
	dsID, err := datasetID(ctx, s.db, dataset)
	if err != nil {
		return nil, err
	}
	join, cond, bargs := s.d.bbox(b)
	vs, err := s.queryVersions(ctx, `SELECT `+versionCols+` FROM versions v JOIN datasets d ON d.id = v.dataset_id
		JOIN regions r ON r.id = v.region_id`+join+`
		WHERE v.dataset_id = ? AND `+cond+`
		ORDER BY r.slug, v.valid_from, v.id`, append([]any{dsID}, bargs...)...)
	if err != nil {
		return nil, fmt.Errorf("versions in %v: %w", b, err)
	}
	return vs, nil
}

// VersionsDuring returns the versions of dataset on the map on some day of
// during whose bounding box meets b, ordered by region and valid_from: the
// versions of one period's temporal tiles (tiles.PeriodSource).
func (s *Store) VersionsDuring(ctx context.Context, dataset string, during geo.Validity, b orb.Bound) ([]geo.Version, error) {
	dsID, err := datasetID(ctx, s.db, dataset)
	if err != nil {
		return nil, err
	}
	join, cond, bargs := s.d.bbox(b)
	args := append([]any{dsID, int64(during.To), int64(during.From)}, bargs...)
	vs, err := s.queryVersions(ctx, `SELECT `+versionCols+` FROM versions v JOIN datasets d ON d.id = v.dataset_id
		JOIN regions r ON r.id = v.region_id`+join+`
		WHERE v.dataset_id = ? AND v.valid_from < ? AND ? < v.valid_to AND `+cond+`
		ORDER BY r.slug, v.valid_from, v.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("versions during %s in %v: %w", during, b, err)
	}
	return vs, nil
}

// History returns every version of a region in a dataset, oldest first.
func (s *Store) History(ctx context.Context, dataset, slug string) ([]geo.Version, error) {
	if _, err := s.Region(ctx, slug); err != nil {
		return nil, err
	}
	dsID, err := datasetID(ctx, s.db, dataset)
	if err != nil {
		return nil, err
	}
	vs, err := s.queryVersions(ctx, `SELECT `+versionCols+` FROM versions v JOIN datasets d ON d.id = v.dataset_id
		JOIN regions r ON r.id = v.region_id WHERE v.dataset_id = ? AND r.slug = ? ORDER BY v.valid_from`, dsID, slug)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", slug, err)
	}
	return vs, nil
}

// Version returns one version by id.
func (s *Store) Version(ctx context.Context, id int64) (geo.Version, error) {
	vs, err := s.queryVersions(ctx, `SELECT `+versionCols+` FROM versions v JOIN datasets d ON d.id = v.dataset_id
		JOIN regions r ON r.id = v.region_id WHERE v.id = ?`, id)
	if err != nil {
		return geo.Version{}, fmt.Errorf("version %d: %w", id, err)
	}
	if len(vs) == 0 {
		return geo.Version{}, fmt.Errorf("%w: version %d", ErrNotFound, id)
	}
	return vs[0], nil
}

// ChangeDays returns, in order, the days on which the map of dataset
// changes: a version starts or ends. With a non-empty bound only versions
// whose bounding box meets it count.
func (s *Store) ChangeDays(ctx context.Context, dataset string, b orb.Bound) ([]geo.Day, error) {
	dsID, err := datasetID(ctx, s.db, dataset)
	if err != nil {
		return nil, err
	}
	src := `versions v`
	args := []any{dsID}
	cond := `v.dataset_id = ?`
	if b != (orb.Bound{}) {
		join, bcond, bargs := s.d.bbox(b)
		src += join
		cond += ` AND ` + bcond
		args = append(args, bargs...)
	}
	q := `SELECT valid_from FROM ` + src + ` WHERE ` + cond +
		` UNION SELECT valid_to FROM ` + src + ` WHERE ` + cond + ` AND valid_to < ? ORDER BY 1`
	args = append(append(args, args...), int64(geo.Forever))
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("change days: %w", err)
	}
	defer rows.Close()
	var out []geo.Day
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, geo.Day(d))
	}
	return out, rows.Err()
}

// Range returns the first and last change day of a dataset.
func (s *Store) Range(ctx context.Context, dataset string) (first, last geo.Day, err error) {
	days, err := s.ChangeDays(ctx, dataset, orb.Bound{})
	if err != nil || len(days) == 0 {
		return 0, 0, err
	}
	return days[0], days[len(days)-1], nil
}

// insertVersion writes one version, whose geometry g (WKB) and its hash h
// encodeGeom made, with its bounding box and audit row.
func insertVersion(ctx context.Context, tx *txn, actor string, dsID, regionID int64, v geo.Version, g, h []byte) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO versions(dataset_id, region_id, side, status, valid_from, valid_to, geom, geom_hash, area_km2, source)
		VALUES(?,?,?,?,?,?,`+tx.d.geomIn()+`,?,?,?) RETURNING id`, dsID, regionID, v.Side.String(), v.Status.String(),
		int64(v.Valid.From), int64(v.Valid.To), g, h, geo.AreaKm2(v.Geometry), v.Source).Scan(&id)
	if tx.d.overlap(err) {
		// Go checks overlaps before writing; the database refusing one
		// means another writer changed the region meanwhile.
		return 0, &geo.ValidationError{Problems: []geo.Problem{{What: "version of " + v.Region,
			Why: fmt.Sprintf("validity %s overlaps a version another writer stored meanwhile", v.Valid)}}}
	}
	if err != nil {
		return 0, fmt.Errorf("insert version of %s: %w", v.Region, err)
	}
	if !tx.d.pg { // PostgreSQL filters on the geometry's GiST index instead
		b := v.Geometry.Bound()
		if _, err := tx.ExecContext(ctx, `INSERT INTO versions_bbox(id, min_lon, max_lon, min_lat, max_lat) VALUES(?,?,?,?,?)`,
			id, b.Min[0], b.Max[0], b.Min[1], b.Max[1]); err != nil {
			return 0, err
		}
	}
	detail := fmt.Sprintf("%s %s %s %s %s", v.Region, v.Side, v.Status, v.Valid, v.Dataset)
	return id, audit(ctx, tx, actor, "insert", "version", id, v.Source, detail)
}

// closeVersion ends a version at day to.
func closeVersion(ctx context.Context, tx *txn, actor string, id int64, to geo.Day, source string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE versions SET valid_to = ? WHERE id = ?`, int64(to), id); err != nil {
		return fmt.Errorf("close version %d: %w", id, err)
	}
	return audit(ctx, tx, actor, "close", "version", id, source, "valid_to "+to.String())
}

// deleteVersion removes a version that a correction replaces.
func deleteVersion(ctx context.Context, tx *txn, actor string, id int64, source string) error {
	qs := []string{`DELETE FROM versions_bbox WHERE id = ?`, `DELETE FROM versions WHERE id = ?`}
	if tx.d.pg {
		qs = qs[1:]
	}
	for _, q := range qs {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("delete version %d: %w", id, err)
		}
	}
	return audit(ctx, tx, actor, "delete", "version", id, source, "replaced by a correction")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
