package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/frontline-map/frontline/geo"
)

// SyncState is a dataset's sync as the store keeps it: the same for every
// process over the database.
type SyncState struct {
	Dataset     string    `json:"dataset"`
	Source      string    `json:"source"`
	Format      string    `json:"format"`
	LastDay     geo.Day   `json:"last_day,omitempty"` // the last day imported
	Runs        int64     `json:"runs"`
	Failures    int64     `json:"failures"` // failed runs, ever
	LastRun     time.Time `json:"last_run,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastNote    string    `json:"last_note,omitempty"` // what the last successful run did
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	// Failing: the last run failed; FailingRuns runs have failed since
	// the last success.
	Failing     bool  `json:"failing"`
	FailingRuns int64 `json:"failing_runs,omitempty"`
	// LeaseHolder holds the lease until LeaseUntil: a run is under way.
	LeaseHolder string    `json:"lease_holder,omitempty"`
	LeaseUntil  time.Time `json:"lease_until,omitzero"`
}

// Running reports whether a run holds the lease at now.
func (st SyncState) Running(now time.Time) bool {
	return st.LeaseHolder != "" && st.LeaseUntil.After(now)
}

// syncStateCols are the columns scanSyncState reads.
const syncStateCols = `dataset, source, format, last_day, last_stamp, etag, last_modified, runs, failures, failing,
	last_run_at, last_success_at, last_error, last_error_at, last_note, lease_holder, lease_until`

func scanSyncState(r interface{ Scan(...any) error }) (SyncState, SyncCursor, error) {
	var st SyncState
	var cur SyncCursor
	var day, stamp, run, ok, bad sql.NullInt64
	var until int64
	var failing int64
	err := r.Scan(&st.Dataset, &st.Source, &st.Format, &day, &stamp, &cur.ETag, &cur.LastModified, &st.Runs, &st.Failures, &failing,
		&run, &ok, &st.LastError, &bad, &st.LastNote, &st.LeaseHolder, &until)
	if err != nil {
		return st, cur, err
	}
	ms := func(n sql.NullInt64) time.Time {
		if !n.Valid {
			return time.Time{}
		}
		return time.UnixMilli(n.Int64).UTC()
	}
	st.LastDay, cur.LastDay, cur.LastStamp = geo.Day(day.Int64), geo.Day(day.Int64), stamp.Int64
	st.LastRun, st.LastSuccess, st.LastErrorAt = ms(run), ms(ok), ms(bad)
	st.Failing, st.FailingRuns = failing > 0, failing
	if st.LeaseHolder != "" {
		st.LeaseUntil = time.UnixMilli(until).UTC()
	}
	return st, cur, nil
}

// SyncStates returns the state of every dataset's sync, by dataset.
func (s *Store) SyncStates(ctx context.Context) ([]SyncState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+syncStateCols+` FROM sync_state ORDER BY dataset`)
	if err != nil {
		return nil, fmt.Errorf("sync states: %w", err)
	}
	defer rows.Close()
	var out []SyncState
	for rows.Next() {
		st, _, err := scanSyncState(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// SyncState returns a dataset's sync state; ErrNotFound if it never synced.
func (s *Store) SyncState(ctx context.Context, dataset string) (SyncState, error) {
	st, _, err := scanSyncState(s.db.QueryRowContext(ctx, `SELECT `+syncStateCols+` FROM sync_state WHERE dataset = ?`, dataset))
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("%w: no sync of dataset %s", ErrNotFound, geo.Echo(dataset))
	}
	return st, err
}

// skipReason says why a run at now may not start, from the state read
// (empty: it may).
func skipReason(st SyncState, holder string, now time.Time, every time.Duration) string {
	if st.LeaseHolder != "" && st.LeaseHolder != holder && st.LeaseUntil.After(now) {
		return fmt.Sprintf("%s holds the lease until %s", st.LeaseHolder, st.LeaseUntil.Format(time.RFC3339))
	}
	wait := Backoff(every, st.FailingRuns)
	if every > 0 && !st.LastRun.IsZero() && now.Sub(st.LastRun) < wait {
		if wait > every {
			return fmt.Sprintf("the last %d runs failed: backing off, the next is due at %s", st.FailingRuns,
				st.LastRun.Add(wait).Format(time.RFC3339))
		}
		return fmt.Sprintf("the last run started at %s, less than %s ago", st.LastRun.Format(time.RFC3339), every)
	}
	return ""
}

// MaxBackoff bounds the wait between the runs of a failing sync.
const MaxBackoff = 24 * time.Hour

// Backoff is how long after its last run a sync run every every is due
// again when its last failing runs failed in a row: every after a success
// or one failure, then twice as long for each further failure, at most
// MaxBackoff (and never less than every), so that a broken source is asked
// less and less often instead of costing a run every time.
func Backoff(every time.Duration, failing int64) time.Duration {
	wait := every
	for i := int64(1); i < failing && wait < MaxBackoff; i++ {
		wait *= 2
	}
	if wait > MaxBackoff {
		wait = max(MaxBackoff, every)
	}
	return wait
}

// SyncCursor is what a dataset's sync has seen of its source.
type SyncCursor struct {
	LastDay      geo.Day // 0: none
	LastStamp    int64   // DeepStateMap: the last Unix time imported; 0: none
	ETag         string  // a single archive's validators (a local file's size and time)
	LastModified string
}

// Lease asks for a dataset's sync lease: Holder names the process, Now is
// the time of asking, Until when the lease lapses unless given back, and
// Every, if positive, refuses a run when the last one started less than
// Every ago. Source and Format are recorded in the dataset's state.
type Lease struct {
	Dataset, Source, Format, Holder string
	Now, Until                      time.Time
	Every                           time.Duration
}

// RunEnd is what a finished run leaves in its dataset's state: an error
// text (empty for a success), or Cancelled (its caller went away, which is
// no failure of the source), the note of a success and the cursor after it.
type RunEnd struct {
	At        time.Time
	Err       string
	Cancelled bool
	Note      string
	Cursor    SyncCursor
}

// TakeLease makes the dataset's state row if it has none, and takes its
// lease if it is free (or expired, or held by l.Holder) and, with Every,
// the last run is that old: one UPDATE that checks both, in a transaction
// of its own. It returns the cursor, or why the run is skipped. A state
// read first spares the write when the run would be skipped anyway.
func (s *Store) TakeLease(ctx context.Context, l Lease) (SyncCursor, string, error) {
	every := l.Every
	st, cur, err := scanSyncState(s.db.QueryRowContext(ctx, `SELECT `+syncStateCols+` FROM sync_state WHERE dataset = ?`, l.Dataset))
	if err == nil {
		if why := skipReason(st, l.Holder, l.Now, every); why != "" {
			return cur, why, nil
		}
		// The UPDATE checks the wait the failing runs read here call for.
		l.Every = Backoff(l.Every, st.FailingRuns)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return cur, "", err
	}
	var got bool
	err = s.tx(ctx, func(tx *txn) error {
		if got, err = takeLease(ctx, tx, l); err != nil {
			return err
		}
		st, cur, err = scanSyncState(tx.QueryRowContext(ctx, `SELECT `+syncStateCols+` FROM sync_state WHERE dataset = ?`, l.Dataset))
		return err
	})
	if err != nil {
		return cur, "", err
	}
	if !got {
		why := skipReason(st, l.Holder, l.Now, every)
		if why == "" {
			why = "another process took the lease"
		}
		return cur, why, nil
	}
	return cur, "", nil
}

// takeLease writes l in tx if the lease is to be had; got says whether it was.
func takeLease(ctx context.Context, tx *txn, l Lease) (got bool, err error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO sync_state(dataset, source, format) VALUES(?, ?, ?) ON CONFLICT(dataset) DO NOTHING`,
		l.Dataset, l.Source, l.Format); err != nil {
		return false, err
	}
	// A new source keeps the days seen (days are days) but not an
	// archive's validators.
	nowMS := l.Now.UnixMilli()
	q := `UPDATE sync_state SET lease_holder = ?, lease_until = ?, last_run_at = ?,
		etag = CASE WHEN source = ? THEN etag ELSE '' END,
		last_modified = CASE WHEN source = ? THEN last_modified ELSE '' END,
		source = ?, format = ?
		WHERE dataset = ? AND (lease_holder = '' OR lease_until <= ? OR lease_holder = ?)`
	args := []any{l.Holder, l.Until.UnixMilli(), nowMS, l.Source, l.Source, l.Source, l.Format, l.Dataset, nowMS, l.Holder}
	if l.Every > 0 {
		q += ` AND (last_run_at IS NULL OR last_run_at <= ?)`
		args = append(args, l.Now.Add(-l.Every).UnixMilli())
	}
	r, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return false, err
	}
	n, err := r.RowsAffected()
	return n == 1, err
}

