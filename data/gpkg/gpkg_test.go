package gpkg

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

func testLayer() Layer {
	sq := orb.MultiPolygon{{{{36, 47}, {37, 47}, {37, 48}, {36, 48}, {36, 47}}}}
	holed := orb.MultiPolygon{{{{33, 44}, {35, 44}, {35, 46}, {33, 46}, {33, 44}}, {{33.5, 44.5}, {33.5, 45}, {34, 45}, {34, 44.5}, {33.5, 44.5}}}}
	day := geo.MustParseDay("2025-01-20")
	return Layer{
		Identifier: "control seed 2025-01-20", Description: "Control on 2025-01-20. Credit: frontline. Licence: Apache-2.0.",
		LastChange: day.Time(), Metadata: []byte(`{"@type":"Dataset","license":"Apache-2.0"}`),
		Versions: []geo.Version{
			{ID: 7, Dataset: "seed", Region: "donbas", Side: geo.SideRU, Status: geo.StatusOccupied, Geometry: sq,
				Valid: geo.Validity{From: day - 10, To: geo.Forever}, Source: "a \"quoted\" source, with a comma"},
			{ID: 9, Dataset: "seed", Region: "crimea", Side: geo.SideRU, Status: geo.StatusOccupied, Geometry: holed,
				Valid: geo.Validity{From: day - 100, To: day + 5}, Source: "s"},
		},
	}
}

// TestWrite (#21) writes a GeoPackage and reads it back with SQL: the
// header's application id and version, the required reference systems,
// the contents, the metadata and the features with their geometry.
func TestWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.gpkg")
	l := testLayer()
	if err := Write(context.Background(), path, l); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for q, want := range map[string]any{
		"PRAGMA application_id": int64(ApplicationID),
		"PRAGMA user_version":   int64(UserVersion),
		"SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (4326, -1, 0)":           int64(3),
		"SELECT data_type || ' ' || srs_id FROM gpkg_contents WHERE table_name = 'control'": "features 4326",
		"SELECT geometry_type_name FROM gpkg_geometry_columns":                              "MULTIPOLYGON",
		"SELECT mime_type FROM gpkg_metadata":                                               "application/json",
		"SELECT table_name FROM gpkg_metadata_reference":                                    "control",
		"SELECT min_x || ',' || max_y FROM gpkg_contents":                                   "33.0,48.0",
		"SELECT count(*) FROM control":                                                      int64(2),
		"SELECT coalesce(valid_to, 'open') FROM control WHERE fid = 7":                      "open",
		"SELECT valid_to || '' FROM control WHERE fid = 9":                                  "2025-01-25",
		"PRAGMA integrity_check":                                                            "ok",
	} {
		var got any
		if err := db.QueryRow(q).Scan(&got); err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		if b, ok := got.([]byte); ok {
			got = string(b)
		}
		if got != want {
			t.Errorf("%s: got %v, want %v", q, got, want)
		}
	}
	var blob []byte
	if err := db.QueryRow("SELECT geom FROM control WHERE fid = 9").Scan(&blob); err != nil {
		t.Fatal(err)
	}
	srs, g, err := ParseGeometry(blob)
	if err != nil || srs != SRSID || !orb.Equal(g, l.Versions[1].Geometry) {
		t.Errorf("geometry: got %d %v %v, want 4326 %v", srs, g, err, l.Versions[1].Geometry)
	}
}

// TestOGRInfo (#21): GDAL opens what Write writes as a GeoPackage with a
// control layer of the features, their fields and EPSG:4326.
func TestOGRInfo(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		t.Skip("no ogrinfo (gdal-bin)")
	}
	path := filepath.Join(t.TempDir(), "x.gpkg")
	if err := Write(context.Background(), path, testLayer()); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ogrinfo", "-ro", "-al", "-so", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	s := string(out)
	for _, want := range []string{"Layer name: control", "Geometry: Multi Polygon", "Feature Count: 2", `ID["EPSG",4326]`,
		"region: String", "side: String", "status: String", "valid_from: Date", "valid_to: Date", "source: String", "area_km2: Real"} {
		if !strings.Contains(s, want) {
			t.Errorf("ogrinfo says no %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "Warning") || strings.Contains(s, "ERROR") {
		t.Errorf("ogrinfo warns:\n%s", s)
	}
	out, err = exec.Command("ogrinfo", "-ro", "-q", path, "-sql", "SELECT fid, valid_to FROM control WHERE fid = 9").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "valid_to (Date) = 2025/01/25") {
		t.Errorf("ogrinfo -sql: %v\n%s", err, out)
	}
}

// TestWriteWholeOrNothing (#21): a write that fails leaves no file and an
// existing one as it was.
func TestWriteWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.gpkg")
	if err := os.WriteFile(path, []byte("before"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := testLayer()
	l.Table = `bad"name`
	if err := Write(context.Background(), path, l); err == nil {
		t.Fatal("a bad table name: got no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Write(ctx, path, testLayer()); err == nil {
		t.Fatal("a cancelled write: got no error")
	}
	if b, _ := os.ReadFile(path); string(b) != "before" {
		t.Errorf("the file: got %q, want it untouched", b)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("the folder: got %d files, want 1 (no temporary left)", len(es))
	}
}

// TestValidateGPKG (#21): GDAL's GeoPackage validator (validate_gpkg.py,
// from python3-gdal's samples) finds nothing wrong, warnings included.
func TestValidateGPKG(t *testing.T) {
	const script = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
	python, err := exec.LookPath("python3")
	if _, serr := os.Stat(script); err != nil || serr != nil {
		t.Skip("no python3 or no validate_gpkg.py (python3-gdal)")
	}
	empty := testLayer()
	empty.Versions = nil
	for name, l := range map[string]Layer{"two features": testLayer(), "empty": empty} {
		path := filepath.Join(t.TempDir(), "x.gpkg")
		if err := Write(context.Background(), path, l); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(python, script, "--extra", "--warning-as-error", path).CombinedOutput(); err != nil {
			t.Errorf("%s: validate_gpkg.py: %v\n%s", name, err, out)
		}
	}
}
