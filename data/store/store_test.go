package store

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// seeded returns a store with the seed data in a temporary directory; the
// seed is loaded once per test binary and copied, since it is read-only.
func seeded(t testing.TB) *Store {
	t.Helper()
	return openTemp(t, false)
}

func empty(t testing.TB) *Store {
	t.Helper()
	return openTemp(t, true)
}

// openTemp opens a new store for a test: a SQLite file, or with
// FRONTLINE_TEST_STORE=postgres a new PostgreSQL database (pgtest.URL), so
// that the same tests are the conformance suite of both stores (make test
// runs them both ways).
func openTemp(t testing.TB, noSeed bool) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	if onPostgres() {
		path = pgtest.URL(t)
	}
	s, err := Open(context.Background(), Config{Path: path, NoSeed: noSeed, Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSeedLoads(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	ds, err := s.DefaultDataset(ctx)
	if err != nil || ds != SeedDataset {
		t.Fatalf("default dataset: got %q, %v, want seed", ds, err)
	}
	for _, slug := range []string{"crimea", "sevastopol", "donetsk-oblast", "luhansk-oblast", "zaporizhzhia-oblast", "kherson-oblast", "kursk-oblast", "kursk-incursion"} {
		if _, err := s.Region(ctx, slug); err != nil {
			t.Errorf("region %s: %v", slug, err)
		}
	}
	// Crimea: under Russian control from 2014-02-27, not the day before.
	for day, want := range map[string]bool{"2014-02-26": false, "2014-02-27": true, "2025-01-20": true} {
		vs, err := s.VersionsAt(ctx, SeedDataset, geo.MustParseDay(day), orb.Bound{})
		if err != nil {
			t.Fatal(err)
		}
		got := false
		for _, v := range vs {
			if v.Region == "crimea" && v.Side == geo.SideRU && v.Status == geo.StatusOccupied {
				got = true
			}
		}
		if got != want {
			t.Errorf("crimea occupied on %s: got %v, want %v", day, got, want)
		}
	}
}

func TestSeedStats20250120(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	st, err := s.Stats(ctx, SeedDataset, geo.MustParseDay("2025-01-20"))
	if err != nil {
		t.Fatal(err)
	}
	var ruShare, uaKursk float64
	for _, f := range st.Figures {
		if f.Side == geo.SideRU && f.Status == geo.StatusOccupied {
			ruShare = f.Share
		}
		if f.Side == geo.SideUA && f.Status == geo.StatusOccupied {
			uaKursk = f.AreaKm2
		}
	}
	if ruShare < 0.17 || ruShare > 0.20 {
		t.Errorf("ru occupied share of Ukraine: got %.3f, want about 0.18-0.19", ruShare)
	}
	if math.Abs(uaKursk-800) > 800*0.05 {
		t.Errorf("ua-held Kursk: got %.0f km², want about 800 (Ukraine's figure of 2024-11-16)", uaKursk)
	}
	if len(st.Articles) == 0 {
		t.Fatalf("no article on 2025-01-20")
	}
	got := strings.Join(st.Articles[0].Regions, ",")
	for _, want := range []string{"crimea", "donetsk-oblast", "luhansk-oblast", "zaporizhzhia-oblast", "kherson-oblast", "kursk-incursion"} {
		if !strings.Contains(got, want) {
			t.Errorf("article regions %s: missing %s", got, want)
		}
	}
	if len(st.Articles[0].Versions) == 0 {
		t.Errorf("article supports no versions")
	}
}

func TestSeedDiffIsExact(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	for _, days := range [][2]string{{"2024-08-01", "2024-08-31"}, {"2022-02-23", "2022-04-07"}, {"2022-04-07", "2025-01-20"}} {
		r, err := s.Diff(ctx, SeedDataset, geo.MustParseDay(days[0]), geo.MustParseDay(days[1]))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range r.Changes {
			if d := c.NetKm2() - (c.AfterKm2 - c.BeforeKm2); math.Abs(d) > 0.1 {
				t.Errorf("%s..%s %s: gained-lost %.3f, after-before %.3f", days[0], days[1], c.Side, c.NetKm2(), c.AfterKm2-c.BeforeKm2)
			}
		}
	}
}

func TestChangeDaysAndHistory(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	all, err := s.ChangeDays(ctx, SeedDataset, orb.Bound{})
	if err != nil {
		t.Fatal(err)
	}
	kursk, err := s.ChangeDays(ctx, SeedDataset, orb.Bound{Min: orb.Point{34.5, 51}, Max: orb.Point{36, 51.8}})
	if err != nil {
		t.Fatal(err)
	}
	if len(kursk) == 0 || len(kursk) >= len(all) {
		t.Fatalf("change days: %d in Kursk bbox, %d overall; want fewer but some", len(kursk), len(all))
	}
	has := func(days []geo.Day, s string) bool {
		for _, d := range days {
			if d == geo.MustParseDay(s) {
				return true
			}
		}
		return false
	}
	if !has(kursk, "2024-08-06") || !has(all, "2014-02-27") || has(kursk, "2014-02-27") {
		t.Errorf("change days miss 2024-08-06 or 2014-02-27, or the bbox filter is wrong: %v", kursk)
	}
	h, err := s.History(ctx, SeedDataset, "kursk-incursion")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(h); i++ {
		if h[i-1].Valid.Overlaps(h[i].Valid) {
			t.Errorf("history overlaps: %s and %s", h[i-1].Valid, h[i].Valid)
		}
	}
	if _, err := s.History(ctx, SeedDataset, "atlantis"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown region: got %v, want ErrNotFound", err)
	}
}

func TestConcurrentReads(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.VersionsAt(ctx, SeedDataset, geo.MustParseDay("2023-01-01"), orb.Bound{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

// onPostgres reports whether the store tests run on PostgreSQL.
func onPostgres() bool { return os.Getenv("FRONTLINE_TEST_STORE") == "postgres" }

// sqliteOnly skips a test of SQLite's own behaviour (its files, its locks)
// in the PostgreSQL run of the suite.
func sqliteOnly(t testing.TB) {
	if onPostgres() {
		t.Skip("a test of the SQLite store's files and locks")
	}
}

// TestRedactURL: messages never carry a database password.
func TestRedactURL(t *testing.T) {
	for _, u := range []string{"postgres://u:s3cret@h:5432/db", "postgres://u@h/db?password=s3cret&sslmode=disable"} {
		if got := redactURL(u); strings.Contains(got, "s3cret") || !strings.Contains(got, "h") {
			t.Errorf("redactURL(%q) = %q", u, got)
		}
	}
}
