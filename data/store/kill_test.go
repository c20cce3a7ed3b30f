package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// TestMain lets the test binary act as an importing child process that the
// kill test stops with SIGKILL.
func TestMain(m *testing.M) {
	if path := os.Getenv("FRONTLINE_TEST_IMPORT_CHILD"); path != "" {
		os.Exit(importChild(path))
	}
	os.Exit(m.Run())
}

// importChild imports a synthetic series slowly, saying "half" halfway.
func importChild(path string) int {
	ctx := context.Background()
	s, err := Open(ctx, Config{Path: path, NoSeed: true})
	if err != nil {
		fmt.Println(err)
		return 1
	}
	var files []SeriesFile
	start := geo.MustParseDay("2024-01-01")
	for i := 0; i < 200; i++ {
		f := Feature{Name: fmt.Sprint(i), Props: map[string]any{}, Geometry: box(36, 47, 37+0.01*float64(i), 48)}
		files = append(files, SeriesFile{Name: fmt.Sprint(i), Day: start + geo.Day(i), Features: []Feature{f}})
	}
	cfg := seriesCfg
	cfg.Progress = func(done, total int) {
		if done == total/2 {
			fmt.Println("half")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := s.ImportSeries(ctx, files, cfg); err != nil {
		fmt.Println(err)
		return 1
	}
	fmt.Println("finished")
	return 0
}

func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kill.db")
	s, err := Open(ctx, Config{Path: path, NoSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	// State before: one earlier import.
	fs := []SeriesFile{{Name: "a", Day: geo.MustParseDay("2023-06-01"), Features: []Feature{{Name: "a", Props: map[string]any{}, Geometry: box(30, 45, 31, 46)}}}}
	if _, err := s.ImportSeries(ctx, fs, seriesCfg); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "FRONTLINE_TEST_IMPORT_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() && sc.Text() != "half" {
		t.Logf("child: %s", sc.Text())
	}
	cmd.Process.Kill() // SIGKILL: no chance to clean up
	cmd.Wait()

	s, err = Open(ctx, Config{Path: path, NoSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ok string
	if err := s.db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: got %q, %v", ok, err)
	}
	if after := dump(t, s); after != before {
		t.Errorf("database changed by a killed import:\nbefore %s\nafter  %s", before, after)
	}
}

// dump summarises every table that an import writes.
func dump(t *testing.T, s *Store) string {
	t.Helper()
	var parts []string
	for _, q := range []string{
		`SELECT count(*) || ':' || coalesce(sum(valid_from + valid_to + length(geom)), 0) FROM versions`,
		`SELECT count(*) FROM versions_bbox`, `SELECT count(*) FROM audit`, `SELECT count(*) FROM regions`, `SELECT count(*) FROM datasets`,
	} {
		var v string
		if err := s.db.QueryRow(q).Scan(&v); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, " ")
}

// box returns the rectangle [minLon, maxLon] x [minLat, maxLat] as a multipolygon.
func box(minLon, minLat, maxLon, maxLat float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {minLon, minLat}}}}
}
