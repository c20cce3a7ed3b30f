package series

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/geo"
)

// square is a one-feature FeatureCollection of a box whose east edge is east.
func square(east float64) string {
	return fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[36,47],[%g,47],[%g,48],[36,48],[36,47]]]}}]}`, east, east)
}

func tarGz(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, b := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(b))
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

var def = geojson.Defaults{Region: "occupied", Side: geo.SideRU, Status: geo.StatusOccupied}

// TestReadAndGroup: a folder and a .tar.gz of the same files read and
// group alike; days come from names; the observed range spans them.
func TestReadAndGroup(t *testing.T) {
	files := map[string]string{"s/map_20240708.geojson": square(37), "s/map-2024-07-10.geojson": square(37.1), "s/README.md": "not read"}
	dir := t.TempDir()
	for name, b := range files {
		os.MkdirAll(filepath.Join(dir, "s"), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(b), 0o644)
	}
	tgz := filepath.Join(dir, "s.tar.gz")
	os.WriteFile(tgz, tarGz(t, files), 0o644)
	for name, src := range map[string]string{"folder": filepath.Join(dir, "s"), "tar.gz": tgz} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			fs, err := Read(ctx, src, Path(src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			sr, err := Group(ctx, fs, def)
			if err != nil {
				t.Fatal(err)
			}
			if len(sr.Regions) != 1 || len(sr.Regions[0].Days) != 2 || sr.First != geo.MustParseDay("2024-07-08") || sr.Last != geo.MustParseDay("2024-07-10") || sr.Features != 2 {
				t.Fatalf("got %+v, want one region of 2 days, 2024-07-08..2024-07-10", sr)
			}
			if d := sr.Regions[0].Days[0]; d.Source != "map_20240708.geojson" || sr.Regions[0].Side != geo.SideRU {
				t.Errorf("day 0: source %q side %s, want the file's name and ru", d.Source, sr.Regions[0].Side)
			}
		})
	}
}

func TestReadRejects(t *testing.T) {
	ctx := context.Background()
	type tcase struct {
		files map[string]string
		opt   Options
		want  error
		text  string
	}
	for name, tc := range map[string]tcase{
		"impossible day": {files: map[string]string{"2024-02-30.geojson": square(37)}, want: geo.ErrInvalid, text: "impossible day"},
		"broken file":    {files: map[string]string{"2024-02-03.geojson": "{"}, want: geo.ErrInvalid, text: "broken JSON"},
		"no files":       {files: map[string]string{"a.txt": "x"}, want: geo.ErrInvalid, text: "no GeoJSON files"},
		"too many files": {files: map[string]string{"2024-02-03.geojson": square(37), "2024-02-04.geojson": square(37)}, opt: Options{Limits: geojson.Limits{Files: 1}}, want: geo.ErrTooLarge},
		"too many bytes": {files: map[string]string{"2024-02-03.geojson": square(37)}, opt: Options{Limits: geojson.Limits{FileBytes: 20}}, want: geo.ErrTooLarge},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadStream(ctx, "s.tar.gz", bytes.NewReader(tarGz(t, tc.files)), tc.opt)
			if !errors.Is(err, tc.want) || !strings.Contains(fmt.Sprint(err), tc.text) {
				t.Errorf("got %v, want %v with %q", err, tc.want, tc.text)
			}
		})
	}
	if _, err := ReadStream(ctx, "s.tar.gz", strings.NewReader("not gzip"), Options{}); !errors.Is(err, geo.ErrInvalid) {
		t.Errorf("not an archive: got %v, want a rejection", err)
	}
}

func TestGroupConflict(t *testing.T) {
	ctx := context.Background()
	var ps geo.Problems
	a, _ := ReadFile("2024-01-01.geojson", strings.NewReader(square(37)), &ps)
	b, _ := ReadFile("2024-01-02.geojson", strings.NewReader(strings.Replace(square(37), `"properties":{}`, `"properties":{"side":"ua","status":"liberated"}`, 1)), &ps)
	if _, err := Group(ctx, []File{a, b}, def); !errors.Is(err, geo.ErrInvalid) || !strings.Contains(err.Error(), "elsewhere in the series") {
		t.Errorf("got %v, want a rejection of a region of two sides", err)
	}
}

// FuzzReadStream reads arbitrary bytes as a .tar.gz, a .gz and a plain
// file of a series, and groups what it accepts: no panic, only rejections
// (or limits) as errors, within bounds.
func FuzzReadStream(f *testing.F) {
	f.Add(tarGz(f, map[string]string{"2024-01-01.geojson": square(37)}), "s.tar.gz")
	f.Add([]byte(square(37)), "2024-01-01.geojson")
	f.Add([]byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0}, "x.gz")
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		if len(b) > 1<<16 {
			return
		}
		ctx := context.Background()
		opt := Options{Limits: geojson.Limits{Files: 20, Bytes: 1 << 20, FileBytes: 1 << 18}}
		files, err := ReadStream(ctx, name, bytes.NewReader(b), opt)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalid) && !errors.Is(err, geo.ErrTooLarge) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("error %v is not a rejection", err)
			}
			return
		}
		if _, err := Group(ctx, files, def); err != nil && !errors.Is(err, geo.ErrInvalid) {
			t.Logf("group: %v", err) // a union that fails is an error, not a panic
		}
	})
}
