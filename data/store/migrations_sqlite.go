package store

// sqliteVersionsDDL is SQLite's versions table: side 'none' came with
// migration 4, which made the table again, so the two differ only there.
func sqliteVersionsDDL(table, sides, noneCheck string) string {
	return `CREATE TABLE ` + table + `(
		id INTEGER PRIMARY KEY,
		dataset_id INTEGER NOT NULL REFERENCES datasets(id),
		region_id INTEGER NOT NULL REFERENCES regions(id),
		side TEXT NOT NULL CHECK(side IN (` + sides + `)),
		status TEXT NOT NULL CHECK(status IN ('occupied','liberated','contested','claimed')),
		valid_from INTEGER NOT NULL,
		valid_to INTEGER NOT NULL,
		geom BLOB NOT NULL,
		geom_hash BLOB NOT NULL,
		area_km2 REAL NOT NULL,
		source TEXT NOT NULL DEFAULT '',
		CHECK(valid_from < valid_to)` + noneCheck + `
	);`
}

// sqliteRevisionTriggers bump a dataset's revision on every change of its
// versions, whoever makes it (a server, the CLI, a SQL client): the
// servers compare revisions to know what changed (watch.go).
const sqliteRevisionTriggers = `CREATE TRIGGER versions_revision_insert AFTER INSERT ON versions BEGIN
		UPDATE datasets SET revision = revision + 1 WHERE id = NEW.dataset_id;
	END;
	CREATE TRIGGER versions_revision_update AFTER UPDATE ON versions BEGIN
		UPDATE datasets SET revision = revision + 1 WHERE id IN (OLD.dataset_id, NEW.dataset_id);
	END;
	CREATE TRIGGER versions_revision_delete AFTER DELETE ON versions BEGIN
		UPDATE datasets SET revision = revision + 1 WHERE id = OLD.dataset_id;
	END;`

// sqliteSteps are SQLite's migrations, with the shared tables' types as
// placeholders (schemaFor).
var sqliteSteps = []string{
	datasetsDDL + `
	` + sqliteVersionsDDL("versions", `'ru','ua'`, "") + `
	` + versionIndexesDDL + `
	CREATE VIRTUAL TABLE versions_bbox USING rtree(id, min_lon, max_lon, min_lat, max_lat);
	` + articlesDDL,
	// 2: a revision per dataset.
	`ALTER TABLE datasets ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
	` + sqliteRevisionTriggers,
	editorsDDL,
	// 4: side 'none', for the grey zones that neither side holds (status
	// contested only; geo.SideNone). SQLite cannot change a CHECK, so the
	// table is made again (https://sqlite.org/lang_altertable.html#otheralter,
	// with foreign keys off: migrateRebuild): the same rows and ids (the
	// versions_bbox R*Tree and article_versions keep pointing at them), its
	// indexes and the revision triggers of migration 2.
	sqliteVersionsDDL("versions_new", `'ru','ua','none'`, `,
		CHECK(side <> 'none' OR status = 'contested')`) + `
	INSERT INTO versions_new(id, dataset_id, region_id, side, status, valid_from, valid_to, geom, geom_hash, area_km2, source)
		SELECT id, dataset_id, region_id, side, status, valid_from, valid_to, geom, geom_hash, area_km2, source FROM versions;
	DROP TABLE versions;
	ALTER TABLE versions_new RENAME TO versions;
	` + versionIndexesDDL + `
	` + sqliteRevisionTriggers,
	datasetMetaDDL,
	syncStateDDL,
	seedObservedDDL,
	dayInputsDDL,
	editorScopeDDL,
	figuresDDL,
	// 11: PostgreSQL's index of validity and geometry; SQLite finds a
	// day's versions region by region down versions_region (versions.go).
	`SELECT 1;`,
}
