package main

import (
	"bytes"
	"compress/gzip"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb/maptile"
)

// mapnikScript renders a tile list with Mapnik 3.1 (Debian python3-mapnik),
// GeoJSON datasources, the same basemap polygons and the same control
// polygon in the same colours, 256 px PNG, one process per core.
//
//go:embed render_mapnik.py
var mapnikScript []byte

// mapnikResult is Mapnik's throughput on the tile list.
type mapnikResult struct {
	tiles int
	secs  float64
	bytes int64
}

// measureMapnik exports the control map of benchDay and the basemap as
// GeoJSON and renders every tile with Mapnik.
func measureMapnik(cfg config, db string, tiles []maptile.Tile, r *report) error {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import mapnik").Run(); err != nil {
		r.notes = append(r.notes, "Mapnik not installed (apt-get install python3-mapnik): not compared")
		return nil
	}
	dir := cfg.dir
	control := filepath.Join(dir, "control.geojson")
	if out, err := exec.Command(cfg.bin, "export", "--db", db, "--dataset", "deepstate", "--day", benchDay, "-o", control).CombinedOutput(); err != nil {
		return fmt.Errorf("export: %v\n%s", err, out)
	}
	if cfg.root == "" {
		return fmt.Errorf("mapnik: the basemap is the repository's data/seed/naturalearth.geojson.gz: %v", cfg.rootErr)
	}
	base := filepath.Join(dir, "base.geojson")
	if err := gunzipFile(filepath.Join(cfg.root, "data", "seed", "naturalearth.geojson.gz"), base); err != nil {
		return err
	}
	var list strings.Builder
	for _, t := range tiles {
		fmt.Fprintf(&list, "%d %d %d\n", t.Z, t.X, t.Y)
	}
	tilesPath := filepath.Join(dir, "tiles.txt")
	script := filepath.Join(dir, "render_mapnik.py")
	if err := os.WriteFile(tilesPath, []byte(list.String()), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(script, mapnikScript, 0o644); err != nil {
		return err
	}
	// A worker that fails to start makes Pool respawn it forever, so the
	// run is bounded and its stderr reported.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, py, script, control, base, tilesPath, strconv.Itoa(cfg.conc))
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tail := stderr.Bytes()
		if len(tail) > 2000 {
			tail = tail[len(tail)-2000:]
		}
		return fmt.Errorf("mapnik: %v\n%s", err, tail)
	}
	f := strings.Fields(string(out))
	if len(f) != 3 {
		return fmt.Errorf("mapnik: unexpected output %q", out)
	}
	m := &mapnikResult{}
	m.tiles, _ = strconv.Atoi(f[0])
	m.secs, _ = strconv.ParseFloat(f[1], 64)
	m.bytes, _ = strconv.ParseInt(f[2], 10, 64)
	r.mapnik = m
	return nil
}

func gunzipFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return err
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return err
	}
	return os.WriteFile(to, out, 0o644)
}
