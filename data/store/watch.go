package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/jackc/pgx/v5"
)

// Watch calls changed with the name of every dataset whose versions
// change, whoever changes them (this process, another server, the CLI or a
// SQL client), until ctx ends; changed("") says that something else
// changed (the default dataset, a dataset's list). Changes made while the
// database could not be reached are reported when it is back (revisions
// are compared then). Triggers keep a revision per dataset (schema.go,
// postgres.go). On SQLite Watch polls PRAGMA data_version on a connection
// of its own every interval and compares revisions when it moves; on
// PostgreSQL it listens on the channel frontline_changes and compares
// revisions whenever its connection is (re)made. A database that goes away
// is waited for, not reported: Watch returns only when ctx ends.
func (s *Store) Watch(ctx context.Context, interval time.Duration, changed func(dataset string)) {
	if interval <= 0 {
		interval = 250 * time.Millisecond
	}
	w := &watcher{s: s, changed: changed, interval: interval}
	for ctx.Err() == nil {
		var err error
		if s.d.pg {
			err = w.listen(ctx)
		} else {
			err = w.poll(ctx)
		}
		if err != nil && ctx.Err() == nil {
			// Lost the database: try again; the revisions seen last tell
			// what changed meanwhile.
			select {
			case <-ctx.Done():
			case <-time.After(min(5*time.Second, 4*interval)):
			}
		}
	}
}

type watcher struct {
	s        *Store
	changed  func(string)
	interval time.Duration
	revs     map[string]int64 // last seen; nil before the first look
}

type queryRower interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// compare reports the datasets whose revision moved since the last look
// (none at the first look: there was nothing to compare with).
func (w *watcher) compare(revs map[string]int64) {
	for name, r := range revs {
		if old, ok := w.revs[name]; w.revs != nil && (!ok || old != r) {
			w.changed(name)
		}
	}
	for name := range w.revs {
		if _, ok := revs[name]; !ok {
			w.changed(name)
		}
	}
	w.revs = revs
}

func readRevisions(ctx context.Context, q queryRower) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, revision FROM datasets`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	revs := map[string]int64{}
	for rows.Next() {
		var name string
		var r int64
		if err := rows.Scan(&name, &r); err != nil {
			return nil, err
		}
		revs[name] = r
	}
	return revs, rows.Err()
}

// poll watches SQLite: PRAGMA data_version changes on a connection when
// any other connection (in this process or another) commits.
func (w *watcher) poll(ctx context.Context) error {
	conn, err := w.s.db.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	version := int64(-1)
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		var v int64
		if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
			return err
		}
		if v != version {
			revs, err := readRevisions(ctx, conn)
			if err != nil {
				return err
			}
			before := w.revs
			w.compare(revs)
			if before != nil && equalRevs(before, revs) && version >= 0 {
				w.changed("") // a commit that moved no dataset: settings, regions, articles
			}
			version = v
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func equalRevs(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// listen watches PostgreSQL with LISTEN on a connection of its own.
func (w *watcher) listen(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, w.s.url)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `LISTEN frontline_changes`); err != nil {
		return err
	}
	// What changed while nobody listened.
	revs, err := readRevisions(ctx, w.s.db)
	if err != nil {
		return err
	}
	w.compare(revs)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		w.changed(n.Payload)
	}
}
