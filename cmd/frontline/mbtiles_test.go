package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/tiles/publish"
)

// TestPublishMBTiles (#21): frontline publish --mbtiles writes
// control.mbtiles beside control.pmtiles with the same tiles (rows in TMS
// order), metadata GDAL reads, and basemap.mbtiles likewise.
func TestPublishMBTiles(t *testing.T) {
	db := seededCopy(t)
	out := filepath.Join(t.TempDir(), "site")
	code, stdout, stderr := runCLI(t, db, "", "publish", "--out", out, "--maxzoom", "5", "--mbtiles", "--app=false", "--by-oblast=false")
	if code != exitOK || !strings.Contains(stdout, "control.mbtiles") {
		t.Fatalf("publish --mbtiles: %d\n%s%s", code, stdout, stderr)
	}
	_, _, pm := readArchive(t, filepath.Join(out, "control.pmtiles"))
	mb, err := sql.Open("sqlite3", "file:"+filepath.Join(out, "control.mbtiles")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer mb.Close()
	rows, err := mb.Query(`SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var z, x, row uint32
		var body []byte
		if err := rows.Scan(&z, &x, &row, &body); err != nil {
			t.Fatal(err)
		}
		y := (1 << z) - 1 - row // TMS back to XYZ
		if want, ok := pm[publish.TileID(uint8(z), x, y)]; !ok || !bytes.Equal(body, want) {
			t.Errorf("tile %d/%d/%d: not the PMTiles archive's bytes (in it: %v)", z, x, y, ok)
		}
		n++
	}
	if err := rows.Err(); err != nil || n != len(pm) || n == 0 {
		t.Errorf("got %d tiles (%v), want the archive's %d", n, err, len(pm))
	}
	var format, js string
	mb.QueryRow(`SELECT value FROM metadata WHERE name = 'format'`).Scan(&format)
	mb.QueryRow(`SELECT value FROM metadata WHERE name = 'json'`).Scan(&js)
	var vl struct {
		VectorLayers []struct{ ID string } `json:"vector_layers"`
	}
	if err := json.Unmarshal([]byte(js), &vl); err != nil || format != "pbf" || len(vl.VectorLayers) == 0 {
		t.Errorf("metadata: format %q, json %q (%v)", format, js, err)
	}
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		return
	}
	for _, name := range []string{"control", "basemap"} {
		out, err := exec.Command("ogrinfo", "-ro", "-so", filepath.Join(out, name+".mbtiles")).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "using driver `MBTiles'") || !strings.Contains(string(out), ": control") {
			t.Errorf("ogrinfo %s.mbtiles: %v\n%s", name, err, out)
		}
	}
}
