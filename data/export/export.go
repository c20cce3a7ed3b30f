// Package export writes the map of a day in the formats a GIS desk opens:
// RFC 7946 GeoJSON (which Datawrapper, Flourish and every GIS read),
// GeoPackage 1.3 (data/gpkg: a table "control") and CSV with the geometry
// as WKT. Each holds the same content: the versions on the map that day,
// each with its id, region, side, status, validity, source, dataset and
// area, [lon, lat] in WGS 84 (EPSG:4326), outer rings counter-clockwise
// and holes clockwise; and what describes the dataset (its title, credit
// and licence) and the day (observed, as of). It reads through the small
// Store it declares, which data/store satisfies; `frontline export` and
// GET /api/export write with it.
package export

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/frontline-map/frontline/data/internal/tempfile"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// Version is the version of the writers, in every Key: bumped with any
// change of the bytes they write, so a release that changes them changes
// every export's ETag.
const Version = 1

// Format is an export format.
type Format uint8

// The export formats.
const (
	GeoJSON Format = iota // RFC 7946 FeatureCollection
	GPKG                  // GeoPackage 1.3
	CSV                   // RFC 4180 CSV, geometry as WKT
)

var formats = [...]struct{ name, mime, ext string }{
	GeoJSON: {"geojson", "application/geo+json", "geojson"},
	GPKG:    {"gpkg", "application/geopackage+sqlite3", "gpkg"},
	CSV:     {"csv", "text/csv; charset=utf-8", "csv"},
}

// ParseFormat reads a format's name: geojson, gpkg or csv ("" is geojson).
// Anything else is a geo.ErrInvalid error.
func ParseFormat(s string) (Format, error) {
	if s == "" {
		return GeoJSON, nil
	}
	for f, d := range formats {
		if d.name == s {
			return Format(f), nil
		}
	}
	return 0, geo.Invalidf("format %s: want geojson, gpkg or csv", geo.Echo(s))
}

// String is the format's name, as ParseFormat reads it.
func (f Format) String() string { return formats[f].name }

// MIME is the format's media type.
func (f Format) MIME() string { return formats[f].mime }

// Ext is the format's file name extension, without the dot.
func (f Format) Ext() string { return formats[f].ext }

// Store is what an export reads. data/store.Store satisfies it.
type Store interface {
	Dataset(ctx context.Context, name string) (geo.Dataset, error)
	VersionsAt(ctx context.Context, dataset string, day geo.Day, b orb.Bound) ([]geo.Version, error)
}

// Map is the map of a dataset at a day, as exported.
type Map struct {
	Dataset geo.Dataset
	Day     geo.Day
	// AsOf is the day whose map answers for Day, when Day lies after the
	// dataset's last observed day (else 0); Observed is false before its
	// first observed day (no data, not no occupation).
	AsOf     geo.Day
	Observed bool
	// Versions are the versions on the map, their rings wound as RFC 7946
	// asks (copies: the store's are left alone).
	Versions []geo.Version
}

// Load reads the map of dataset at day.
func Load(ctx context.Context, st Store, dataset string, day geo.Day) (*Map, error) {
	ds, err := st.Dataset(ctx, dataset)
	if err != nil {
		return nil, err
	}
	vs, err := st.VersionsAt(ctx, dataset, day, orb.Bound{})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	m := &Map{Dataset: ds, Day: day, AsOf: ds.AsOf(day), Observed: ds.Observed(day), Versions: make([]geo.Version, len(vs))}
	for i, v := range vs {
		v.Geometry = geo.Normalize(v.Geometry.Clone())
		m.Versions[i] = v
	}
	return m, nil
}

// Key names the bytes m makes in format f: a hash of the writers' Version,
// the format, what describes the dataset and the day, and every version's
// id, attributes, validity and coordinates. Two days with the same map
// share it; an edit of what is shown, or of the credit, changes it.
func (m *Map) Key(f Format) string {
	h := sha256.New()
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	str(fmt.Sprintf("export/%d/%s", Version, f))
	ds := m.Dataset
	for _, s := range []string{ds.Name, ds.Title, ds.Description, ds.Attribution, ds.License, ds.SourceURL} {
		str(s)
	}
	b = binary.AppendVarint(b, int64(m.Day))
	b = binary.AppendVarint(b, int64(m.AsOf))
	b = append(binary.AppendUvarint(b, uint64(len(m.Versions))), boolByte(m.Observed))
	for _, v := range m.Versions {
		b = binary.AppendVarint(b, v.ID)
		for _, s := range []string{v.Dataset, v.Region, v.Side.String(), v.Status.String(), v.Source} {
			str(s)
		}
		b = binary.AppendVarint(b, int64(v.Valid.From))
		b = binary.AppendVarint(b, int64(v.Valid.To))
		b = appendCoords(b, v.Geometry)
		h.Write(b)
		b = b[:0]
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// appendCoords appends the shape of mp: its counts and coordinates.
func appendCoords(b []byte, mp orb.MultiPolygon) []byte {
	b = binary.AppendUvarint(b, uint64(len(mp)))
	for _, p := range mp {
		b = binary.AppendUvarint(b, uint64(len(p)))
		for _, r := range p {
			b = binary.AppendUvarint(b, uint64(len(r)))
			for _, pt := range r {
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(pt[0]))
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(pt[1]))
			}
		}
	}
	return b
}

// Filename is the name a download of m in format f is offered under:
// frontline-DATASET-DAY.EXT.
func (m *Map) Filename(f Format) string {
	return fmt.Sprintf("frontline-%s-%s.%s", m.Dataset.Name, m.Day, f.Ext())
}

// Write writes m in format f to w. A GeoPackage, an SQLite file, is made
// in a temporary file first and copied.
func (m *Map) Write(ctx context.Context, w io.Writer, f Format) error {
	switch f {
	case GeoJSON:
		return m.writeGeoJSON(w)
	case CSV:
		return m.writeCSV(w)
	case GPKG:
		dir, err := os.MkdirTemp("", "frontline-export-")
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "export.gpkg")
		if err := m.writeGPKG(ctx, path); err != nil {
			return err
		}
		r, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer r.Close()
		_, err = io.Copy(w, r)
		return err
	}
	return fmt.Errorf("export: format %d: %w", f, geo.ErrInvalid)
}

// WriteFile writes m in format f at path, whole or not at all: into a
// temporary file beside it, renamed into place once complete.
func (m *Map) WriteFile(ctx context.Context, path string, f Format) error {
	if f == GPKG {
		return m.writeGPKG(ctx, path) // gpkg.Write renames into place itself
	}
	tmp, err := tempfile.Create(filepath.Dir(path), "frontline-export")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name()) // nothing left to remove once renamed
	if err := m.Write(ctx, tmp, f); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return os.Rename(tmp.Name(), path)
}
