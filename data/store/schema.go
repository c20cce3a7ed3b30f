package store

import (
	"context"
	"database/sql/driver"
	"fmt"
)

// rebuildMigrations are the SQLite migrations that make a table again:
// they run with foreign keys off, or dropping the old versions table would
// cascade to article_versions (migrateRebuild).
var rebuildMigrations = map[int]bool{4: true}

// migrate applies pending migrations, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	if s.d.pg {
		return s.migratePostgres(ctx)
	}
	var have int
	if err := s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&have); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	migrations := schemaFor(s.d)
	if have > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this binary (%d)", have, len(migrations))
	}
	for i := have; i < len(migrations); i++ {
		if rebuildMigrations[i+1] {
			if err := s.migrateRebuild(ctx, i); err != nil {
				return fmt.Errorf("migration %d: %w", i+1, err)
			}
			continue
		}
		err := s.tx(ctx, func(tx *txn) error {
			if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, i+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}

// migrateRebuild runs SQLite migration i+1, one that makes a table again,
// as SQLite's documentation says: on a connection of its own with foreign
// keys off (a pragma that a transaction cannot change), in one transaction
// that checks the foreign keys before it commits. Another process that
// migrated meanwhile is noticed under the write lock, and nothing is done.
func (s *Store) migrateRebuild(ctx context.Context, i int) (err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	defer func() {
		if _, ferr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); ferr != nil {
			// Never hand the pool a connection without foreign keys.
			conn.Raw(func(any) error { return driver.ErrBadConn })
			if err == nil {
				err = ferr
			}
		}
	}()
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock): the write lock
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var have int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&have); err != nil {
		return err
	}
	if have > i {
		return nil // another process ran it
	}
	if _, err := tx.ExecContext(ctx, schemaFor(s.d)[i]); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	bad := rows.Next()
	rows.Close()
	if bad {
		return fmt.Errorf("foreign keys broken by the migration")
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, i+1)); err != nil {
		return err
	}
	return tx.Commit()
}
