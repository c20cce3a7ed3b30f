package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/data/store"
)

// TestStoresServeTheSameBytes serves the same data from SQLite and from
// PostgreSQL: a sample of raster, vector and temporal tiles, stats, the
// timeline and a snapshot come back with the same bytes and ETags.
func TestStoresServeTheSameBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	sqlite := filepath.Join(t.TempDir(), "same.db")
	copyFile(t, seedDB(t), sqlite)
	pg := pgtest.URL(t)
	s, err := store.Open(context.Background(), store.Config{Path: pg}) // seeds it as the copy was seeded
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// The same extra dataset in both: a small series of three days.
	series := filepath.Join(t.TempDir(), "series")
	writeSeriesDir(t, series)
	for _, db := range []string{sqlite, pg} {
		if code, _, stderr := runCLI(t, db, "", "import", "--dataset", "extra", "--region", "extra-area", "--side", "ru", "--status", "occupied", series); code != 0 {
			t.Fatalf("import: %d %s", code, stderr)
		}
	}
	a, _ := serveOn(t, sqlite)
	b, _ := serveOn(t, pg)
	// The sample shows the extra dataset: its tile is not the seed's.
	_, extra := get(t, b+"/tiles/2025-01-03/8/154/88.png?dataset=extra&layers=control")
	_, seed := get(t, b+"/tiles/2025-01-03/8/154/88.png?layers=control")
	if bytes.Equal(extra, seed) {
		t.Fatal("the extra dataset's tile is the seed's: the sample would not show the extra data")
	}
	paths := []string{
		"/tiles/2025-01-20/6/38/22.png", "/tiles/2025-01-20/7/77/44@2x.png", "/tiles/2015-01-01/7/74/45.png",
		"/tiles/2025-01-20/6/38/22.png?layers=control", "/tiles/2024-08-20/8/154/84.png",
		"/tiles/2025-01-20/6/38/22.mvt", "/tiles/2024-08-20/8/154/84.mvt",
		"/tiles/all/6/38/22.mvt", "/tiles/all/8/154/84.mvt",
		"/tiles/2025-01-03/8/154/88.png?dataset=extra", "/tiles/all/8/154/88.mvt?dataset=extra",
		"/api/stats?day=2025-01-20", "/api/stats?day=2025-01-03&dataset=extra", "/api/diff?from=2024-08-01&to=2024-08-31",
		"/api/timeline", "/api/regions/kursk-incursion/history",
		"/api/series", "/api/series?by=oblast&format=csv", "/api/series?dataset=extra&to=2025-03-01",
		"/snapshot.png?day=2025-01-20&width=600&height=400", "/diff.png?from=2024-08-01&to=2024-08-31&region=kursk-incursion&width=400&height=300",
	}
	for _, p := range paths {
		for _, enc := range []string{"", "gzip"} {
			ra, ba := get(t, a+p, "Accept-Encoding", enc)
			rb, bb := get(t, b+p, "Accept-Encoding", enc)
			if ra.StatusCode != 200 || rb.StatusCode != 200 {
				t.Errorf("%s: %d on SQLite, %d on PostgreSQL", p, ra.StatusCode, rb.StatusCode)
				continue
			}
			if !bytes.Equal(ba, bb) {
				t.Errorf("%s (Accept-Encoding %q): %d bytes on SQLite, %d on PostgreSQL, not the same", p, enc, len(ba), len(bb))
			}
			if ea, eb := ra.Header.Get("ETag"), rb.Header.Get("ETag"); ea != eb {
				t.Errorf("%s: ETag %s on SQLite, %s on PostgreSQL", p, ea, eb)
			}
		}
	}
}

// writeSeriesDir writes three days of a square that grows, near Pokrovsk.
func writeSeriesDir(t *testing.T, dir string) {
	t.Helper()
	var files [][2]string
	for i, day := range []string{"2025-01-01", "2025-01-02", "2025-01-03"} {
		d := 0.2 + 0.05*float64(i)
		files = append(files, [2]string{day + ".geojson", collection(square(37.0, 48.2, d, ""))})
	}
	writeFiles(t, dir, files)
}

func writeFiles(t *testing.T, dir string, files [][2]string) {
	t.Helper()
	for _, f := range files {
		writeFile(t, filepath.Join(dir, f[0]), f[1])
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := mkdirWrite(path, []byte(body)); err != nil {
		t.Fatal(fmt.Errorf("write %s: %w", path, err))
	}
}

func mkdirWrite(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// TestPostgresUnreachable: a database that cannot be reached fails at
// start with a message naming the host, exit 1, and never the password.
func TestPostgresUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // a closed port
	for _, cmd := range [][]string{{"stats", "--day", "2025-01-20"}, {"serve", "--addr", "127.0.0.1:0"}} {
		db := "postgres://frontline:s3cret@" + addr + "/frontline?connect_timeout=3"
		code, _, stderr := runCLI(t, db, "", cmd...)
		if code != exitFailure || !strings.Contains(stderr, addr) || strings.Contains(stderr, "s3cret") {
			t.Errorf("%s on %s: exit %d, %q; want 1, the host named, no password", cmd[0], addr, code, stderr)
		}
	}
}
