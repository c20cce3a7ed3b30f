package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// unit is one Natural Earth 10m admin-1 unit (public domain), at the full
// resolution of the rgeo data file.
type unit struct {
	ISO   string // ISO 3166-2, e.g. "UA-14"
	Name  string
	Shape orb.MultiPolygon
}

// units holds the admin-1 units the generator needs, by ISO 3166-2 code.
type units map[string]unit

// rgeoVersion is the rgeo release whose Natural Earth data the seed is
// generated from.
const rgeoVersion = "v1.2.0"

// rgeoProvinces returns the path of rgeo's Natural Earth admin-1 file in
// the module cache: the module's directory as `go list -m` reports it when
// go.mod requires rgeo, else rgeoVersion's directory under GOMODCACHE.
func rgeoProvinces() (string, error) {
	const rel = "data/Provinces10.gz"
	if out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/sams96/rgeo").Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); dir != "" {
			return filepath.Join(dir, rel), nil
		}
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return "", fmt.Errorf("seed: go env GOMODCACHE: %w", err)
	}
	path := filepath.Join(strings.TrimSpace(string(out)), "github.com", "sams96", "rgeo@"+rgeoVersion, rel)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("seed: %w (run `go mod download github.com/sams96/rgeo@%s` or pass -src)", err, rgeoVersion)
	}
	return path, nil
}

// loadUnits reads the gzipped GeoJSON FeatureCollection at path and keeps
// the units whose iso_3166_2 code starts with "UA-" or is listed in extra.
func loadUnits(path string, extra ...string) (units, error) {
	fc, err := readUnits(path)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, iso := range extra {
		want[iso] = true
	}
	us := units{}
	for _, ft := range fc.Features {
		iso := ft.Properties.MustString("iso_3166_2", "")
		if !strings.HasPrefix(iso, "UA-") && !want[iso] {
			continue
		}
		u := unit{ISO: iso, Name: ft.Properties.MustString("name", "")}
		switch g := ft.Geometry.(type) {
		case orb.Polygon:
			u.Shape = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			u.Shape = g
		default:
			return nil, fmt.Errorf("seed: %s: unit %s is a %s, want polygons", path, iso, g.GeoJSONType())
		}
		if _, dup := us[iso]; dup {
			return nil, fmt.Errorf("seed: %s: unit %s twice", path, iso)
		}
		us[iso] = u
	}
	for _, iso := range extra {
		if _, ok := us[iso]; !ok {
			return nil, fmt.Errorf("seed: %s: no unit %s", path, iso)
		}
	}
	if n := len(us) - len(extra); n != 27 {
		return nil, fmt.Errorf("seed: %s: %d Ukrainian units, want 27", path, n)
	}
	return us, nil
}

// readUnits reads the gzipped GeoJSON FeatureCollection of admin-1 units at path.
func readUnits(path string) (*geojson.FeatureCollection, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("seed: %s: %w", path, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("seed: %s: %w", path, err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return nil, fmt.Errorf("seed: %s: %w", path, err)
	}
	return fc, nil
}

// shape returns the outline of the unit iso; the caller has checked it exists.
func (us units) shape(iso string) orb.MultiPolygon { return us[iso].Shape }
