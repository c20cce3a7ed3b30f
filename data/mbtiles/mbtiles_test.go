package mbtiles

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// gzMVT is a gzip'd MVT of tile t with one polygon over the tile in a
// layer "control".
func gzMVT(t *testing.T, tile maptile.Tile) []byte {
	t.Helper()
	b := tile.Bound()
	fc := geojson.NewFeatureCollection()
	f := geojson.NewFeature(b.ToPolygon())
	f.Properties["side"] = "ru"
	fc.Append(f)
	layers := mvt.NewLayers(map[string]*geojson.FeatureCollection{"control": fc})
	layers.ProjectToTile(tile)
	raw, err := mvt.Marshal(layers)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	zw.Close()
	return buf.Bytes()
}

func testMeta() Metadata {
	return Metadata{Name: "frontline seed", Format: "pbf", Bounds: orb.Bound{Min: orb.Point{30, 44}, Max: orb.Point{40, 52}},
		Center: orb.Point{35, 48}, CenterZoom: 5, MinZoom: 0, MaxZoom: 6, Attribution: "frontline", Description: "d",
		Type: "overlay", Version: "1", JSON: `{"vector_layers":[{"id":"control","fields":{"side":"String"},"minzoom":0,"maxzoom":6}]}`}
}

// TestWrite (#21) writes tiles and reads them back: metadata rows, and the
// rows of tiles in TMS order (y flipped).
func TestWrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.mbtiles")
	w, err := Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	tile := maptile.New(38, 21, 6) // Donbas at z6, XYZ
	if err := w.Put(ctx, tile, gzMVT(t, tile)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("before Close: the file exists (%v), want none", err)
	}
	if err := w.Close(ctx, testMeta()); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var row int
	if err := db.QueryRow(`SELECT tile_row FROM tiles WHERE zoom_level = 6 AND tile_column = 38`).Scan(&row); err != nil || row != 63-21 {
		t.Errorf("tile_row: got %d (%v), want %d (TMS)", row, err, 63-21)
	}
	for name, want := range map[string]string{"format": "pbf", "bounds": "30,44,40,52", "center": "35,48,5", "minzoom": "0", "maxzoom": "6"} {
		var got string
		if err := db.QueryRow(`SELECT value FROM metadata WHERE name = ?`, name).Scan(&got); err != nil || got != want {
			t.Errorf("metadata %s: got %q (%v), want %q", name, got, err, want)
		}
	}
}

// TestOGRInfo (#21): GDAL opens the file as MBTiles and lists its vector
// layers.
func TestOGRInfo(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		t.Skip("no ogrinfo (gdal-bin)")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.mbtiles")
	w, err := Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tile := range []maptile.Tile{maptile.New(0, 0, 0), maptile.New(38, 21, 6)} {
		if err := w.Put(ctx, tile, gzMVT(t, tile)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(ctx, testMeta()); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ogrinfo", "-ro", "-so", path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "control") || !strings.Contains(string(out), "MBTiles") {
		t.Errorf("ogrinfo: %v\n%s", err, out)
	}
	out, err = exec.Command("ogrinfo", "-ro", "-al", "-so", path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "side: String") {
		t.Errorf("ogrinfo -al: %v\n%s", err, out)
	}
}

// TestAbort (#21): an aborted or failed write leaves no file.
func TestAbort(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "x.mbtiles")
	w, err := Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	w.Abort()
	w, err = Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(ctx, Metadata{}); err == nil {
		t.Error("metadata without a name: got no error")
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Errorf("the folder: got %d files, want none", len(es))
	}
}
