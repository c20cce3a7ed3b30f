package store

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// figuresLockKey names the lock of a dataset's figures among PostgreSQL's
// advisory locks (with the dataset's id): one writer of them at a time.
const figuresLockKey = 0x66696731 // "fig1"

// writeFigures writes what a refresh measured from the versions of
// revision rev: the stale days dropped, the measured days replaced, and
// the figures' revision set. A writer that finds them of rev or later
// already (another process refreshed meanwhile) writes nothing.
func (s *Store) writeFigures(ctx context.Context, dsID, rev int64, stale []geo.Day, res []dayFigures, areas []string) error {
	return s.tx(ctx, func(tx *txn) error {
		if tx.d.pg {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?, ?)`, figuresLockKey, dsID); err != nil {
				return err
			}
		}
		var kept int64 = -1
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(revision), -1) FROM figures_revision WHERE dataset_id = ?`, dsID).Scan(&kept); err != nil {
			return err
		}
		if kept >= rev {
			return nil
		}
		drop := stale
		for _, r := range res {
			drop = append(drop, r.day.day)
		}
		if err := dropFigureDays(ctx, tx, dsID, drop); err != nil {
			return err
		}
		var days, figs [][]any
		for _, r := range res {
			days = append(days, []any{dsID, int64(r.day.day), r.day.digest[:], bboxText(r.tally)})
			figs = append(figs, figureRows(dsID, r.day.day, r.tally, areas)...)
		}
		if err := insertRows(ctx, tx, `figure_days(dataset_id, day, versions, bbox)`, days); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, `figures(dataset_id, day, area, side, status, area_km2, inside_km2, regions)`, figs); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO figures_revision(dataset_id, revision) VALUES(?, ?)
			ON CONFLICT(dataset_id) DO UPDATE SET revision = excluded.revision`, dsID, rev)
		return err
	})
}

// dropFigureDays deletes the figures of the given days of a dataset, a
// few hundred days a statement.
func dropFigureDays(ctx context.Context, tx *txn, dsID int64, days []geo.Day) error {
	for len(days) > 0 {
		n := min(len(days), 500)
		args := []any{dsID}
		for _, d := range days[:n] {
			args = append(args, int64(d))
		}
		in := `dataset_id = ? AND day IN (` + placeholders(n) + `)`
		for _, t := range []string{"figures", "figure_days"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE `+in, args...); err != nil {
				return fmt.Errorf("drop figures: %w", err)
			}
		}
		days = days[n:]
	}
	return nil
}

// insertRows inserts rows into table (its name and columns), many rows a
// statement.
func insertRows(ctx context.Context, tx *txn, table string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), 200)
		row := `(` + placeholders(len(rows[0])) + `)`
		var args []any
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		q := `INSERT INTO ` + table + ` VALUES ` + strings.TrimSuffix(strings.Repeat(row+",", n), ",")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table[:strings.IndexByte(table, '(')], err)
		}
		rows = rows[n:]
	}
	return nil
}

// bboxText is the held bound of a day as stored: "west,south,east,north"
// rounded to 1e-4 degrees, "" for none.
func bboxText(t geo.Tally) string {
	if !t.HasBound {
		return ""
	}
	b := t.Bound
	var parts []string
	for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		parts = append(parts, strconv.FormatFloat(math.Round(v*1e4)/1e4, 'f', -1, 64))
	}
	return strings.Join(parts, ",")
}

// parseBBox reads a stored bound back (nil for "").
func parseBBox(s string) []float64 {
	if s == "" {
		return nil
	}
	var out []float64
	for _, p := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}
