package store

import (
	"context"
	"database/sql/driver"
	"fmt"
)

// migrations are applied in order; PRAGMA user_version holds how many ran.
var migrations = []string{
	`CREATE TABLE datasets(
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL UNIQUE CHECK(name <> ''),
		description TEXT NOT NULL DEFAULT '',
		created TEXT NOT NULL
	);
	CREATE TABLE regions(
		id INTEGER PRIMARY KEY,
		slug TEXT NOT NULL UNIQUE CHECK(slug <> ''),
		name TEXT NOT NULL,
		kind TEXT NOT NULL CHECK(kind IN ('admin','control','incursion','claim')),
		country TEXT NOT NULL DEFAULT '',
		aliases TEXT NOT NULL DEFAULT '[]',
		outline BLOB
	);
	CREATE TABLE versions(
		id INTEGER PRIMARY KEY,
		dataset_id INTEGER NOT NULL REFERENCES datasets(id),
		region_id INTEGER NOT NULL REFERENCES regions(id),
		side TEXT NOT NULL CHECK(side IN ('ru','ua')),
		status TEXT NOT NULL CHECK(status IN ('occupied','liberated','contested','claimed')),
		valid_from INTEGER NOT NULL,
		valid_to INTEGER NOT NULL,
		geom BLOB NOT NULL,
		geom_hash BLOB NOT NULL,
		area_km2 REAL NOT NULL,
		source TEXT NOT NULL DEFAULT '',
		CHECK(valid_from < valid_to)
	);
	CREATE INDEX versions_region ON versions(dataset_id, region_id, valid_from);
	CREATE INDEX versions_day ON versions(dataset_id, valid_from, valid_to);
	CREATE VIRTUAL TABLE versions_bbox USING rtree(id, min_lon, max_lon, min_lat, max_lat);
	CREATE TABLE articles(
		id INTEGER PRIMARY KEY,
		title TEXT NOT NULL CHECK(title <> ''),
		url TEXT NOT NULL UNIQUE,
		outlet TEXT NOT NULL DEFAULT '',
		published INTEGER NOT NULL,
		summary TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX articles_published ON articles(published);
	CREATE TABLE article_regions(
		article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
		region_id INTEGER NOT NULL REFERENCES regions(id),
		PRIMARY KEY(article_id, region_id)
	);
	CREATE INDEX article_regions_region ON article_regions(region_id);
	CREATE TABLE article_versions(
		article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
		version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
		PRIMARY KEY(article_id, version_id)
	);
	CREATE TABLE audit(
		id INTEGER PRIMARY KEY,
		at TEXT NOT NULL,
		actor TEXT NOT NULL,
		action TEXT NOT NULL,
		entity TEXT NOT NULL,
		entity_id INTEGER,
		source TEXT NOT NULL DEFAULT '',
		detail TEXT NOT NULL DEFAULT ''
	);
	CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
	// 2: a revision per dataset, bumped by triggers on every change of its
	// versions, whoever makes it (a server, the CLI, a SQL client): the
	// servers compare revisions to know what changed (watch.go).
	`ALTER TABLE datasets ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
	CREATE TRIGGER versions_revision_insert AFTER INSERT ON versions BEGIN
		UPDATE datasets SET revision = revision + 1 WHERE id = NEW.dataset_id;
	END;
	CREATE TRIGGER versions_revision_update AFTER UPDATE ON versions BEGIN
		UPDATE datasets SET revision = revision + 1 WHERE id IN (OLD.dataset_id, NEW.dataset_id);
	END;
	CREATE TRIGGER versions_revision_delete AFTER DELETE ON versions BEGIN
		UPDATE datasets SET revision = revision + 1 WHERE id = OLD.dataset_id;
	END;`,
	// 3: the editors, each with a token of their own for writes over HTTP
	// (editors.go). Only the SHA-256 of a token is kept; a name is never
	// reused, since the audit log names editors.
	`CREATE TABLE editors(
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL UNIQUE CHECK(name <> ''),
		token_hash BLOB NOT NULL UNIQUE,
		created TEXT NOT NULL,
		revoked TEXT
	);`,
	// 4: side 'none', for the grey zones that neither side holds (status
	// contested only; geo.SideNone). SQLite cannot change a CHECK, so the
	// table is made again (https://sqlite.org/lang_altertable.html#otheralter,
	// with foreign keys off: migrateRebuild): the same rows and ids (the
	// versions_bbox R*Tree and article_versions keep pointing at them), its
	// indexes and the revision triggers of migration 2.
	`CREATE TABLE versions_new(
		id INTEGER PRIMARY KEY,
		dataset_id INTEGER NOT NULL REFERENCES datasets(id),
		region_id INTEGER NOT NULL REFERENCES regions(id),
		side TEXT NOT NULL CHECK(side IN ('ru','ua','none')),
		status TEXT NOT NULL CHECK(status IN ('occupied','liberated','contested','claimed')),
		valid_from INTEGER NOT NULL,
		valid_to INTEGER NOT NULL,
		geom BLOB NOT NULL,
		geom_hash BLOB NOT NULL,
		area_km2 REAL NOT NULL,
		source TEXT NOT NULL DEFAULT '',
		CHECK(valid_from < valid_to),
		CHECK(side <> 'none' OR status = 'contested')
	);
	INSERT INTO versions_new(id, dataset_id, region_id, side, status, valid_from, valid_to, geom, geom_hash, area_km2, source)
		SELECT id, dataset_id, region_id, side, status, valid_from, valid_to, geom, geom_hash, area_km2, source FROM versions;
	DROP TABLE versions;
	ALTER TABLE versions_new RENAME TO versions;
	CREATE INDEX versions_region ON versions(dataset_id, region_id, valid_from);
	CREATE INDEX versions_day ON versions(dataset_id, valid_from, valid_to);
	CREATE TRIGGER versions_revision_insert AFTER INSERT ON versions BEGIN
		UPDATE datasets SET revision = revision + 1 WHERE id = NEW.dataset_id;
	END;
	CREATE TRIGGER versions_revision_update AFTER UPDATE ON versions BEGIN
		UPDATE datasets SET revision = revision + 1 WHERE id IN (OLD.dataset_id, NEW.dataset_id);
	END;
	CREATE TRIGGER versions_revision_delete AFTER DELETE ON versions BEGIN
		UPDATE datasets SET revision = revision + 1 WHERE id = OLD.dataset_id;
	END;`,
	// 5: what a map of a dataset says about it (geo.Dataset): a title, the
	// attribution, licence and source URL it credits, and the first and
	// last observed day of the files imported into it (NULL: unknown).
	`ALTER TABLE datasets ADD COLUMN title TEXT NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN attribution TEXT NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN license TEXT NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN source_url TEXT NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN observed_from INTEGER;
	ALTER TABLE datasets ADD COLUMN observed_to INTEGER;`,
	// 6: the state of each dataset's sync (sync.go), shared by every
	// process over the database: its source, what it has seen (the last
	// day, DeepStateMap's last file, an archive's validators), how its runs
	// went (failing: failed runs since the last success), and the lease
	// that lets one process at a time sync it. Times are Unix milliseconds.
	`CREATE TABLE sync_state(
		dataset TEXT PRIMARY KEY CHECK(dataset <> ''),
		source TEXT NOT NULL DEFAULT '',
		format TEXT NOT NULL DEFAULT 'series',
		last_day INTEGER,
		last_stamp INTEGER,
		etag TEXT NOT NULL DEFAULT '',
		last_modified TEXT NOT NULL DEFAULT '',
		runs INTEGER NOT NULL DEFAULT 0,
		failures INTEGER NOT NULL DEFAULT 0,
		failing INTEGER NOT NULL DEFAULT 0,
		last_run_at INTEGER,
		last_success_at INTEGER,
		last_error TEXT NOT NULL DEFAULT '',
		last_error_at INTEGER,
		last_note TEXT NOT NULL DEFAULT '',
		lease_holder TEXT NOT NULL DEFAULT '',
		lease_until INTEGER NOT NULL DEFAULT 0
	);`,
}

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
	if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
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
