package store

// postgresSteps are PostgreSQL's migrations, with the shared tables' types
// as placeholders (schemaFor). Geometries are PostGIS columns with GiST
// indexes, so QGIS, ogr2ogr or another tile server can read the tables; a
// region's versions in a dataset never overlap in time, which the
// exclusion constraint on their validity (a daterange, open at the end
// while a version is current) enforces for every writer.
var postgresSteps = []string{
	`CREATE EXTENSION IF NOT EXISTS postgis;
	CREATE EXTENSION IF NOT EXISTS btree_gist;
	` + datasetsDDL + `
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
	` + versionIndexesDDL + `
	` + articlesDDL,
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
	editorsDDL,
	// 4: side 'none', for the grey zones that neither side holds (status
	// contested only; geo.SideNone).
	`ALTER TABLE versions DROP CONSTRAINT versions_side_check;
	ALTER TABLE versions ADD CONSTRAINT versions_side_check CHECK(side IN ('ru','ua','none'));
	ALTER TABLE versions ADD CONSTRAINT versions_side_none_check CHECK(side <> 'none' OR status = 'contested');`,
	datasetMetaDDL,
	syncStateDDL,
	seedObservedDDL,
	dayInputsDDL,
	editorScopeDDL,
	figuresDDL,
	// 11: the versions on the map at a day within a bbox in one GiST step
	// (validity and geometry), where versions_geom alone matched every
	// version ever drawn there (2,900 for a tile of the front on the real
	// history, to keep 7).
	`CREATE INDEX versions_day_geom ON versions USING gist (dataset_id, valid, geom);`,
}
