package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// openPostgres opens a pool on a PostgreSQL URL and checks that the server
// answers, so that a wrong host or password fails at start with a message
// that names the host.
func openPostgres(ctx context.Context, url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("bad PostgreSQL URL: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot reach PostgreSQL at %s:%d as %s: %w", cfg.Host, cfg.Port, cfg.User, err)
	}
	return db, nil
}

// pgMigrations are the PostgreSQL schema, step by step as migrations are
// for SQLite; schema_version holds how many ran. Geometries are PostGIS
// columns with GiST indexes, so QGIS, ogr2ogr or another tile server can
// read the tables; a region's versions in a dataset never overlap in time,
// which the exclusion constraint on their validity (a daterange, open at
// the end while a version is current) enforces for every writer.
var pgMigrations = []string{
	`CREATE EXTENSION IF NOT EXISTS postgis;
	CREATE EXTENSION IF NOT EXISTS btree_gist;
	CREATE TABLE datasets(
		id bigserial PRIMARY KEY,
		name text NOT NULL UNIQUE CHECK(name <> ''),
		description text NOT NULL DEFAULT '',
		created text NOT NULL
	);
	CREATE TABLE regions(
		id bigserial PRIMARY KEY,
		slug text NOT NULL UNIQUE CHECK(slug <> ''),
		name text NOT NULL,
		kind text NOT NULL CHECK(kind IN ('admin','control','incursion','claim')),
		country text NOT NULL DEFAULT '',
		aliases text NOT NULL DEFAULT '[]',
		outline geometry(MultiPolygon, 4326)
	);
	CREATE TABLE versions(
		id bigserial PRIMARY KEY,
		dataset_id bigint NOT NULL REFERENCES datasets(id),
		region_id bigint NOT NULL REFERENCES regions(id),
		side text NOT NULL CHECK(side IN ('ru','ua')),
		status text NOT NULL CHECK(status IN ('occupied','liberated','contested','claimed')),
		valid_from integer NOT NULL,
		valid_to integer NOT NULL,
		geom geometry(MultiPolygon, 4326) NOT NULL,
		geom_hash bytea NOT NULL,
		area_km2 double precision NOT NULL,
		source text NOT NULL DEFAULT '',
		valid daterange GENERATED ALWAYS AS (daterange(DATE '1970-01-01' + valid_from,
			CASE WHEN valid_to = 2147483647 THEN NULL ELSE DATE '1970-01-01' + valid_to END)) STORED,
		CHECK(valid_from < valid_to),
		CONSTRAINT versions_no_overlap EXCLUDE USING gist (dataset_id WITH =, region_id WITH =, valid WITH &&)
	);
	CREATE INDEX versions_geom ON versions USING gist(geom);
	CREATE INDEX versions_region ON versions(dataset_id, region_id, valid_from);
	CREATE INDEX versions_day ON versions(dataset_id, valid_from, valid_to);
	CREATE TABLE articles(
		id bigserial PRIMARY KEY,
		title text NOT NULL CHECK(title <> ''),
		url text NOT NULL UNIQUE,
		outlet text NOT NULL DEFAULT '',
		published integer NOT NULL,
		summary text NOT NULL DEFAULT ''
	);
	CREATE INDEX articles_published ON articles(published);
	CREATE TABLE article_regions(
		article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
		region_id bigint NOT NULL REFERENCES regions(id),
		PRIMARY KEY(article_id, region_id)
	);
	CREATE INDEX article_regions_region ON article_regions(region_id);
	CREATE TABLE article_versions(
		article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
		version_id bigint NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
		PRIMARY KEY(article_id, version_id)
	);
	CREATE TABLE audit(
		id bigserial PRIMARY KEY,
		at text NOT NULL,
		actor text NOT NULL,
		action text NOT NULL,
		entity text NOT NULL,
		entity_id bigint,
		source text NOT NULL DEFAULT '',
		detail text NOT NULL DEFAULT ''
	);
	CREATE TABLE settings(key text PRIMARY KEY, value text NOT NULL);`,
	// 2: a revision per dataset, bumped once per statement that changes its
	// versions, whoever runs it, and a notification on the channel
	// frontline_changes (the dataset's name) that every server listens to;
	// a change of the settings (the default dataset) notifies '' (watch.go).
	`ALTER TABLE datasets ADD COLUMN revision bigint NOT NULL DEFAULT 0;
	CREATE FUNCTION frontline_versions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
	DECLARE
		n text;
	BEGIN
		FOR n IN UPDATE datasets SET revision = revision + 1
			WHERE id IN (SELECT dataset_id FROM changed_rows) RETURNING name
		LOOP
			PERFORM pg_notify('frontline_changes', n);
		END LOOP;
		RETURN NULL;
	END $$;
	CREATE TRIGGER versions_changed_insert AFTER INSERT ON versions
		REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION frontline_versions_changed();
	CREATE TRIGGER versions_changed_update AFTER UPDATE ON versions
		REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION frontline_versions_changed();
	CREATE TRIGGER versions_changed_delete AFTER DELETE ON versions
		REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION frontline_versions_changed();
	CREATE FUNCTION frontline_settings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		PERFORM pg_notify('frontline_changes', '');
		RETURN NULL;
	END $$;
	CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE OR DELETE ON settings
		FOR EACH STATEMENT EXECUTE FUNCTION frontline_settings_changed();`,
	// 3: the editors and the SHA-256 of their tokens (editors.go).
	`CREATE TABLE editors(
		id bigserial PRIMARY KEY,
		name text NOT NULL UNIQUE CHECK(name <> ''),
		token_hash bytea NOT NULL UNIQUE,
		created text NOT NULL,
		revoked text
	);`,
	// 4: side 'none', for the grey zones that neither side holds (status
	// contested only; geo.SideNone).
	`ALTER TABLE versions DROP CONSTRAINT versions_side_check;
	ALTER TABLE versions ADD CONSTRAINT versions_side_check CHECK(side IN ('ru','ua','none'));
	ALTER TABLE versions ADD CONSTRAINT versions_side_none_check CHECK(side <> 'none' OR status = 'contested');`,
	// 5: what a map of a dataset says about it (geo.Dataset), as SQLite's 5.
	`ALTER TABLE datasets ADD COLUMN title text NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN attribution text NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN license text NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN source_url text NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN observed_from integer;
	ALTER TABLE datasets ADD COLUMN observed_to integer;`,
	// 6: the state of each dataset's sync and its lease, as SQLite's 6
	// (sync.go; times in Unix milliseconds).
	`CREATE TABLE sync_state(
		dataset text PRIMARY KEY CHECK(dataset <> ''),
		source text NOT NULL DEFAULT '',
		format text NOT NULL DEFAULT 'series',
		last_day integer,
		last_stamp bigint,
		etag text NOT NULL DEFAULT '',
		last_modified text NOT NULL DEFAULT '',
		runs bigint NOT NULL DEFAULT 0,
		failures bigint NOT NULL DEFAULT 0,
		failing bigint NOT NULL DEFAULT 0,
		last_run_at bigint,
		last_success_at bigint,
		last_error text NOT NULL DEFAULT '',
		last_error_at bigint,
		last_note text NOT NULL DEFAULT '',
		lease_holder text NOT NULL DEFAULT '',
		lease_until bigint NOT NULL DEFAULT 0
	);`,
}

// migratePostgres applies pending migrations under an advisory lock, so
// that servers starting at once over one database migrate it once.
func (s *Store) migratePostgres(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	const lockKey = 0x66726f6e74 // "front"
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockKey); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockKey)
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version(version integer NOT NULL)`); err != nil {
		return fmt.Errorf("schema_version: %w", err)
	}
	var have int
	err = conn.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&have)
	if err == sql.ErrNoRows {
		if _, err := conn.ExecContext(ctx, `INSERT INTO schema_version VALUES(0)`); err != nil {
			return err
		}
	} else if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if have > len(pgMigrations) {
		return fmt.Errorf("schema version %d is newer than this binary (%d)", have, len(pgMigrations))
	}
	for i := have; i < len(pgMigrations); i++ {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, pgMigrations[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = $1`, i+1); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}
