package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/data/store"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// TestTwoServersOneDatabase starts two `frontline serve` processes on one
// database and changes a day through one of them (HTTP), through the CLI
// and with plain SQL: each time the other serves the new tile within 10 s
// (the delays are logged), while a tile whose content did not change keeps
// its ETag. On SQLite and on PostgreSQL.
func TestTwoServersOneDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	t.Run("sqlite", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "shared.db")
		copyFile(t, seedDB(t), db)
		twoServers(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		url := pgtest.URL(t)
		s, err := store.Open(context.Background(), store.Config{Path: url}) // seeds it once
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		twoServers(t, url)
	})
}

func twoServers(t *testing.T, db string) {
	a, _ := serveOn(t, db)
	b, _ := serveOn(t, db)
	area := func(lon, lat, d float64) string {
		return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`, lon, lat, lon+d, lat, lon+d, lat+d, lon, lat+d, lon, lat)
	}
	fc := func(from, geom string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"coh-area","side":"ru","status":"occupied","valid_from":"` +
			from + `","source":"test"},"geometry":` + geom + `}]}`
	}
	if code, _, stderr := runCLI(t, db, fc("2025-01-01", area(36, 48, 0.3)), "import", "--dataset", "coh", "-"); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	changing := maptile.At(orb.Point{36.15, 48.15}, 8)
	still := maptile.At(orb.Point{25, 45}, 8) // far from every change
	path := func(tl maptile.Tile) string {
		return fmt.Sprintf("/tiles/2025-02-01/%d/%d/%d.png?dataset=coh&layers=control", tl.Z, tl.X, tl.Y)
	}
	etag := func(base string, tl maptile.Tile) (string, []byte) {
		resp, body := get(t, base+path(tl))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path(tl), resp.StatusCode, body)
		}
		return resp.Header.Get("ETag"), body
	}
	stillTag, _ := etag(b, still)
	// wait polls b until the changing tile has another ETag than before.
	wait := func(what, before string) string {
		t.Helper()
		start := time.Now()
		for {
			tag, _ := etag(b, changing)
			if tag != before {
				t.Logf("%s: the other server serves the new tile after %s", what, time.Since(start).Round(time.Millisecond))
				return tag
			}
			if time.Since(start) > 10*time.Second {
				t.Fatalf("%s: the other server still serves the old tile after 10 s", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	tag0, _ := etag(b, changing)

	// Through the other server's HTTP import.
	resp, body := postWith(t, a+"/api/import?dataset=coh", []byte(fc("2025-01-15", area(36, 48, 0.2))))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("import through a: %d %s", resp.StatusCode, body)
	}
	tag1 := wait("an import through the other server", tag0)

	// Through the CLI.
	if code, _, stderr := runCLI(t, db, fc("2025-01-20", area(36, 48, 0.1)), "import", "--dataset", "coh", "-"); code != 0 {
		t.Fatalf("CLI import: %d %s", code, stderr)
	}
	tag2 := wait("an import with the CLI", tag1)

	// With plain SQL: the version of 2025-01-20 ends on 2025-01-25, so on
	// 2025-02-01 the region is off the map.
	s, err := store.Open(context.Background(), store.Config{Path: db, NoSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	q := `UPDATE versions SET valid_to = ? WHERE valid_from = ?`
	if store.IsPostgres(db) {
		q = `UPDATE versions SET valid_to = $1 WHERE valid_from = $2`
	}
	if _, err := s.DB().Exec(q, 20113, 20108); err != nil {
		t.Fatal(err)
	}
	s.Close()
	wait("an UPDATE in plain SQL", tag2)

	// The tile far from the changes kept its ETag on both servers.
	for _, base := range []string{a, b} {
		resp, body := get(t, base+path(still), "If-None-Match", stillTag)
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("%s: an unchanged tile got %d, want 304 to its old ETag", base, resp.StatusCode)
		}
	}
}
