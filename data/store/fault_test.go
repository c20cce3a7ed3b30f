package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// squareSeries is a synthetic series of n days whose box grows every day.
func squareSeries(region string, n int, first geo.Day) []SeriesFile {
	var files []SeriesFile
	for i := 0; i < n; i++ {
		f := Feature{Name: fmt.Sprint(i), Props: map[string]any{"region": region}, Geometry: box(36, 47, 37+0.001*float64(i), 48)}
		files = append(files, SeriesFile{Name: fmt.Sprint(region, i), Day: first + geo.Day(i), Features: []Feature{f}})
	}
	return files
}

func ids(vs []geo.Version) string {
	var s []string
	for _, v := range vs {
		s = append(s, fmt.Sprint(v.Region, ":", v.ID))
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}

// TestReadsDuringWriteSeeOldOrNew reads the map at a day again and again
// while an import changes it: every read must see the state before the
// import or the state after it, never a mix.
func TestReadsDuringWriteSeeOldOrNew(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	first := geo.MustParseDay("2024-01-01")
	cfg := importCfg{Dataset: "x", Side: geo.SideRU, Status: geo.StatusOccupied}
	if _, err := s.ImportSeries(ctx, squareSeries("a", 1, first), cfg); err != nil {
		t.Fatal(err)
	}
	day := first + 150
	before, _ := s.VersionsAt(ctx, "x", day, orb.Bound{})
	// One transaction changes region a on 300 days and adds region b.
	files := append(squareSeries("a", 300, first), squareSeries("b", 300, first)...)
	var done atomic.Bool
	var wg sync.WaitGroup
	var reads, mixed atomic.Int64
	states := sync.Map{}
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				vs, err := s.VersionsAt(ctx, "x", day, orb.Bound{})
				if err != nil {
					t.Error(err)
					return
				}
				reads.Add(1)
				states.Store(ids(vs), len(vs))
			}
		}()
	}
	if _, err := s.ImportSeries(ctx, files, cfg); err != nil {
		t.Fatal(err)
	}
	done.Store(true)
	wg.Wait()
	after, _ := s.VersionsAt(ctx, "x", day, orb.Bound{})
	states.Range(func(k, v any) bool {
		if k != ids(before) && k != ids(after) {
			mixed.Add(1)
			t.Errorf("a read saw %v: neither before (%s) nor after (%s)", k, ids(before), ids(after))
		}
		return true
	})
	if reads.Load() == 0 {
		t.Fatal("no read ran during the import")
	}
	t.Logf("%d reads during the import, %d mixed", reads.Load(), mixed.Load())
}

// TestFullDisk makes the database unable to grow (SQLite's max_page_count
// answers exactly as a full disk does): the import fails with a clear
// error and leaves the database as it was.
func TestFullDisk(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	s := empty(t)
	before := dump(t, s)
	var pages int
	s.db.QueryRow(`PRAGMA page_count`).Scan(&pages)
	s.db.SetMaxOpenConns(1) // the pragma is per connection
	if _, err := s.db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+2)); err != nil {
		t.Fatal(err)
	}
	_, err := s.ImportSeries(ctx, squareSeries("a", 300, geo.MustParseDay("2024-01-01")), seriesCfg)
	if err == nil || !strings.Contains(err.Error(), "full") {
		t.Fatalf("got %v, want a 'database or disk is full' error", err)
	}
	if after := dump(t, s); after != before {
		t.Errorf("a failed import changed the database: %s -> %s", before, after)
	}
	var ok string
	if s.db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); ok != "ok" {
		t.Errorf("integrity_check: %s", ok)
	}
}

// TestReadOnly refuses writes with a clear error and keeps reads working.
func TestReadOnly(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	s := seeded(t)
	s.db.SetMaxOpenConns(1)
	if _, err := s.db.Exec(`PRAGMA query_only = ON`); err != nil {
		t.Fatal(err)
	}
	_, err := s.ImportGeoJSON(ctx, strings.NewReader(goodFC), "x", ImportConfig{Dataset: "edits"})
	if err == nil || !strings.Contains(err.Error(), "readonly") {
		t.Fatalf("got %v, want a read-only error", err)
	}
	if _, err := s.VersionsAt(ctx, SeedDataset, geo.MustParseDay("2025-01-20"), orb.Bound{}); err != nil {
		t.Errorf("reads must still work: %v", err)
	}
}

// TestTwoStoresOneFile runs imports from two stores (two servers) on one
// database file at once: both land or one waits, and nothing is corrupted.
func TestTwoStoresOneFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	a, err := Open(ctx, Config{Path: path, NoSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, Config{Path: path, NoSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, s := range []*Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cfg := seriesCfg
			cfg.Dataset = fmt.Sprint("d", i)
			_, errs[i] = s.ImportSeries(ctx, squareSeries("a", 200, geo.MustParseDay("2024-01-01")), cfg)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("store %d: %v", i, err)
		}
	}
	var ok string
	if a.db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); ok != "ok" {
		t.Errorf("integrity_check: %s", ok)
	}
	for _, ds := range []string{"d0", "d1"} {
		h, err := b.History(ctx, ds, "a")
		if err != nil || len(h) != 200 {
			t.Errorf("%s: %d versions, %v; want 200", ds, len(h), err)
		}
	}
}
