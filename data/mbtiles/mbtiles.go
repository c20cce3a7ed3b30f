// Package mbtiles writes MBTiles 1.3 files
// (https://github.com/mapbox/mbtiles-spec/blob/master/1.3/spec.md): a
// tileset as an SQLite database of a metadata table and a tiles table, for
// hosts and tools that read MBTiles rather than PMTiles (tile servers such
// as mbtileserver, TileServer GL, GDAL). An MBTiles file is an SQLite
// database, so this package is one of the few beneath data/ that imports
// the driver; it writes what it is given and renders nothing.
package mbtiles

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/frontline-map/frontline/data/internal/tempfile"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// Metadata is what the metadata table says of the tileset (the spec's
// rows of the same names).
type Metadata struct {
	Name   string // required
	Format string // required: "pbf" (gzip'd MVT) or "png"
	// Bounds is the tileset's extent, [lon, lat] in WGS 84; Center a point
	// in it, [lon, lat], shown at CenterZoom.
	Bounds           orb.Bound
	Center           orb.Point
	CenterZoom       int
	MinZoom, MaxZoom int
	Attribution      string // HTML
	Description      string
	Type             string // "overlay" or "baselayer"
	Version          string
	// JSON is the "json" row: for pbf, an object with "vector_layers"
	// (required for vector tilesets).
	JSON string
}

// rows are the metadata rows m makes, empty ones left out.
func (m Metadata) rows() [][2]string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	b := m.Bounds
	rows := [][2]string{
		{"name", m.Name},
		{"format", m.Format},
		{"bounds", strings.Join([]string{f(b.Min.X()), f(b.Min.Y()), f(b.Max.X()), f(b.Max.Y())}, ",")},
		{"center", strings.Join([]string{f(m.Center.X()), f(m.Center.Y()), strconv.Itoa(m.CenterZoom)}, ",")},
		{"minzoom", strconv.Itoa(m.MinZoom)},
		{"maxzoom", strconv.Itoa(m.MaxZoom)},
		{"attribution", m.Attribution},
		{"description", m.Description},
		{"type", m.Type},
		{"version", m.Version},
		{"json", m.JSON},
	}
	out := rows[:0]
	for _, r := range rows {
		if r[1] != "" {
			out = append(out, r)
		}
	}
	return out
}

// Writer writes one MBTiles file: tiles are added with Put, in one
// transaction, and Close writes the metadata and moves the file into
// place, so the file is whole or absent.
type Writer struct {
	path, tmp string
	db        *sql.DB
	tx        *sql.Tx
	put       *sql.Stmt
}

const schema = `
CREATE TABLE metadata (name TEXT NOT NULL, value TEXT);
CREATE UNIQUE INDEX metadata_name ON metadata (name);
CREATE TABLE tiles (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL);
CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
`

// Create starts an MBTiles file to be written at path (by Close).
func Create(ctx context.Context, path string) (*Writer, error) {
	f, err := tempfile.Create(filepath.Dir(path), "mbtiles")
	if err != nil {
		return nil, fmt.Errorf("mbtiles: %w", err)
	}
	f.Close()
	w := &Writer{path: path, tmp: f.Name()}
	if err := w.open(ctx); err != nil {
		w.Abort()
		return nil, fmt.Errorf("mbtiles: %w", err)
	}
	return w, nil
}

func (w *Writer) open(ctx context.Context) error {
	db, err := sql.Open("sqlite3", "file:"+w.tmp+"?_journal_mode=OFF&_synchronous=OFF")
	if err != nil {
		return err
	}
	w.db = db
	db.SetMaxOpenConns(1)
	// application_id 0x4d504258 ("MPBX") is what the spec says an MBTiles
	// file should set.
	if _, err := db.ExecContext(ctx, "PRAGMA application_id = 1297105496;"+schema); err != nil {
		return err
	}
	if w.tx, err = db.BeginTx(ctx, nil); err != nil {
		return err
	}
	w.put, err = w.tx.PrepareContext(ctx, `INSERT INTO tiles(zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)`)
	return err
}

// Put adds the tile t (an XYZ address, as maptile's: y from the north)
// with its body: gzip'd MVT for format pbf, as the spec asks, or PNG.
func (w *Writer) Put(ctx context.Context, t maptile.Tile, body []byte) error {
	// MBTiles rows are TMS: y counts from the south, so XYZ's y is flipped
	// here, the one place it is: tile_row = 2^z - 1 - y.
	row := (uint32(1) << t.Z) - 1 - t.Y
	if _, err := w.put.ExecContext(ctx, int(t.Z), int(t.X), int(row), body); err != nil {
		return fmt.Errorf("mbtiles: tile %d/%d/%d: %w", t.Z, t.X, t.Y, err)
	}
	return nil
}

// Close writes m into the metadata table, commits and moves the file to
// its path. The Writer is done with, whatever the outcome.
func (w *Writer) Close(ctx context.Context, m Metadata) error {
	err := w.finish(ctx, m)
	if err != nil {
		w.Abort()
		return fmt.Errorf("mbtiles: %w", err)
	}
	if err := os.Rename(w.tmp, w.path); err != nil {
		os.Remove(w.tmp)
		return fmt.Errorf("mbtiles: %w", err)
	}
	return nil
}

func (w *Writer) finish(ctx context.Context, m Metadata) error {
	if m.Name == "" || m.Format == "" {
		return errors.New("metadata needs a name and a format")
	}
	for _, r := range m.rows() {
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO metadata(name, value) VALUES (?, ?)`, r[0], r[1]); err != nil {
			return err
		}
	}
	w.put.Close()
	if err := w.tx.Commit(); err != nil {
		return err
	}
	w.tx = nil
	err := w.db.Close()
	w.db = nil
	return err
}

// Abort leaves the file unwritten.
func (w *Writer) Abort() {
	if w.tx != nil {
		w.tx.Rollback()
		w.tx = nil
	}
	if w.db != nil {
		w.db.Close()
		w.db = nil
	}
	os.Remove(w.tmp)
}
