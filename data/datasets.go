package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/frontline-map/frontline/geo"
)

// SeedDataset is the name of the dataset that holds the embedded seed history.
const SeedDataset = "seed"

// Datasets returns every dataset, ordered by name.
func (s *Store) Datasets(ctx context.Context) ([]geo.Dataset, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, description FROM datasets ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer rows.Close()
	var out []geo.Dataset
	for rows.Next() {
		var d geo.Dataset
		if err := rows.Scan(&d.Name, &d.Description); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
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
		return 0, &ValidationError{Problems: []Problem{{What: "dataset " + geo.Echo(name), Why: "bad name: want lowercase words joined by '-'"}}}
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
