// Package gpkg writes GeoPackage 1.3 files (OGC 12-128r18): one features
// table of MultiPolygons in EPSG:4326, the versions of a day's map with
// their attributes, described in gpkg_contents and, through the metadata
// extension, in gpkg_metadata. A GeoPackage is an SQLite database, so this
// package is one of the few beneath data/ that imports the driver; it
// reads nothing and knows nothing of the store. QGIS, ArcGIS and GDAL
// (ogrinfo, ogr2ogr) open what it writes.
package gpkg

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/frontline-map/frontline/data/internal/tempfile"
	"github.com/frontline-map/frontline/geo"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/paulmach/orb"
)

// ApplicationID and UserVersion are what a GeoPackage 1.3 file says of
// itself in its SQLite header: 'GPKG' and 1.3.0.
const (
	ApplicationID = 0x47504B47
	UserVersion   = 10300
)

// SRSID is the spatial reference system of every geometry written: WGS 84
// longitude/latitude (EPSG:4326), [lon, lat] order.
const SRSID = 4326

// Layer is one features table and what describes it.
type Layer struct {
	// Table is the table's name (and gpkg_contents' table_name); default
	// "control".
	Table string
	// Identifier and Description are gpkg_contents' identifier and
	// description: what the table is, its credit and licence.
	Identifier, Description string
	// LastChange is gpkg_contents' last_change: when the data last changed.
	LastChange time.Time
	// Metadata, if not empty, is a JSON document about the table kept in
	// gpkg_metadata (scope dataset, MIME application/json) and referenced
	// to the table in gpkg_metadata_reference.
	Metadata []byte
	// MetadataStandard is the metadata's md_standard_uri; default
	// https://schema.org/.
	MetadataStandard string
	// Versions are the features: one row each, its ID the row's fid.
	Versions []geo.Version
}

// Write writes l as a GeoPackage at path, whole or not at all: into a
// temporary file beside it, renamed into place once complete.
func Write(ctx context.Context, path string, l Layer) error {
	if l.Table == "" {
		l.Table = "control"
	}
	if l.MetadataStandard == "" {
		l.MetadataStandard = "https://schema.org/"
	}
	f, err := tempfile.Create(filepath.Dir(path), "gpkg")
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp) // nothing left to remove once renamed
	if err := write(ctx, tmp, l); err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	return os.Rename(tmp, path)
}

// write writes the GeoPackage into the (empty) file at path.
func write(ctx context.Context, path string, l Layer) (err error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=OFF&_synchronous=OFF")
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", ApplicationID, UserVersion)); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op once committed
	for _, step := range []func(context.Context, *sql.Tx, Layer) error{writeSchema, writeContents, writeMetadata, writeFeatures} {
		if err := step(ctx, tx, l); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// writeContents describes the table in gpkg_contents and
// gpkg_geometry_columns.
func writeContents(ctx context.Context, tx *sql.Tx, l Layer) error {
	var b orb.Bound
	for i, v := range l.Versions {
		if i == 0 {
			b = v.Geometry.Bound()
		} else {
			b = b.Union(v.Geometry.Bound())
		}
	}
	var minX, minY, maxX, maxY any // NULL for an empty table
	if len(l.Versions) > 0 {
		minX, minY, maxX, maxY = b.Min.X(), b.Min.Y(), b.Max.X(), b.Max.Y()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents(table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
		VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.Table, l.Identifier, l.Description, l.LastChange.UTC().Format("2006-01-02T15:04:05.000Z"), minX, minY, maxX, maxY, SRSID)
	if err != nil {
		return fmt.Errorf("contents: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns(table_name, column_name, geometry_type_name, srs_id, z, m)
		VALUES (?, 'geom', 'MULTIPOLYGON', ?, 0, 0)`, l.Table, SRSID)
	if err != nil {
		return fmt.Errorf("geometry columns: %w", err)
	}
	return nil
}

// writeMetadata keeps l.Metadata in gpkg_metadata, referenced to the
// table, and registers the metadata extension's tables.
func writeMetadata(ctx context.Context, tx *sql.Tx, l Layer) error {
	if len(l.Metadata) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, metadataSchema); err != nil {
		return fmt.Errorf("metadata tables: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO gpkg_metadata(md_scope, md_standard_uri, mime_type, metadata)
		VALUES ('dataset', ?, 'application/json', ?)`, l.MetadataStandard, string(l.Metadata))
	if err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO gpkg_metadata_reference(reference_scope, table_name, timestamp, md_file_id)
		VALUES ('table', ?, ?, ?)`, l.Table, l.LastChange.UTC().Format("2006-01-02T15:04:05.000Z"), id)
	if err != nil {
		return fmt.Errorf("metadata reference: %w", err)
	}
	return nil
}

// writeFeatures writes one row a version: its ID as fid, its geometry in
// the GeoPackage binary format and its attributes. An open end of
// validity is NULL in valid_to.
func writeFeatures(ctx context.Context, tx *sql.Tx, l Layer) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO "`+l.Table+`"(fid, geom, region, side, status, valid_from, valid_to, source, dataset, area_km2)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, v := range l.Versions {
		g, err := Geometry(v.Geometry)
		if err != nil {
			return fmt.Errorf("version %d: %w", v.ID, err)
		}
		var to any
		if !v.Valid.Open() {
			to = v.Valid.To.String()
		}
		_, err = stmt.ExecContext(ctx, v.ID, g, v.Region, v.Side.String(), v.Status.String(), v.Valid.From.String(), to,
			v.Source, v.Dataset, geo.AreaKm2(v.Geometry))
		if err != nil {
			return fmt.Errorf("version %d: %w", v.ID, err)
		}
	}
	return nil
}