// maxRunText bounds the bytes of a run's error or note kept in its state.
const maxRunText = 2000

// EndRun records a run and gives its lease back (unless it was lost to
// another process after it expired). A run whose caller went away
// (e.Cancelled: a server shutting down) only gives the lease back.
func (s *Store) EndRun(ctx context.Context, l Lease, e RunEnd) error {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	now := e.At.UnixMilli()
	release := `lease_holder = CASE WHEN lease_holder = ? THEN '' ELSE lease_holder END,
		lease_until = CASE WHEN lease_holder = ? THEN 0 ELSE lease_until END`
	var q string
	var args []any
	switch {
	case e.Cancelled:
		q, args = `UPDATE sync_state SET `+release+` WHERE dataset = ?`, []any{l.Holder, l.Holder, l.Dataset}
	case e.Err != "":
		q = `UPDATE sync_state SET runs = runs + 1, failures = failures + 1, failing = failing + 1, last_error = ?, last_error_at = ?, ` + release + ` WHERE dataset = ?`
		args = []any{geo.Cut(e.Err, maxRunText), now, l.Holder, l.Holder, l.Dataset}
	default:
		var day, stamp any
		if e.Cursor.LastDay != 0 {
			day = int64(e.Cursor.LastDay)
		}
		if e.Cursor.LastStamp != 0 {
			stamp = e.Cursor.LastStamp
		}
		q = `UPDATE sync_state SET runs = runs + 1, failing = 0, last_success_at = ?, last_note = ?, last_day = ?, last_stamp = ?,
			etag = ?, last_modified = ?, ` + release + ` WHERE dataset = ?`
		args = []any{now, geo.Cut(e.Note, maxRunText), day, stamp, e.Cursor.ETag, e.Cursor.LastModified, l.Holder, l.Holder, l.Dataset}
	}
	var err error
	for range 3 {
		if err = s.tx(wctx, func(tx *txn) error {
			_, err := tx.ExecContext(wctx, q, args...)
			return err
		}); !errors.Is(err, geo.ErrBusy) {
			break
		}
	}
	return err
}

// RegionsWithVersions returns those of slugs (regions) that dataset has
// versions of, in order. A DeepStateMap sync asks it for DeepStateMap's
// regions: a history read in part keeps them, absent on the days whose
// snapshot lacks them, so that it ends a region's version on the first
// day the map no longer shows it, as the whole history would.
func (s *Store) RegionsWithVersions(ctx context.Context, dataset string, slugs []string) ([]string, error) {
	if len(slugs) == 0 {
		return nil, nil
	}
	args := []any{dataset}
	for _, slug := range slugs {
		args = append(args, slug)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT r.slug FROM versions v JOIN regions r ON r.id = v.region_id
		JOIN datasets d ON d.id = v.dataset_id WHERE d.name = ? AND r.slug IN (`+placeholders(len(slugs))+`) ORDER BY r.slug`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		have = append(have, slug)
	}
	return have, rows.Err()
}
