package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"
)

// SeedDataset is the name of the dataset that holds the embedded seed history.
const SeedDataset = "seed"

// datasetCols are the columns of a dataset as scanDataset reads them.
const datasetCols = `name, title, description, attribution, license, source_url, observed_from, observed_to`

func scanDataset(r interface{ Scan(...any) error }) (geo.Dataset, error) {
	var d geo.Dataset
	var from, to sql.NullInt64
	err := r.Scan(&d.Name, &d.Title, &d.Description, &d.Attribution, &d.License, &d.SourceURL, &from, &to)
	d.ObservedFrom, d.ObservedTo = geo.Day(from.Int64), geo.Day(to.Int64)
	return d, err
}

// Datasets returns every dataset with what describes it, ordered by name.
func (s *Store) Datasets(ctx context.Context) ([]geo.Dataset, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+datasetCols+` FROM datasets ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer rows.Close()
	var out []geo.Dataset
	for rows.Next() {
		d, err := scanDataset(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Dataset returns one dataset with what describes it; an unknown name is
// ErrNotFound.
func (s *Store) Dataset(ctx context.Context, name string) (geo.Dataset, error) {
	return readDataset(ctx, s.db, name)
}

func readDataset(ctx context.Context, q querier, name string) (geo.Dataset, error) {
	d, err := scanDataset(q.QueryRowContext(ctx, `SELECT `+datasetCols+` FROM datasets WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("%w: dataset %s", ErrNotFound, geo.Echo(name))
	}
	if err != nil {
		return d, fmt.Errorf("dataset %s: %w", geo.Echo(name), err)
	}
	return d, nil
}

// observed says what the observed range of dataset says of day: asOf,
// the day whose map answers for it (geo.Dataset.AsOf: the last observed
// day when day lies after it, else 0), and whether it lies on or after
// the first observed day (geo.Dataset.Observed); a dataset that does not
// exist is observed on every day, as of none.
func (s *Store) observed(ctx context.Context, dataset string, day geo.Day) (asOf geo.Day, observed bool, err error) {
	d, err := s.observedRange(ctx, dataset)
	return d.AsOf(day), d.Observed(day), err
}

