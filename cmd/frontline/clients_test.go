package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/internal/mvtspec"
	"github.com/frontline-map/frontline/tiles/draw"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt/vectortile"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Real clients read our tiles and style in these tests (issue #21): GDAL,
// QGIS (PyQGIS, headless) and MapLibre's style validator. Each skips when
// its client is not installed, except in CI (CI=true), where it fails.

// needClient returns the path of a client's program, or skips the test
// (fails it in CI) when it is absent.
func needClient(t *testing.T, what string, find func() (string, error)) string {
	t.Helper()
	p, err := find()
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (CI never skips it): %v", what, err)
	}
	t.Skipf("%s is not installed: %v", what, err)
	return ""
}

// styleValidator is MapLibre's gl-style-validate, from the web app's
// node_modules (a dependency of maplibre-gl).
func styleValidator() (string, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return "", err
	}
	p, err := filepath.Abs("../../static/node_modules/@maplibre/maplibre-gl-style-spec/dist/gl-style-validate.mjs")
	if err != nil {
		return "", err
	}
	_, err = os.Stat(p)
	return p, err
}

// qgisPython is a python3 that imports qgis.core (Debian python3-qgis).
func qgisPython() (string, error) {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		p, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		if exec.Command(p, "-c", "import qgis.core").Run() == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no python3 with the qgis module (Debian python3-qgis, qgis-providers)")
}

// servedStyle fetches the default style of a day and writes it to a file.
func servedStyle(t *testing.T, base, day string) (string, []byte) {
	t.Helper()
	resp, body := get(t, base+"/styles/default.json?day="+day)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("style: got %d: %s", resp.StatusCode, body)
	}
	path := filepath.Join(t.TempDir(), "style.json")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, body
}

func TestStyleValidates(t *testing.T) {
	validate := needClient(t, "node and @maplibre/maplibre-gl-style-spec (npm ci in static)", styleValidator)
	base, _ := testServer(t)
	path, body := servedStyle(t, base, "2025-01-20")
	if bytes.Contains(body, []byte(`\u003c`)) || bytes.Contains(body, []byte(`\u003e`)) || bytes.Contains(body, []byte(`\u0026`)) {
		t.Errorf("the style is HTML-escaped JSON: %.200s", body)
	}
	out, err := exec.Command("node", validate, path).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("gl-style-validate: %v\n%s", err, out)
	}
}

// qgisRun runs testdata/qgis_client.py and decodes the JSON it prints.
func qgisRun(t *testing.T, py string, args ...string) map[string]any {
	t.Helper()
	script, _ := filepath.Abs("testdata/qgis_client.py")
	cmd := exec.Command(py, append([]string{script}, args...)...)
	fonts := t.TempDir()
	for name, ttf := range map[string][]byte{"go-regular.ttf": goregular.TTF, "go-bold.ttf": gobold.TTF} {
		if err := os.WriteFile(filepath.Join(fonts, name), ttf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR="+t.TempDir(), "FRONTLINE_FONTS="+fonts)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("qgis_client.py %s: %v\n%s\n%s", args[0], err, stdout.Bytes(), stderr.Bytes())
	}
	lines := bytes.Split(bytes.TrimSpace(stdout.Bytes()), []byte("\n"))
	var res map[string]any
	if err := json.Unmarshal(lines[len(lines)-1], &res); err != nil {
		t.Fatalf("qgis_client.py %s: %v\n%s\n%s", args[0], err, stdout.Bytes(), stderr.Bytes())
	}
	return res
}

func TestQGIS(t *testing.T) {
	py := needClient(t, "QGIS (Debian python3-qgis qgis-providers)", qgisPython)
	base, _ := testServer(t)
	stylePath, _ := servedStyle(t, base, "2025-01-20")
	t.Run("style converts without warnings", func(t *testing.T) {
		res := qgisRun(t, py, "style", stylePath)
		if w, _ := res["warnings"].([]any); len(w) > 0 {
			t.Errorf("QgsMapBoxGlStyleConverter warnings: got %d, want none:\n%v", len(w), w)
		}
		if e, _ := res["error"].(string); e != "" {
			t.Errorf("QgsMapBoxGlStyleConverter error: %s", e)
		}
	})
	t.Run("renders the Donbas", func(t *testing.T) {
		png := filepath.Join(t.TempDir(), "donbas.png")
		url := base + "/tiles/2025-01-20/{z}/{x}/{y}.mvt"
		bbox := fmt.Sprintf("%g,%g,%g,%g", donbas.Min[0], donbas.Min[1], donbas.Max[0], donbas.Max[1])
		res := qgisRun(t, py, "render", url, "0", "10", stylePath, bbox, png)
		if e, _ := res["errors"].([]any); len(e) > 0 {
			t.Errorf("QGIS render errors: %v", e)
		}
		b, err := os.ReadFile(png)
		if err != nil {
			t.Fatal(err)
		}
		img := decodePNG(t, b)
		if n, total := occupiedPixels(img); n < total/20 {
			t.Errorf("QGIS drew %d of %d pixels in the occupied colour, want at least 5%%", n, total)
			writeFailed(t, "qgis-donbas.png", b)
		}
	})
}

// occupiedPixels counts the pixels of img in the occupied fill: the
// style's RU colour at 45% over land, within a tolerance.
func occupiedPixels(img image.Image) (n, total int) {
	st := draw.DefaultStyle()
	want := [3]float64{}
	for i, c := range [3][2]uint8{{st.RU.R, st.Land.R}, {st.RU.G, st.Land.G}, {st.RU.B, st.Land.B}} {
		want[i] = 0.45*float64(c[0]) + 0.55*float64(c[1])
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			got := [3]float64{float64(r >> 8), float64(g >> 8), float64(bl >> 8)}
			total++
			if math.Abs(got[0]-want[0]) < 24 && math.Abs(got[1]-want[1]) < 24 && math.Abs(got[2]-want[2]) < 24 {
				n++
			}
		}
	}
	return n, total
}

