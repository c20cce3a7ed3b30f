package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"golang.org/x/image/tiff"
)

// Real clients of the OGC API - Tiles and WMTS endpoints (issue #21):
// GDAL's WMTS and OGCAPI drivers and QGIS. Each is skipped where its
// package is absent, and fails instead when CI=true.

// needProgram returns the path of a client program from a Debian
// package, or skips the test (fails it in CI) where it is absent.
func needProgram(t *testing.T, name, pkg string) string {
	t.Helper()
	return needClient(t, name+" (Debian "+pkg+")", func() (string, error) { return exec.LookPath(name) })
}

// kursk is a block of 2x2 tiles of zoom 9 over Sudzha, Kursk oblast.
var kursk = maptile.At(orb.Point{35.0, 51.5}, 9)

// projwin is the EPSG:3857 window of the 2x2 tiles from t, for gdal_translate.
func projwin(t maptile.Tile) []string {
	tl, br := t, maptile.New(t.X+2, t.Y+2, t.Z)
	const o = 20037508.3427892
	span := 2 * o / float64(uint64(1)<<t.Z)
	return []string{"-projwin",
		fmt.Sprint(-o + float64(tl.X)*span), fmt.Sprint(o - float64(tl.Y)*span),
		fmt.Sprint(-o + float64(br.X)*span), fmt.Sprint(o - float64(br.Y)*span)}
}

// gdalTranslate runs gdal_translate to a GeoTIFF and decodes it.
func gdalTranslate(t *testing.T, args ...string) (image.Image, []byte, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.tif")
	cmd := exec.Command(needProgram(t, "gdal_translate", "gdal-bin"), append(append([]string{"-q", "-of", "GTiff"}, args...), out)...)
	// GDAL's WMS and WMTS drivers keep tiles in ./gdalwmscache by default:
	// a cache of the test's own, never another run's tiles.
	cmd.Env = append(os.Environ(), "GDAL_DEFAULT_WMS_CACHE_PATH="+t.TempDir(), "GDAL_ENABLE_WMS_CACHE=NO")
	msg, err := cmd.CombinedOutput()
	if err != nil {
		return nil, msg, err
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return nil, msg, err
	}
	img, err := tiff.Decode(bytes.NewReader(b))
	return img, msg, err
}

