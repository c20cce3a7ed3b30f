package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/geo"
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
	// The watcher takes its first look at the revisions when it starts:
	// import day after day until one is heard, then time the next.
	importDay := func(day int) {
		feature := fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"w-area","side":"ru","status":"occupied","valid_from":"2025-01-%02d"},
		"geometry":{"type":"Polygon","coordinates":[[[36,48],[36.1,48],[36.1,48.1],[36,48.1],[36,48]]]}}]}`, day)
		if _, err := b.ImportGeoJSON(ctx, strings.NewReader(feature), "w.geojson", ImportConfig{Dataset: "w"}); err != nil {
			t.Fatal(err)
		}
	}
	for day := 1; ; day++ {
		importDay(day)
		select {
		case ds := <-heard:
			if ds != "w" {
				continue
			}
		case <-time.After(time.Second):
			if day < 5 {
				continue
			}
			t.Fatal("no import heard in 5 tries")
		}
		break
	}
	for len(heard) > 0 {
		<-heard
	}
	importDay(20)
	t.Logf("an import through another store heard after %s", wait("an import through another store", "w"))
	if _, err := b.DB().ExecContext(ctx, `UPDATE versions SET valid_to = 20200 WHERE valid_from = 20108`); err != nil {
		t.Fatal(err)
	}
	t.Logf("plain SQL heard after %s", wait("an UPDATE in plain SQL", "w"))
}

// TestOneImportAtATime: on PostgreSQL a second importer waits for the
// first (and says so once), or with NoWait fails with geo.ErrAnotherImport;
// SQLite's BEGIN IMMEDIATE does the same with its 10 s busy timeout.
func TestOneImportAtATime(t *testing.T) {
	if !onPostgres() {
		t.Skip("SQLite serialises writers with BEGIN IMMEDIATE (tests in fault_test.go)")
	}
	ctx := context.Background()
	path := pgtest.URL(t)
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
	holding, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- a.importTx(ctx, false, nil, func(*txn) error { close(holding); <-release; return nil })
	}()
	<-holding
	feature := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"w-area","side":"ru","status":"occupied","valid_from":"2025-01-01"},
		"geometry":{"type":"Polygon","coordinates":[[[36,48],[36.1,48],[36.1,48.1],[36,48.1],[36,48]]]}}]}`
	_, err = b.ImportGeoJSON(ctx, strings.NewReader(feature), "w.geojson", ImportConfig{Dataset: "w", NoWait: true})
	if !errors.Is(err, geo.ErrAnotherImport) {
		t.Fatalf("an import that may not wait: %v, want geo.ErrAnotherImport", err)
	}
	waited := make(chan struct{}, 1)
	second := make(chan error, 1)
	go func() {
		_, err := b.ImportGeoJSON(ctx, strings.NewReader(feature), "w.geojson", ImportConfig{Dataset: "w", Waiting: func() { waited <- struct{}{} }})
		second <- err
	}()
	select {
	case <-waited:
	case err := <-second:
		t.Fatalf("the second import did not wait: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("the second import neither waited nor finished")
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatalf("the import that waited: %v", err)
	}
}
