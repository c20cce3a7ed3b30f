package store

import "strings"

// schemaFor returns the migrations of d's schema, in order: SQLite's
// PRAGMA user_version or PostgreSQL's schema_version holds how many ran.
// The tables both dialects share are written once, with the column types
// as {{placeholders}} that typeNames fills in; what only one dialect has
// (SQLite's R*Tree and rebuilt versions table, PostgreSQL's PostGIS
// columns, exclusion constraint and notifications) is written for it.
func schemaFor(d dialect) []string {
	steps := sqliteSteps
	if d.pg {
		steps = postgresSteps
	}
	r := typeNames(d)
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = r.Replace(s)
	}
	return out
}

// typeNames fills in the column types of a dialect.
func typeNames(d dialect) *strings.Replacer {
	if d.pg {
		return strings.NewReplacer("{{id}}", "bigserial PRIMARY KEY", "{{ref}}", "bigint", "{{text}}", "text",
			"{{blob}}", "bytea", "{{int}}", "integer", "{{big}}", "bigint", "{{real}}", "double precision",
			"{{geom}}", "geometry(MultiPolygon, 4326)")
	}
	return strings.NewReplacer("{{id}}", "INTEGER PRIMARY KEY", "{{ref}}", "INTEGER", "{{text}}", "TEXT",
		"{{blob}}", "BLOB", "{{int}}", "INTEGER", "{{big}}", "INTEGER", "{{real}}", "REAL", "{{geom}}", "BLOB")
}

// The shared parts of migration 1: datasets and regions, and the tables
// after versions (articles and their links, the audit log, settings).
const (
	datasetsDDL = `CREATE TABLE datasets(
		id {{id}},
		name {{text}} NOT NULL UNIQUE CHECK(name <> ''),
		description {{text}} NOT NULL DEFAULT '',
		created {{text}} NOT NULL
	);
	CREATE TABLE regions(
		id {{id}},
		slug {{text}} NOT NULL UNIQUE CHECK(slug <> ''),
		name {{text}} NOT NULL,
		kind {{text}} NOT NULL CHECK(kind IN ('admin','control','incursion','claim')),
		country {{text}} NOT NULL DEFAULT '',
		aliases {{text}} NOT NULL DEFAULT '[]',
		outline {{geom}}
	);`
	versionIndexesDDL = `CREATE INDEX versions_region ON versions(dataset_id, region_id, valid_from);
	CREATE INDEX versions_day ON versions(dataset_id, valid_from, valid_to);`
	articlesDDL = `CREATE TABLE articles(
		id {{id}},
		title {{text}} NOT NULL CHECK(title <> ''),
		url {{text}} NOT NULL UNIQUE,
		outlet {{text}} NOT NULL DEFAULT '',
		published {{int}} NOT NULL,
		summary {{text}} NOT NULL DEFAULT ''
	);
	CREATE INDEX articles_published ON articles(published);
	CREATE TABLE article_regions(
		article_id {{ref}} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
		region_id {{ref}} NOT NULL REFERENCES regions(id),
		PRIMARY KEY(article_id, region_id)
	);
	CREATE INDEX article_regions_region ON article_regions(region_id);
	CREATE TABLE article_versions(
		article_id {{ref}} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
		version_id {{ref}} NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
		PRIMARY KEY(article_id, version_id)
	);
	CREATE TABLE audit(
		id {{id}},
		at {{text}} NOT NULL,
		actor {{text}} NOT NULL,
		action {{text}} NOT NULL,
		entity {{text}} NOT NULL,
		entity_id {{ref}},
		source {{text}} NOT NULL DEFAULT '',
		detail {{text}} NOT NULL DEFAULT ''
	);
	CREATE TABLE settings(key {{text}} PRIMARY KEY, value {{text}} NOT NULL);`
)