// writeFailed keeps a failing test's output in testdata/failed.
func writeFailed(t *testing.T, name string, b []byte) {
	dir := filepath.Join("testdata", "failed")
	if err := os.MkdirAll(dir, 0o755); err == nil {
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
		t.Logf("wrote %s", filepath.Join(dir, name))
	}
}

// gdalTile is what GDAL reads of one tile: per layer, its polygon
// features' polygon count and area in square tile units.
type gdalLayer struct {
	polygons int
	area     float64
}

// gdalPaths are the tiles GDAL reads: day, temporal and base tiles over
// the Donbas (7/77/44 is Donetsk).
func gdalPaths() []string {
	var out []string
	for z := maptile.Zoom(6); z <= 8; z++ {
		t := maptile.At(donbas.Center(), z)
		out = append(out, tilePath("2025-01-20", t, "mvt"), fmt.Sprintf("/tiles/all/%d/%d/%d.mvt", z, t.X, t.Y))
		if z == 6 {
			out = append(out, fmt.Sprintf("/tiles/base/%d/%d/%d.mvt", z, t.X, t.Y))
		}
	}
	return out
}

// TestGDALReadsMVTAsSpec reads day, temporal and base tiles with GDAL
// (ogr2ogr, which assembles polygons as the spec says and checks them
// with GEOS): no TopologyException or self-intersection, and per layer
// the polygons and area that our spec decoder reads.
func TestGDALReadsMVTAsSpec(t *testing.T) {
	ogr := needClient(t, "GDAL (Debian gdal-bin)", func() (string, error) { return exec.LookPath("ogr2ogr") })
	base, _ := testServer(t)
	dir := t.TempDir()
	for _, path := range gdalPaths() {
		_, body := get(t, base+path)
		var z, x, y uint32
		parts := strings.Split(strings.TrimSuffix(path, ".mvt"), "/")
		fmt.Sscan(strings.Join(parts[len(parts)-3:], " "), &z, &x, &y)
		tile := maptile.New(x, y, maptile.Zoom(z))
		// GDAL georeferences a tile whose file path ends in z/x/y.
		f := filepath.Join(dir, kindOf(path), fmt.Sprint(z), fmt.Sprint(x), fmt.Sprint(y)+".mvt")
		os.MkdirAll(filepath.Dir(f), 0o755)
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		for name, want := range specLayers(t, body) {
			got, warnings := readGDAL(t, ogr, f, name, tile)
			if strings.Contains(warnings, "TopologyException") || strings.Contains(warnings, "Self-intersection") {
				t.Errorf("%s %s: GDAL warns of invalid geometry:\n%.600s", path, name, warnings)
			}
			if got.polygons != want.polygons || math.Abs(got.area-want.area) > 0.01*want.area {
				t.Errorf("%s %s: GDAL read %d polygons of %.0f units², our spec decoder %d of %.0f", path, name, got.polygons, got.area, want.polygons, want.area)
			}
		}
	}
}

// specLayers reads a tile with our spec decoder: per layer with polygons,
// their count and area in square tile units.
func specLayers(t *testing.T, body []byte) map[string]gdalLayer {
	layers, err := mvtspec.Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]gdalLayer{}
	for _, l := range layers {
		var s gdalLayer
		for _, f := range l.Features {
			if f.Type == vectortile.Tile_POLYGON {
				s.polygons += len(f.Polygons)
				s.area += f.Area()
			}
		}
		if s.polygons > 0 {
			out[l.Name] = s
		}
	}
	return out
}

// readGDAL converts one layer of a tile file to GeoJSON with ogr2ogr and
// returns its polygons and area in square tile units, and GDAL's stderr.
func readGDAL(t *testing.T, ogr, file, layer string, tile maptile.Tile) (gdalLayer, string) {
	out := filepath.Join(filepath.Dir(file), layer+".geojson")
	var stderr bytes.Buffer
	cmd := exec.Command(ogr, "-oo", "CLIP=NO", "-f", "GeoJSON", "-t_srs", "EPSG:4326", out, "MVT:"+file, layer)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ogr2ogr %s %s: %v\n%s", file, layer, err, stderr.Bytes())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	// GDAL writes EPSG:3857 metres (or lon/lat for GeoJSON: RFC 7946).
	var s gdalLayer
	for _, f := range fc.Features {
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		}
		s.polygons += len(mp)
		for _, p := range mp {
			for i, r := range p {
				a := math.Abs(tileRingArea(r, tile))
				if i > 0 {
					a = -a
				}
				s.area += a
			}
		}
	}
	return s, stderr.String()
}

// tileRingArea is the area of a lon/lat ring in square tile units of tile.
func tileRingArea(r orb.Ring, tile maptile.Tile) float64 {
	var sum float64
	n := float64(uint64(1)<<tile.Z) * 4096
	for i := 0; i+1 < len(r); i++ {
		a, b := maptile.Fraction(r[i], 0), maptile.Fraction(r[i+1], 0)
		sum += a[0]*n*b[1]*n - b[0]*n*a[1]*n
	}
	return sum / 2
}
