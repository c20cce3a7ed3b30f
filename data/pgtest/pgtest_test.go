package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func connect(t *testing.T, dbURL string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// TestURL checks the database URL gives: PostGIS 3, and what the store's
// schema needs of it — a geometry(MultiPolygon,4326) column with a GiST
// index, and an exclusion constraint over (text =, daterange &&), which
// needs btree_gist, that rejects an overlapping row with 23P01.
func TestURL(t *testing.T) {
	t.Parallel()
	dbURL := URL(t)
	ctx := context.Background()
	conn := connect(t, dbURL)

	var version string
	if err := conn.QueryRow(ctx, "SELECT postgis_version()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(version, "3.") {
		t.Errorf("postgis_version() = %q, want 3.x", version)
	}
	t.Logf("%s: postgis_version() = %s", dbURL, version)

	for _, q := range []string{
		`CREATE TABLE control (
			a text NOT NULL,
			r daterange NOT NULL,
			geom geometry(MultiPolygon,4326) NOT NULL,
			EXCLUDE USING gist (a WITH =, r WITH &&)
		)`,
		`CREATE INDEX control_geom ON control USING gist (geom)`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const insert = `INSERT INTO control (a, r, geom) VALUES ($1, $2::daterange, ST_GeomFromText($3, 4326))`
	const square = "MULTIPOLYGON(((35 51, 36 51, 36 52, 35 52, 35 51)))"
	for _, row := range [][3]string{
		{"kursk", "[2024-08-06,2024-09-01)", square},
		{"kursk", "[2024-09-01,2024-10-01)", square}, // adjacent, not overlapping
		{"donetsk", "[2024-08-20,2024-09-10)", square},
	} {
		if _, err := conn.Exec(ctx, insert, row[0], row[1], row[2]); err != nil {
			t.Fatalf("inserting %v: %v", row, err)
		}
	}

	_, err := conn.Exec(ctx, insert, "kursk", "[2024-08-31,2024-09-02)", square)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "23P01" {
		t.Fatalf("inserting an overlapping row: %v, want an exclusion_violation (23P01)", err)
	}
	t.Logf("the overlapping row: %v", err)

	// The column takes only multipolygons in EPSG:4326.
	_, err = conn.Exec(ctx, insert, "luhansk", "[2024-01-01,2024-02-01)", "POINT(35 51)")
	if !errors.As(err, &pgErr) {
		t.Errorf("inserting a point: %v, want a PostgreSQL error", err)
	}

	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM control
		WHERE geom && ST_MakeEnvelope(35.5, 51.5, 40, 55, 4326) AND r @> '2024-08-25'::date`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("rows over the box on 2024-08-25: %d, want 2", n)
	}
}

// TestURLDropsDatabase checks that each URL is a database of its own and
// that it is gone when its test ends, even with a connection left open.
func TestURLDropsDatabase(t *testing.T) {
	t.Parallel()
	conn := connect(t, URL(t))
	var name string
	t.Run("sub", func(t *testing.T) {
		dbURL := URL(t)
		if other := URL(t); other == dbURL {
			t.Errorf("URL gave %s twice", dbURL)
		}
		u, err := url.Parse(dbURL)
		if err != nil {
			t.Fatal(err)
		}
		name = strings.TrimPrefix(u.Path, "/")
		if !strings.HasPrefix(name, "frontline_test_") {
			t.Errorf("database %q, want frontline_test_...", name)
		}
		// Left open: the drop cuts it.
		if _, err := pgx.Connect(context.Background(), dbURL); err != nil {
			t.Fatal(err)
		}
	})
	if t.Failed() || name == "" {
		return
	}
	var exists bool
	if err := conn.QueryRow(context.Background(),
		"SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Errorf("database %s still there after its test ended", name)
	}
}

// fakeTB records what URL does without a server.
type fakeTB struct {
	testing.TB
	skipped, fatal string
}

func (f *fakeTB) Skip(args ...any)  { f.skipped = fmt.Sprint(args...); runtime.Goexit() }
func (f *fakeTB) Fatal(args ...any) { f.fatal = fmt.Sprint(args...); runtime.Goexit() }

// TestURLWithoutServer checks the skip rules: skipped without
// FRONTLINE_TEST_PG, failed with FRONTLINE_REQUIRE_PG=1.
func TestURLWithoutServer(t *testing.T) {
	t.Setenv(EnvServer, "")
	for _, require := range []string{"", "1"} {
		t.Setenv(EnvRequire, require)
		f := &fakeTB{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			URL(f)
			t.Error("URL returned without a server")
		}()
		<-done
		if require == "" && (!strings.HasPrefix(f.skipped, "FRONTLINE_TEST_PG not set: ") || f.fatal != "") {
			t.Errorf("without %s: skipped %q, failed %q; want a skip", EnvServer, f.skipped, f.fatal)
		}
		if require == "1" && (f.fatal == "" || f.skipped != "") {
			t.Errorf("without %s and with %s=1: skipped %q, failed %q; want a failure", EnvServer, EnvRequire, f.skipped, f.fatal)
		}
	}
}

// TestCluster checks that a private cluster stops and starts again: a query
// fails while it is stopped and works after Start, on the same URL and data.
func TestCluster(t *testing.T) {
	t.Parallel()
	c := Cluster(t)
	ctx := context.Background()

	conn := connect(t, c.URL())
	if _, err := conn.Exec(ctx, "CREATE TABLE kept (geom geometry(Point,4326)); INSERT INTO kept VALUES (ST_Point(35, 51, 4326))"); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	c.Stop()
	t.Logf("stopped in %v", time.Since(start).Round(time.Millisecond))
	if _, err := conn.Exec(ctx, "SELECT 1"); err == nil {
		t.Error("a query on a connection made before Stop worked while the server is stopped")
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if c2, err := pgx.Connect(cctx, c.URL()); err == nil {
		c2.Close(ctx)
		t.Fatal("connecting while the server is stopped worked")
	} else {
		t.Logf("while stopped: %v", err)
	}

	start = time.Now()
	c.Start()
	t.Logf("started again in %v", time.Since(start).Round(time.Millisecond))
	conn = connect(t, c.URL())
	var wkt string
	if err := conn.QueryRow(ctx, "SELECT ST_AsText(geom) FROM kept").Scan(&wkt); err != nil {
		t.Fatal(err)
	}
	if wkt != "POINT(35 51)" {
		t.Errorf("after Start: %q, want POINT(35 51)", wkt)
	}
	c.Start() // a no-op while it runs
	if err := conn.QueryRow(ctx, "SELECT ST_AsText(geom) FROM kept").Scan(&wkt); err != nil {
		t.Errorf("after a second Start: %v", err)
	}
}