// sameAsXYZ checks a 512 px picture of the 2x2 tiles from tl against our
// XYZ PNG tiles of day, pixel by pixel, and that it shows more than one colour.
func sameAsXYZ(t *testing.T, base, day string, tl maptile.Tile, img image.Image) {
	t.Helper()
	if b := img.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		t.Fatalf("got a %v picture, want 512x512", b)
	}
	colours := map[[3]uint32]int{}
	diff := 0
	for i := range 2 {
		for j := range 2 {
			resp, body := get(t, base+tilePath(day, maptile.New(tl.X+uint32(i), tl.Y+uint32(j), tl.Z), "png"))
			if resp.StatusCode != 200 {
				t.Fatalf("XYZ tile: got %d", resp.StatusCode)
			}
			want, err := png.Decode(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			for y := range 256 {
				for x := range 256 {
					r1, g1, b1, _ := img.At(i*256+x, j*256+y).RGBA()
					r2, g2, b2, _ := want.At(x, y).RGBA()
					colours[[3]uint32{r1 >> 8, g1 >> 8, b1 >> 8}]++
					if r1>>8 != r2>>8 || g1>>8 != g2>>8 || b1>>8 != b2>>8 {
						diff++
					}
				}
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d of 512x512 pixels differ from our XYZ tiles of %s", diff, day)
	}
	if len(colours) < 3 {
		t.Errorf("got %d colours, want a map", len(colours))
	}
}

// TestGDALReadsWMTS: GDAL's WMTS driver reads the Kursk area of the
// default Time (the latest change day) to a GeoTIFF whose pixels are our
// XYZ tiles'.
func TestGDALReadsWMTS(t *testing.T) {
	needProgram(t, "gdal_translate", "gdal-bin")
	base, _ := testServer(t)
	for name, url := range map[string]string{
		"rest": "WMTS:" + base + "/wmts/1.0.0/WMTSCapabilities.xml,layer=seed",
		"kvp":  "WMTS:" + base + "/wmts?SERVICE=WMTS&REQUEST=GetCapabilities,layer=seed",
	} {
		t.Run(name, func(t *testing.T) {
			img, msg, err := gdalTranslate(t, append([]string{"-oo", "TILEMATRIX=9"}, append(projwin(kursk), url)...)...)
			if err != nil {
				t.Fatalf("gdal_translate: %v\n%s", err, msg)
			}
			sameAsXYZ(t, base, "latest", kursk, img)
		})
	}
}

// TestGDALReadsOGCAPI: GDAL's OGCAPI driver lists the collections from the
// landing page and reads a collection's map tiles of 2024-09-01 (the
// Kursk incursion) to a GeoTIFF whose pixels are our XYZ tiles'. GDAL
// 3.6's driver follows a draft that wants a tile matrix set in the draft
// encoding (with "identifier" and "boundingBox"), not 17-083r4 2.0's, so
// there GDAL reads the tileset's own tile template (its "item" link) as
// that driver does inside, through GDAL's WMS TMS minidriver.
func TestGDALReadsOGCAPI(t *testing.T) {
	info := needProgram(t, "gdalinfo", "gdal-bin")
	base, _ := testServer(t)
	out, err := exec.Command(info, "OGCAPI:"+base+"/ogc").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("SUBDATASET_1_NAME=OGCAPI:"+base+"/ogc/collections/seed")) {
		t.Fatalf("gdalinfo of the landing page: %v\n%s", err, out)
	}
	const day = "2024-09-01"
	img, msg, err := gdalTranslate(t, append([]string{"-oo", "API=TILES", "-oo", "TILEMATRIX=9"},
		append(projwin(kursk), "OGCAPI:"+base+"/ogc/collections/seed?datetime="+day)...)...)
	if err != nil && bytes.Contains(msg, []byte("Invalid tiling matrix set name")) {
		t.Logf("GDAL's OGCAPI driver does not read 17-083r4 2.0 tile matrix sets: reading the tileset's tile template")
		resp, body := get(t, base+"/ogc/collections/seed/map/tiles/WebMercatorQuad")
		i := bytes.Index(body, []byte(`"href":"`+base+`/ogc/collections/seed/map/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}"`))
		if resp.StatusCode != 200 || i < 0 {
			t.Fatalf("tileset: got %d %s", resp.StatusCode, body)
		}
		url := base + "/ogc/collections/seed/map/tiles/WebMercatorQuad/${z}/${y}/${x}?datetime=" + day
		xml := `<GDAL_WMS><Service name="TMS"><ServerUrl>` + strings.ReplaceAll(url, "&", "&amp;") + `</ServerUrl></Service>` +
			`<DataWindow><UpperLeftX>-20037508.3427892</UpperLeftX><UpperLeftY>20037508.3427892</UpperLeftY><LowerRightX>20037508.3427892</LowerRightX><LowerRightY>-20037508.3427892</LowerRightY>` +
			`<TileLevel>9</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY><YOrigin>top</YOrigin></DataWindow>` +
			`<Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY><BandsCount>4</BandsCount></GDAL_WMS>`
		img, msg, err = gdalTranslate(t, append(projwin(kursk), xml)...)
	}
	if err != nil {
		t.Fatalf("gdal_translate: %v\n%s", err, msg)
	}
	sameAsXYZ(t, base, day, kursk, img)
}

// TestQGISReadsWMTS: headless QGIS opens the WMTS layer with its Time
// dimension and renders Donbas on 2025-01-20 with the occupied area in
// it, more of it than on 2021-06-01.
func TestQGISReadsWMTS(t *testing.T) {
	py := needProgram(t, "python3", "python3")
	if err := exec.Command("/usr/bin/python3", "-c", "import qgis.core").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PyQGIS (Debian python3-qgis) is not installed, and CI=true: %v", err)
		}
		t.Skip("PyQGIS (Debian python3-qgis) not installed: skipping")
	}
	py = "/usr/bin/python3" // Debian's, with PyQGIS, whatever python3 comes first in PATH
	base, _ := testServer(t)
	occupied := func(day string) float64 {
		out := filepath.Join(t.TempDir(), day+".png")
		cmd := exec.Command(py, "testdata/render_wmts_qgis.py", base+"/wmts/1.0.0/WMTSCapabilities.xml", "seed", day,
			"4118821", "5991179", "4397119", "6274861", out) // Donbas, EPSG:3857
		cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR="+t.TempDir())
		msg, err := cmd.CombinedOutput()
		if err != nil || !bytes.Contains(msg, []byte("DIMENSION_TIME")) {
			t.Fatalf("QGIS: %v\n%s", err, msg)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		red, all := 0, 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				if r>>8 > g>>8+40 && r>>8 > bl>>8+40 {
					red++
				}
				all++
			}
		}
		return float64(red) / float64(all)
	}
	now, before := occupied("2025-01-20"), occupied("2021-06-01")
	if now < 0.3 || now <= before+0.1 {
		t.Errorf("occupied share of Donbas drawn by QGIS: got %.2f on 2025-01-20 and %.2f on 2021-06-01, want over 0.3 and more than before", now, before)
	}
}