// observedRange reads the observed range of dataset (ObservedFrom and
// ObservedTo; zero when unknown or the dataset is not found).
func (s *Store) observedRange(ctx context.Context, dataset string) (geo.Dataset, error) {
	var from, to sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT observed_from, observed_to FROM datasets WHERE name = ?`, dataset).Scan(&from, &to)
	if errors.Is(err, sql.ErrNoRows) {
		return geo.Dataset{}, nil
	}
	if err != nil {
		return geo.Dataset{}, fmt.Errorf("dataset %s: %w", geo.Echo(dataset), err)
	}
	return geo.Dataset{ObservedFrom: geo.Day(from.Int64), ObservedTo: geo.Day(to.Int64)}, nil
}

// setObservedFrom sets the first observed day of dataset id when it has
// none (the seed's: its first version's day), with an audit row.
func setObservedFrom(ctx context.Context, tx *txn, actor string, id int64, first geo.Day) error {
	res, err := tx.ExecContext(ctx, `UPDATE datasets SET observed_from = ? WHERE id = ? AND observed_from IS NULL`, int64(first), id)
	if err != nil {
		return fmt.Errorf("observed range: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return audit(ctx, tx, actor, "update", "dataset", id, "", "observed from "+first.String())
}

// EditDataset changes the title, description, attribution, licence or
// source URL of a dataset (the non-nil fields of e) and returns the dataset
// as stored. Values are checked as geo.DatasetEdit.Normalize does (a
// *geo.ValidationError, nothing written); an unknown dataset is ErrNotFound. A
// change writes an audit row naming the fields; an edit that changes
// nothing writes nothing.
func (s *Store) EditDataset(ctx context.Context, name string, e geo.DatasetEdit) (geo.Dataset, error) {
	e, err := normalizeEdit(e)
	if err != nil {
		return geo.Dataset{}, err
	}
	var out geo.Dataset
	err = s.tx(ctx, func(tx *txn) error {
		id, err := datasetID(ctx, tx, name)
		if err != nil {
			return err
		}
		if err := editDataset(ctx, tx, s.actor, id, name, e); err != nil {
			return err
		}
		out, err = readDataset(ctx, tx, name)
		return err
	})
	return out, err
}

// normalizeEdit is geo.DatasetEdit.Normalize with its refusal as a
// *geo.ValidationError.
func normalizeEdit(e geo.DatasetEdit) (geo.DatasetEdit, error) {
	n, err := e.Normalize()
	if err != nil {
		return e, &geo.ValidationError{Problems: []geo.Problem{{What: "dataset", Why: err.Error()}}}
	}
	return n, nil
}

// editDataset writes the fields e sets of dataset id (named name) that
// differ from the stored ones, with an audit row; e is normalized.
func editDataset(ctx context.Context, tx *txn, actor string, id int64, name string, e geo.DatasetEdit) error {
	if e.Empty() {
		return nil
	}
	old, err := readDataset(ctx, tx, name)
	if err != nil {
		return err
	}
	changes := e.Changes(old)
	if len(changes) == 0 {
		return nil
	}
	d := e.Apply(old)
	if _, err := tx.ExecContext(ctx, `UPDATE datasets SET title = ?, description = ?, attribution = ?, license = ?, source_url = ? WHERE id = ?`,
		d.Title, d.Description, d.Attribution, d.License, d.SourceURL, id); err != nil {
		return fmt.Errorf("update dataset %s: %w", name, err)
	}
	return audit(ctx, tx, actor, "update", "dataset", id, "", name+" "+strings.Join(changes, " "))
}

// widenObserved widens the observed range of dataset id to take in the
// days first..last (of files just imported); it never narrows it. A
// change writes an audit row.
func widenObserved(ctx context.Context, tx *txn, actor string, id int64, first, last geo.Day) error {
	if first == 0 || last < first {
		return nil
	}
	var from, to sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT observed_from, observed_to FROM datasets WHERE id = ?`, id).Scan(&from, &to); err != nil {
		return fmt.Errorf("observed range: %w", err)
	}
	nf, nt := int64(first), int64(last)
	if from.Valid && from.Int64 < nf {
		nf = from.Int64
	}
	if to.Valid && to.Int64 > nt {
		nt = to.Int64
	}
	if from.Valid && to.Valid && nf == from.Int64 && nt == to.Int64 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE datasets SET observed_from = ?, observed_to = ? WHERE id = ?`, nf, nt, id); err != nil {
		return fmt.Errorf("observed range: %w", err)
	}
	return audit(ctx, tx, actor, "update", "dataset", id, "", fmt.Sprintf("observed %s..%s", geo.Day(nf), geo.Day(nt)))
}

// HasDataset reports whether a dataset exists.
func (s *Store) HasDataset(ctx context.Context, name string) (bool, error) {
	_, err := datasetID(ctx, s.db, name)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// ensureDataset returns the id of a dataset, creating it if needed.
func ensureDataset(ctx context.Context, tx *txn, actor, name, description string) (int64, error) {
	id, err := datasetID(ctx, tx, name)
	if !errors.Is(err, ErrNotFound) {
		return id, err
	}
	if !ValidSlug(name) {
		return 0, &geo.ValidationError{Problems: []geo.Problem{{What: "dataset " + geo.Echo(name), Why: "bad name: want lowercase words joined by '-'"}}}
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO datasets(name, description, created) VALUES(?,?,?) RETURNING id`,
		name, description, time.Now().UTC().Format(time.RFC3339)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert dataset %s: %w", name, err)
	}
	return id, audit(ctx, tx, actor, "insert", "dataset", id, "", name)
}

// DefaultDataset returns the dataset that reads use when none is named.
func (s *Store) DefaultDataset(ctx context.Context) (string, error) {
	v, err := s.setting(ctx, "default_dataset")
	if err != nil || v == "" {
		return SeedDataset, err
	}
	return v, nil
}

// SetDefaultDataset makes name the default dataset; it must exist.
func (s *Store) SetDefaultDataset(ctx context.Context, name string) error {
	if ok, err := s.HasDataset(ctx, name); err != nil || !ok {
		if err == nil {
			err = fmt.Errorf("%w: dataset %q", ErrNotFound, name)
		}
		return err
	}
	return s.tx(ctx, func(tx *txn) error {
		if err := setSetting(ctx, tx, "default_dataset", name); err != nil {
			return err
		}
		return audit(ctx, tx, s.actor, "update", "setting", 0, "", "default_dataset "+name)
	})
}

func (s *Store) setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func setSetting(ctx context.Context, tx *txn, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
