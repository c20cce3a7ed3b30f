package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/frontline-map/frontline/geo"
)

// Imported returns what the store has of dataset's earlier imports, for
// a re-import to skip the days whose input it has imported already (the
// readers' Options.Imported): the digest of each day's input, and the
// regions the dataset has versions of. The digests are those ImportDays
// kept; a write of the dataset's versions since the last import that kept
// them (another import, an editor) makes them stale, and none are
// returned. A dataset that does not exist has none.
func (s *Store) Imported(ctx context.Context, dataset string) (*geo.Imported, error) {
	im := &geo.Imported{Digests: map[geo.Day]geo.Digest{}}
	var dsID, rev int64
	var kept sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT d.id, d.revision, r.revision FROM datasets d
		LEFT JOIN day_inputs_revision r ON r.dataset_id = d.id WHERE d.name = ?`, dataset).Scan(&dsID, &rev, &kept)
	if errors.Is(err, sql.ErrNoRows) {
		return im, nil
	}
	if err != nil {
		return nil, fmt.Errorf("imported %s: %w", dataset, err)
	}
	if kept.Valid && kept.Int64 == rev {
		if im.Digests, err = dayDigests(ctx, s.db, dsID); err != nil {
			return nil, fmt.Errorf("imported %s: %w", dataset, err)
		}
	}
	if im.Regions, err = datasetRegions(ctx, s.db, dsID); err != nil {
		return nil, fmt.Errorf("imported %s: %w", dataset, err)
	}
	return im, nil
}

// dayDigests reads the digests of a dataset's days.
func dayDigests(ctx context.Context, q querier, dsID int64) (map[geo.Day]geo.Digest, error) {
	rows, err := q.QueryContext(ctx, `SELECT day, digest FROM day_inputs WHERE dataset_id = ?`, dsID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[geo.Day]geo.Digest{}
	for rows.Next() {
		var day int64
		var b []byte
		if err := rows.Scan(&day, &b); err != nil {
			return nil, err
		}
		var d geo.Digest
		if copy(d[:], b) == len(d) {
			out[geo.Day(day)] = d
		}
	}
	return out, rows.Err()
}

// datasetRegions reads the slugs of the regions a dataset has versions of.
func datasetRegions(ctx context.Context, q querier, dsID int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT r.slug FROM versions v JOIN regions r ON r.id = v.region_id
		WHERE v.dataset_id = ? ORDER BY r.slug`, dsID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		out = append(out, slug)
	}
	return out, rows.Err()
}

// digestsCurrent reports whether the digests the store keeps for a dataset
// are those of its versions: no write of them since the import that kept
// the digests. An import asks before it writes.
func digestsCurrent(ctx context.Context, tx *txn, dsID int64) (bool, error) {
	var rev int64
	var kept sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT d.revision, r.revision FROM datasets d
		LEFT JOIN day_inputs_revision r ON r.dataset_id = d.id WHERE d.id = ?`, dsID).Scan(&rev, &kept)
	if err != nil {
		return false, fmt.Errorf("day digests: %w", err)
	}
	return kept.Valid && kept.Int64 == rev, nil
}

// keepDigests keeps the digests of the days an import read (a zero one
// drops the day's), writing only what changed, and the dataset's revision
// after the import. Unless current (digestsCurrent before the import
// wrote), the digests kept are stale and are dropped first.
func keepDigests(ctx context.Context, tx *txn, dsID int64, sums map[geo.Day]geo.Digest, current bool) error {
	if !current {
		if _, err := tx.ExecContext(ctx, `DELETE FROM day_inputs WHERE dataset_id = ?`, dsID); err != nil {
			return fmt.Errorf("day digests: %w", err)
		}
	}
	have, err := dayDigests(ctx, tx, dsID)
	if err != nil {
		return fmt.Errorf("day digests: %w", err)
	}
	if err := dropAfterChanged(ctx, tx, dsID, have, sums); err != nil {
		return err
	}
	for day, sum := range sums {
		old, ok := have[day]
		switch {
		case sum == geo.Digest{} && ok:
			_, err = tx.ExecContext(ctx, `DELETE FROM day_inputs WHERE dataset_id = ? AND day = ?`, dsID, int64(day))
		case sum != geo.Digest{} && old != sum:
			_, err = tx.ExecContext(ctx, `INSERT INTO day_inputs(dataset_id, day, digest) VALUES(?, ?, ?)
				ON CONFLICT(dataset_id, day) DO UPDATE SET digest = excluded.digest`, dsID, int64(day), sum[:])
		}
		if err != nil {
			return fmt.Errorf("day digests: %w", err)
		}
	}
	var rev int64
	if err := tx.QueryRowContext(ctx, `SELECT revision FROM datasets WHERE id = ?`, dsID).Scan(&rev); err != nil {
		return fmt.Errorf("day digests: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO day_inputs_revision(dataset_id, revision) VALUES(?, ?)
		ON CONFLICT(dataset_id) DO UPDATE SET revision = excluded.revision
		WHERE day_inputs_revision.revision <> excluded.revision`, dsID, rev)
	if err != nil {
		return fmt.Errorf("day digests: %w", err)
	}
	return nil
}

// dropAfterChanged drops the digest of the day after a day whose input
// changed (in the days the store has digests of) when the import did not
// read it: the changed day's version goes on over it (a partial import, or
// the day missing from the input), so that its digest no longer tells
// what the store shows that day.
func dropAfterChanged(ctx context.Context, tx *txn, dsID int64, have, sums map[geo.Day]geo.Digest) error {
	days := make([]geo.Day, 0, len(have))
	for d := range have {
		days = append(days, d)
	}
	slices.Sort(days)
	for day, sum := range sums {
		if old, ok := have[day]; ok && old == sum && sum != (geo.Digest{}) {
			continue
		}
		i, _ := slices.BinarySearch(days, day+1)
		if i == len(days) {
			continue
		}
		if _, read := sums[days[i]]; read {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM day_inputs WHERE dataset_id = ? AND day = ?`, dsID, int64(days[i])); err != nil {
			return fmt.Errorf("day digests: %w", err)
		}
		delete(have, days[i])
	}
	return nil
}