// Migrations 3, 5, 6, 7, 8, 9 and 10 are the same in both dialects.
const (
	// 3: the editors, each with a token of their own for writes over HTTP
	// (editors.go). Only the SHA-256 of a token is kept; a name is never
	// reused, since the audit log names editors.
	editorsDDL = `CREATE TABLE editors(
		id {{id}},
		name {{text}} NOT NULL UNIQUE CHECK(name <> ''),
		token_hash {{blob}} NOT NULL UNIQUE,
		created {{text}} NOT NULL,
		revoked {{text}}
	);`
	// 5: what a map of a dataset says about it (geo.Dataset): a title, the
	// attribution, licence and source URL it credits, and the first and
	// last observed day of the files imported into it (NULL: unknown).
	datasetMetaDDL = `ALTER TABLE datasets ADD COLUMN title {{text}} NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN attribution {{text}} NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN license {{text}} NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN source_url {{text}} NOT NULL DEFAULT '';
	ALTER TABLE datasets ADD COLUMN observed_from {{int}};
	ALTER TABLE datasets ADD COLUMN observed_to {{int}};`
	// 6: the state of each dataset's sync (data/store/syncstate.go), shared
	// by every process over the database: its source, what it has seen
	// (the last day, DeepStateMap's last file, an archive's validators),
	// how its runs went (failing: failed runs since the last success), and
	// the lease that lets one process at a time sync it. Times are Unix
	// milliseconds.
	syncStateDDL = `CREATE TABLE sync_state(
		dataset {{text}} PRIMARY KEY CHECK(dataset <> ''),
		source {{text}} NOT NULL DEFAULT '',
		format {{text}} NOT NULL DEFAULT 'series',
		last_day {{int}},
		last_stamp {{big}},
		etag {{text}} NOT NULL DEFAULT '',
		last_modified {{text}} NOT NULL DEFAULT '',
		runs {{big}} NOT NULL DEFAULT 0,
		failures {{big}} NOT NULL DEFAULT 0,
		failing {{big}} NOT NULL DEFAULT 0,
		last_run_at {{big}},
		last_success_at {{big}},
		last_error {{text}} NOT NULL DEFAULT '',
		last_error_at {{big}},
		last_note {{text}} NOT NULL DEFAULT '',
		lease_holder {{text}} NOT NULL DEFAULT '',
		lease_until {{big}} NOT NULL DEFAULT 0
	);`
	// 7: the seed's first observed day is its first version's day (a day
	// before it has no map, not a map without occupation); seeding sets it
	// on a new database (seed.go), this on one seeded before.
	seedObservedDDL = `UPDATE datasets SET observed_from = (SELECT MIN(valid_from) FROM versions WHERE versions.dataset_id = datasets.id)
	WHERE name = 'seed' AND observed_from IS NULL;`
	// 8: the digest of the input each day of a dataset was last imported
	// from (day_inputs.go), so that a re-import skips the days whose input
	// it has imported already; and the dataset's revision after the last
	// import that kept digests: a write of its versions since (another
	// import, an editor) makes them all stale.
	dayInputsDDL = `CREATE TABLE day_inputs(
		dataset_id {{ref}} NOT NULL REFERENCES datasets(id),
		day {{int}} NOT NULL,
		digest {{blob}} NOT NULL,
		PRIMARY KEY(dataset_id, day)
	);
	CREATE TABLE day_inputs_revision(
		dataset_id {{ref}} PRIMARY KEY REFERENCES datasets(id),
		revision {{big}} NOT NULL
	);`
	// 9: an editor's scope (geo.Editor): the names of the datasets they
	// may write, sorted and joined by ','; '' (every editor before) is
	// every dataset. Names, not ids: a scope may name a dataset its
	// editor's first import makes, and copies match datasets by name.
	editorScopeDDL = `ALTER TABLE editors ADD COLUMN datasets {{text}} NOT NULL DEFAULT '';`
	// 10: the figures of each change day of a dataset (figures.go): the
	// digest of the versions on its map and its held bound ("w,s,e,n" or
	// ''), and per side and status its km² and the part inside Ukraine
	// (area '', with the regions, slugs joined by ',') and inside each
	// oblast it reaches (area the oblast's ISO code); and the dataset's
	// revision they were last brought up to date with.
	figuresDDL = `CREATE TABLE figure_days(
		dataset_id {{ref}} NOT NULL REFERENCES datasets(id),
		day {{int}} NOT NULL,
		versions {{blob}} NOT NULL,
		bbox {{text}} NOT NULL DEFAULT '',
		PRIMARY KEY(dataset_id, day)
	);
	CREATE TABLE figures(
		dataset_id {{ref}} NOT NULL REFERENCES datasets(id),
		day {{int}} NOT NULL,
		area {{text}} NOT NULL,
		side {{text}} NOT NULL,
		status {{text}} NOT NULL,
		area_km2 {{real}} NOT NULL,
		inside_km2 {{real}} NOT NULL,
		regions {{text}} NOT NULL DEFAULT '',
		PRIMARY KEY(dataset_id, day, area, side, status)
	);
	CREATE TABLE figures_revision(
		dataset_id {{ref}} PRIMARY KEY REFERENCES datasets(id),
		revision {{big}} NOT NULL
	);`
)
