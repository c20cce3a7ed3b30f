package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/internal/pgtest"
)

// TestWatchSeesOtherWriters: a store watching its database hears of a
// change made through another store on the same database (another server,
// the CLI) and of one made with plain SQL (a SQL client), within a second.
func TestWatchSeesOtherWriters(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := filepath.Join(t.TempDir(), "watch.db")
	if onPostgres() {
		path = pgtest.URL(t)
	}
	a, err := Open(ctx, Config{Path: path, NoSeed: true, Actor: "a"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, Config{Path: path, NoSeed: true, Actor: "b"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	heard := make(chan string, 100)
	go a.Watch(ctx, 50*time.Millisecond, func(ds string) { heard <- ds })
	wait := func(what, want string) time.Duration {
		t.Helper()
		start := time.Now()
		deadline := time.After(5 * time.Second)
		for {
			select {
			case ds := <-heard:
				if ds == want {
					return time.Since(start)
				}
			case <-deadline:
				t.Fatalf("%s: no change of %q heard in 5 s", what, want)
			}
		}
	}
	wait("the first look", "")
	feature := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"w-area","side":"ru","status":"occupied","valid_from":"2025-01-01"},
		"geometry":{"type":"Polygon","coordinates":[[[36,48],[36.1,48],[36.1,48.1],[36,48.1],[36,48]]]}}]}`
	if _, err := b.ImportGeoJSON(ctx, strings.NewReader(feature), "w.geojson", ImportConfig{Dataset: "w"}); err != nil {
		t.Fatal(err)
	}
	t.Logf("an import through another store heard after %s", wait("an import through another store", "w"))
	if _, err := b.DB().ExecContext(ctx, `UPDATE versions SET valid_to = 20200 WHERE valid_from = 20089`); err != nil {
		t.Fatal(err)
	}
	t.Logf("plain SQL heard after %s", wait("an UPDATE in plain SQL", "w"))
}
