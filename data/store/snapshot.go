package store

import (
	"context"
	"database/sql"
)

// Snapshot is a consistent read of a store: everything it reads sees the
// store as it was at the first read, whatever is written meanwhile. On
// PostgreSQL a REPEATABLE READ, READ ONLY transaction; on SQLite a
// deferred transaction on one connection (the pool's transactions are
// BEGIN IMMEDIATE, which would hold off writers). Close it when done.
type Snapshot struct{ r *snapReader }

// snapReader is a snapshot's transaction, its SQL rebound for the dialect.
type snapReader struct {
	d    dialect
	tx   *sql.Tx   // PostgreSQL
	conn *sql.Conn // SQLite
}

// Snapshot begins a consistent read of the store.
func (s *Store) Snapshot(ctx context.Context) (*Snapshot, error) {
	if s.d.pg {
		tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
		if err != nil {
			return nil, s.d.wrap(err)
		}
		return &Snapshot{&snapReader{d: s.d, tx: tx}}, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `BEGIN DEFERRED`); err != nil {
		conn.Close()
		return nil, err
	}
	sn := &Snapshot{&snapReader{d: s.d, conn: conn}}
	// In WAL mode the snapshot is taken at the first read.
	var n int
	if err := sn.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil {
		sn.Close()
		return nil, err
	}
	return sn, nil
}

// Tables reads the whole store, the regions' outlines too if outlines.
func (sn *Snapshot) Tables(ctx context.Context, outlines bool) (*Tables, error) {
	t, err := readTables(ctx, sn.r, sn.r.d, outlines)
	return t, sn.r.d.wrap(err)
}

// Geometry reads the geometry of version id as WKB (EPSG:4326,
// [lon, lat]), the bytes its geom_hash hashes.
func (sn *Snapshot) Geometry(ctx context.Context, id int64) ([]byte, error) {
	var g []byte
	err := sn.r.QueryRowContext(ctx, `SELECT `+sn.r.d.geomOut("geom")+` FROM versions WHERE id = ?`, id).Scan(&g)
	return g, err
}

// Close ends the snapshot.
func (sn *Snapshot) Close() {
	if r := sn.r; r.tx != nil {
		r.tx.Rollback()
	} else {
		r.conn.ExecContext(context.Background(), `ROLLBACK`)
		r.conn.Close()
	}
}

func (r *snapReader) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	var rows *sql.Rows
	var err error
	if r.tx != nil {
		rows, err = r.tx.QueryContext(ctx, r.d.rebind(q), args...)
	} else {
		rows, err = r.conn.QueryContext(ctx, q, args...)
	}
	return rows, r.d.wrap(err)
}

func (r *snapReader) QueryRowContext(ctx context.Context, q string, args ...any) *row {
	if r.tx != nil {
		return &row{r.tx.QueryRowContext(ctx, r.d.rebind(q), args...), r.d}
	}
	return &row{r.conn.QueryRowContext(ctx, q, args...), r.d}
}

// Describe names the store for messages and audit rows: its file, or its
// URL without the password.
func (s *Store) Describe(ctx context.Context) string {
	if s.d.pg {
		return redactURL(s.url)
	}
	var file string
	if err := s.db.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil || file == "" {
		return "a SQLite database"
	}
	return file
}
