package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportHTTP (#21): GET /api/export in each format: its type, its
// file name, an ETag of its content answered 304, and the same content as
// frontline export writes.
func TestExportHTTP(t *testing.T) {
	base, _ := testServer(t)
	db := seededCopy(t)
	type tcase struct {
		contentType, ext string
		check            func(t *testing.T, body []byte)
	}
	for format, tc := range map[string]tcase{
		"geojson": {"application/geo+json", "geojson", func(t *testing.T, body []byte) {
			var fc struct {
				Type     string
				CRS      any
				Features []json.RawMessage
			}
			if err := json.Unmarshal(body, &fc); err != nil || fc.Type != "FeatureCollection" || fc.CRS != nil || len(fc.Features) < 10 {
				t.Errorf("GeoJSON: %v, type %s, crs %v, %d features", err, fc.Type, fc.CRS, len(fc.Features))
			}
		}},
		"csv": {"text/csv; charset=utf-8", "csv", func(t *testing.T, body []byte) {
			recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil || len(recs) < 11 || recs[0][len(recs[0])-1] != "wkt" || !strings.HasPrefix(recs[1][len(recs[1])-1], "MULTIPOLYGON(") {
				t.Errorf("CSV: %v, %d records", err, len(recs))
			}
		}},
		"gpkg": {"application/geopackage+sqlite3", "gpkg", func(t *testing.T, body []byte) {
			if !bytes.HasPrefix(body, []byte("SQLite format 3\x00")) || !bytes.Equal(body[68:72], []byte("GPKG")) {
				t.Errorf("GeoPackage: header %q, application id %q", body[:16], body[68:72])
			}
		}},
	} {
		t.Run(format, func(t *testing.T) {
			url := base + "/api/export?day=2025-01-20&format=" + format
			resp, body := get(t, url)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status: got %d, want 200: %s", resp.StatusCode, body)
			}
			if got := resp.Header.Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type: got %q, want %q", got, tc.contentType)
			}
			want := `attachment; filename=frontline-seed-2025-01-20.` + tc.ext
			if got := resp.Header.Get("Content-Disposition"); got != want {
				t.Errorf("Content-Disposition: got %q, want %q", got, want)
			}
			tc.check(t, body)
			etag := resp.Header.Get("ETag")
			if resp2, _ := get(t, url, "If-None-Match", etag); etag == "" || resp2.StatusCode != http.StatusNotModified {
				t.Errorf("If-None-Match %s: got %d, want 304", etag, resp2.StatusCode)
			}
			if resp3, body3 := get(t, url); resp3.Header.Get("ETag") != etag || !bytes.Equal(body3, body) {
				t.Errorf("asked again: ETag %s, want %s, and the same bytes", resp3.Header.Get("ETag"), etag)
			}
			if format == "gpkg" {
				return // an SQLite file: GDAL reads the CLI's in TestExportCLI
			}
			code, out, errs := runCLI(t, db, "", "export", "--day", "2025-01-20", "--format", format)
			if code != exitOK || out != string(body) {
				t.Errorf("frontline export --format %s: %d %s; want the same bytes as GET /api/export", format, code, errs)
			}
		})
	}
}

// TestExportHTTPErrors (#21): a bad format, a bad day or one out of range
// gets 400 with a JSON error; an unknown dataset 404.
func TestExportHTTPErrors(t *testing.T) {
	base, _ := testServer(t)
	for name, tc := range map[string]struct {
		query string
		code  int
	}{
		"bad format":      {"day=2025-01-20&format=shp", http.StatusBadRequest},
		"not a day":       {"day=2025-02-30", http.StatusBadRequest},
		"out of range":    {"day=1850-01-01&format=gpkg", http.StatusBadRequest},
		"unknown dataset": {"day=2025-01-20&dataset=nope", http.StatusNotFound},
	} {
		t.Run(name, func(t *testing.T) {
			resp, body := get(t, base+"/api/export?"+tc.query)
			var e struct{ Error string }
			if resp.StatusCode != tc.code || json.Unmarshal(body, &e) != nil || e.Error == "" {
				t.Errorf("got %d %s, want %d with a JSON error", resp.StatusCode, body, tc.code)
			}
		})
	}
}

// TestExportCLI (#21): frontline export --format gpkg -o writes a
// GeoPackage GDAL reads; -o x.csv chooses CSV; a bad format is a usage
// error that writes nothing.
func TestExportCLI(t *testing.T) {
	db := seededCopy(t)
	dir := t.TempDir()
	gpkg := filepath.Join(dir, "x.gpkg")
	if code, _, errs := runCLI(t, db, "", "export", "--day", "2025-01-20", "--format", "gpkg", "-o", gpkg); code != exitOK {
		t.Fatalf("export --format gpkg: %d %s", code, errs)
	}
	if _, err := exec.LookPath("ogrinfo"); err == nil {
		out, err := exec.Command("ogrinfo", "-ro", "-al", "-so", gpkg).CombinedOutput()
		for _, want := range []string{"Layer name: control", "Feature Count: 15", `ID["EPSG",4326]`, "side: String", "valid_to: Date", "Licence: Apache-2.0"} {
			if err != nil || !strings.Contains(string(out), want) {
				t.Errorf("ogrinfo says no %q: %v\n%s", want, err, out)
			}
		}
	}
	csvPath := filepath.Join(dir, "x.csv")
	if code, _, errs := runCLI(t, db, "", "export", "--day", "2025-01-20", "-o", csvPath); code != exitOK {
		t.Fatalf("export -o x.csv: %d %s", code, errs)
	}
	if b, _ := os.ReadFile(csvPath); !bytes.HasPrefix(b, []byte("id,dataset,day,")) {
		t.Errorf("-o x.csv: got %.40q, want CSV", b)
	}
	bad := filepath.Join(dir, "bad.gpkg")
	if code, _, _ := runCLI(t, db, "", "export", "--day", "2025-01-20", "--format", "shp", "-o", bad); code != exitUsage {
		t.Errorf("--format shp: got exit %d, want %d", code, exitUsage)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("--format shp wrote %s", bad)
	}
}
