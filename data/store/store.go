// Package store is frontline's store: it keeps datasets, regions, dated
// versions, articles, editors, the audit log and the state of syncs, and
// writes what the readers (data/geojson, data/series, data/deepstate,
// data/feed) read, loading the embedded seed (data/seed) into a new
// database. It parses no file format. The store runs on SQLite through mattn/go-sqlite3 (WAL, foreign
// keys, migrations keyed on PRAGMA user_version, WKB geometries, an R*Tree
// of bounding boxes) or on PostgreSQL with PostGIS through jackc/pgx
// (geometry columns with GiST indexes, the no-overlap rule of a region's
// versions as an exclusion constraint, migrations in schema_version); the
// same Go code and SQL serve both (dialect.go), and every change writes an
// audit row.
package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/frontline-map/frontline/geo"

	"golang.org/x/sync/singleflight"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// ErrNotFound is returned (wrapped) when a region, dataset, article or
// version does not exist.
var ErrNotFound = geo.ErrNotFound

// Config configures Open. The zero value opens frontline.db in the working
// directory and seeds it if it is new.
type Config struct {
	Path   string // database file; default "frontline.db"
	NoSeed bool   // leave a new database empty
	Actor  string // who the audit rows name; default "cli"
	// MemoBytes bounds the memo of decoded version geometries; default 128 MiB.
	MemoBytes int
}

// Store is the store, on SQLite or PostgreSQL. It is safe for concurrent use.
type Store struct {
	db    *pool
	d     dialect
	url   string // the PostgreSQL URL, for connections of its own (Watch)
	actor string

	geomMemo   *geomCache
	stmts      sync.Map           // query text -> *sql.Stmt, prepared on first use
	refreshing singleflight.Group // RefreshFigures by dataset
}

// Open opens the store and runs pending migrations; a new database gets the
// embedded seed data, all before Open returns. cfg.Path is a SQLite file,
// or a postgres:// (postgresql://) URL of a PostgreSQL database with the
// PostGIS extension available.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	path := cfg.Path
	if path == "" {
		path = "frontline.db"
	}
	var sdb *sql.DB
	var d dialect
	var err error
	name := path
	if IsPostgres(path) {
		d.pg = true
		name = redactURL(path)
		sdb, err = openPostgres(ctx, path)
	} else {
		sdb, err = openSQLite(path)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	s := &Store{db: &pool{sdb, d}, d: d, actor: cfg.Actor, geomMemo: newGeomCache(cmp.Or(max(cfg.MemoBytes, 0), 128<<20))}
	if s.actor == "" {
		s.actor = "cli"
	}
	if d.pg {
		s.url = path
	}
	if err := s.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	if err := s.initialize(ctx, !cfg.NoSeed); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("seed %s: %w", name, err)
	}
	return s, nil
}

// IsPostgres reports whether a --db value names a PostgreSQL database.
func IsPostgres(path string) bool {
	return strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://")
}

// redactURL is a database URL fit for messages: without its password,
// whether in the user part or a password= parameter.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the PostgreSQL database"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

func openSQLite(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	return db, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	return s.db.Close()
}

// prepared returns the read query q prepared once for the pool, so that hot
// reads (a tile's versions) skip SQLite's parser and planner.
func (s *Store) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(q); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// Ping checks that the database answers (the server's /readyz).
func (s *Store) Ping(ctx context.Context) error { return s.d.wrap(s.db.PingContext(ctx)) }

// DB exposes the database handle for tests and diagnostics.
func (s *Store) DB() *sql.DB { return s.db.DB }

// tx runs fn in one transaction and commits it, or rolls back on error.
// Nothing is committed once ctx has ended: a write whose caller has gone
// (an HTTP client that left, a deadline) is rolled back.
func (s *Store) tx(ctx context.Context, fn func(*txn) error) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	return s.finish(ctx, tx, fn)
}

// finish runs fn in tx and commits, or rolls back on error or when ctx
// has ended.
func (s *Store) finish(ctx context.Context, tx *txn, fn func(*txn) error) error {
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.busyError(err)
	}
	if err := ctx.Err(); err != nil {
		tx.Rollback()
		return err
	}
	return s.busyError(tx.Commit())
}

// importTx runs fn in one transaction that holds the import lock: one
// import (or seeding) at a time over a database, whatever process runs it.
// On PostgreSQL the lock is an advisory lock of the transaction; on SQLite
// the write lock BEGIN IMMEDIATE takes. An import that finds the lock held
// gets geo.ErrAnotherImport if noWait, else waits, calling waiting once.
func (s *Store) importTx(ctx context.Context, noWait bool, waiting func(), fn func(*txn) error) error {
	if !s.d.pg {
		for {
			tx, err := s.begin(ctx)
			if errors.Is(err, geo.ErrBusy) && ctx.Err() == nil {
				// Another writer held the lock for the whole busy timeout.
				if noWait {
					return fmt.Errorf("%w (%w)", geo.ErrAnotherImport, err)
				}
				if waiting != nil {
					waiting()
					waiting = nil
				}
				continue
			}
			if err != nil {
				return err
			}
			return s.finish(ctx, tx, fn)
		}
	}
	return s.tx(ctx, func(tx *txn) error {
		var got bool
		if err := tx.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock(?)`, importLockKey).Scan(&got); err != nil {
			return err
		}
		if !got {
			if noWait {
				return geo.ErrAnotherImport
			}
			if waiting != nil {
				waiting()
			}
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, importLockKey); err != nil {
				return err
			}
		}
		return fn(tx)
	})
}

// importLockKey names the import lock among PostgreSQL's advisory locks.
const importLockKey = 0x66726f6e7431 // "front1"

// begin starts a write transaction (BEGIN IMMEDIATE, which waits up to
// the busy timeout for another writer). SQLite's wait for the lock does
// not see ctx, so it runs aside: when ctx ends first, begin returns at
// once and the transaction, if it comes, is rolled back.
func (s *Store) begin(ctx context.Context) (*txn, error) {
	type begun struct {
		tx  *sql.Tx
		err error
	}
	ch := make(chan begun, 1)
	go func() {
		tx, err := s.db.BeginTx(ctx, nil)
		err = s.d.wrap(err)
		ch <- begun{tx, err}
	}()
	select {
	case b := <-ch:
		if b.err != nil {
			return nil, s.busyError(b.err)
		}
		return &txn{b.tx, s.d}, nil
	case <-ctx.Done():
		go func() {
			if b := <-ch; b.tx != nil {
				b.tx.Rollback()
			}
		}()
		return nil, ctx.Err()
	}
}

// busyError marks another writer's lock held too long ("database is
// locked") as geo.ErrBusy.
func (s *Store) busyError(err error) error {
	if err != nil && s.d.busy(err) && !errors.Is(err, geo.ErrBusy) {
		return fmt.Errorf("%w (%w)", geo.ErrBusy, err)
	}
	return err
}
