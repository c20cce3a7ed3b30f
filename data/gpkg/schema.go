package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
)

// coreSchema is the tables every GeoPackage has (GeoPackage 1.3, clauses
// 1.1.2 and 1.1.3) and the one table of geometry columns (2.1.5), as the
// specification writes them.
const coreSchema = `
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE,
  min_y DOUBLE,
  max_x DOUBLE,
  max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
CREATE TABLE gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);
`

// wgs84 is EPSG:4326's definition (OGC WKT 1), as GDAL writes it.
const wgs84 = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

// srsRows are the rows gpkg_spatial_ref_sys must have (clause 1.1.2.1.2):
// WGS 84 (4326), undefined Cartesian (-1) and undefined geographic (0).
var srsRows = [][6]any{
	{"WGS 84 geodetic", 4326, "EPSG", 4326, wgs84, "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"},
	{"Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"},
	{"Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"},
}

// metadataSchema is the metadata extension's two tables (Annex F.8) and
// their registration in gpkg_extensions.
const metadataSchema = `
CREATE TABLE gpkg_metadata (
  id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL,
  md_scope TEXT NOT NULL DEFAULT 'dataset',
  md_standard_uri TEXT NOT NULL,
  mime_type TEXT NOT NULL DEFAULT 'text/xml',
  metadata TEXT NOT NULL DEFAULT ''
);
CREATE TABLE gpkg_metadata_reference (
  reference_scope TEXT NOT NULL,
  table_name TEXT,
  column_name TEXT,
  row_id_value INTEGER,
  timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  md_file_id INTEGER NOT NULL,
  md_parent_id INTEGER,
  CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
  CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id)
);
INSERT INTO gpkg_extensions(table_name, column_name, extension_name, definition, scope) VALUES
  ('gpkg_metadata', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec/#extension_metadata', 'read-write'),
  ('gpkg_metadata_reference', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec/#extension_metadata', 'read-write');
`

// featuresSchema is the features table: fid, the geometry and the
// attributes of a version. Days are ISO 8601 DATE text, as the
// specification's DATE type is.
const featuresSchema = `CREATE TABLE "%s" (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  geom MULTIPOLYGON NOT NULL,
  region TEXT NOT NULL,
  side TEXT NOT NULL,
  status TEXT NOT NULL,
  valid_from DATE NOT NULL,
  valid_to DATE,
  source TEXT NOT NULL,
  dataset TEXT NOT NULL,
  area_km2 DOUBLE NOT NULL
)`

// tableName is what a table's name may be: it is quoted into SQL.
var tableName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// writeSchema creates the core tables, the reference systems and the
// features table.
func writeSchema(ctx context.Context, tx *sql.Tx, l Layer) error {
	if !tableName.MatchString(l.Table) || len(l.Table) > 5 && l.Table[:5] == "gpkg_" {
		return fmt.Errorf("bad table name %q: want lowercase letters, digits and _, not gpkg_", l.Table)
	}
	if _, err := tx.ExecContext(ctx, coreSchema); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	for _, r := range srsRows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)`, r[:]...); err != nil {
			return fmt.Errorf("spatial reference systems: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(featuresSchema, l.Table)); err != nil {
		return fmt.Errorf("table %s: %w", l.Table, err)
	}
	return nil
}
