package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"github.com/frontline-map/frontline/geo"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"github.com/paulmach/orb"
)

// dialect is what differs between the store's SQL on SQLite and on
// PostgreSQL. The queries are written once, for SQLite ('?' placeholders);
// db and txn rebind them for PostgreSQL, and the few places where the two
// differ (geometry columns, the bounding-box filter, error codes) ask the
// dialect.
type dialect struct {
	pg bool
}

// rebind turns '?' placeholders into PostgreSQL's $1, $2, ...; the store's
// SQL has no '?' inside string literals.
func (d dialect) rebind(q string) string {
	if !d.pg || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// geomIn is the SQL of a geometry parameter (WKB bytes, or nil for none).
func (d dialect) geomIn() string {
	if d.pg {
		return "ST_GeomFromWKB(?, 4326)"
	}
	return "?"
}

// geomOut is the SQL that reads a geometry column as WKB.
func (d dialect) geomOut(col string) string {
	if d.pg {
		return "ST_AsBinary(" + col + ")"
	}
	return col
}

// bbox returns what a query of versions v adds to keep those whose bounding
// box meets b: a join (SQLite's R*Tree) and a condition with its arguments.
func (d dialect) bbox(b orb.Bound) (join, cond string, args []any) {
	if d.pg {
		return "", "v.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)", []any{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	}
	return " JOIN versions_bbox x ON x.id = v.id", "x.max_lon >= ? AND x.min_lon <= ? AND x.max_lat >= ? AND x.min_lat <= ?",
		[]any{b.Min[0], b.Max[0], b.Min[1], b.Max[1]}
}

// unique reports whether err is a violated unique constraint.
func (d dialect) unique(err error) bool {
	var se sqlite3.Error
	var pe *pgconn.PgError
	return (errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique) ||
		(errors.As(err, &pe) && pe.Code == "23505")
}

// busy reports whether err is another writer holding the database longer
// than a write waits (SQLite's busy timeout; PostgreSQL's lock timeout).
func (d dialect) busy(err error) bool {
	var se sqlite3.Error
	var pe *pgconn.PgError
	return (errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)) ||
		(errors.As(err, &pe) && (pe.Code == "55P03" || pe.Code == "40P01"))
}

// overlap reports whether err is PostgreSQL's exclusion constraint: two
// versions of a region in a dataset valid on the same day.
func (d dialect) overlap(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23P01"
}

// unavailable reports whether err says the database cannot be reached: a
// refused or cut connection, a server shutting down or starting up.
func (d dialect) unavailable(err error) bool {
	if err == nil || errors.Is(err, geo.ErrUnavailable) {
		return false
	}
	var ce *pgconn.ConnectError
	var pe *pgconn.PgError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.Is(err, driver.ErrBadConn), errors.As(err, &ne):
		return true
	case errors.As(err, &pe):
		return strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P")
	case d.pg && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)):
		return true
	}
	return false
}

// wrap marks an error of a database that cannot be reached as
// geo.ErrUnavailable, so that the server answers 503 rather than 500.
func (d dialect) wrap(err error) error {
	if d.unavailable(err) {
		return fmt.Errorf("%w (%w)", geo.ErrUnavailable, err)
	}
	return err
}

// pool is the store's connection pool, its SQL rebound for the dialect.
type pool struct {
	*sql.DB
	d dialect
}

func (x *pool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := x.DB.ExecContext(ctx, x.d.rebind(q), args...)
	return res, x.d.wrap(err)
}

func (x *pool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := x.DB.QueryContext(ctx, x.d.rebind(q), args...)
	return rows, x.d.wrap(err)
}

func (x *pool) QueryRowContext(ctx context.Context, q string, args ...any) *row {
	return &row{x.DB.QueryRowContext(ctx, x.d.rebind(q), args...), x.d}
}

func (x *pool) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	st, err := x.DB.PrepareContext(ctx, x.d.rebind(q))
	return st, x.d.wrap(err)
}

// row is a *sql.Row whose Scan marks an unreachable database.
type row struct {
	*sql.Row
	d dialect
}

func (r *row) Scan(dest ...any) error { return r.d.wrap(r.Row.Scan(dest...)) }

// txn is a transaction of the store, its SQL rebound for the dialect.
type txn struct {
	*sql.Tx
	d dialect
}

func (x *txn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := x.Tx.ExecContext(ctx, x.d.rebind(q), args...)
	return res, x.d.wrap(err)
}

func (x *txn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := x.Tx.QueryContext(ctx, x.d.rebind(q), args...)
	return rows, x.d.wrap(err)
}

func (x *txn) QueryRowContext(ctx context.Context, q string, args ...any) *row {
	return &row{x.Tx.QueryRowContext(ctx, x.d.rebind(q), args...), x.d}
}
