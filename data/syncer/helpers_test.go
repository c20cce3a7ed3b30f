package syncer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/deepstate"
	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/data/internal/dsfixture"
	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/data/store"
)

// onPostgres reports whether the suite runs on PostgreSQL
// (FRONTLINE_TEST_STORE=postgres, as make test's second run does).
func onPostgres() bool { return os.Getenv("FRONTLINE_TEST_STORE") == "postgres" }

// openTemp opens a new store for a test: a SQLite file, or a new
// PostgreSQL database on the suite's PostgreSQL run.
func openTemp(t testing.TB, noSeed bool) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	if onPostgres() {
		path = pgtest.URL(t)
	}
	s, err := store.Open(context.Background(), store.Config{Path: path, NoSeed: noSeed, Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func empty(t testing.TB) *store.Store {
	t.Helper()
	return openTemp(t, true)
}

// sql rebinds q's ? placeholders for the suite's database.
func sql(q string) string {
	if !onPostgres() {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// importSeries groups files of a series whose features lack region, side
// and status as def says, and writes them into dataset, as frontline
// import does.
func importSeries(ctx context.Context, s *store.Store, files []series.File, dataset string, def geojson.Defaults) error {
	sr, err := series.Group(ctx, files, def)
	if err != nil {
		return err
	}
	_, err = s.ImportDays(ctx, sr, store.ImportConfig{Dataset: dataset})
	return err
}

// deepStateFixture writes dsfixture's small history into a new folder.
func deepStateFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := dsfixture.History(dir, false); err != nil {
		t.Fatal(err)
	}
	return dir
}

// mustImportDeepState reads the history at src and writes it into dataset,
// as frontline import --format deepstate does.
func mustImportDeepState(t *testing.T, s *store.Store, src, dataset string) {
	t.Helper()
	ctx := context.Background()
	h, err := deepstate.ReadPath(ctx, src, deepstate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportDays(ctx, h.Series(""), store.ImportConfig{Dataset: dataset}); err != nil {
		t.Fatal(err)
	}
}
