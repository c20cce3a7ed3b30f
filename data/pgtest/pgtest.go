// Package pgtest gives tests a real PostgreSQL 15 with PostGIS 3 (Debian's
// postgresql-15-postgis-3), never a mock.
//
// URL gives a test a fresh database of its own on the server named by
// FRONTLINE_TEST_PG, which make test sets (through .ci/pg.sh run, which
// starts a throwaway server for the whole run); by hand:
//
//	eval "$(make -s pg-start)"   # a server in .pg/; prints export FRONTLINE_TEST_PG=...
//	go test ./data/...
//	make pg-stop
//
// Cluster starts a private server for a test that must stop and start
// PostgreSQL under a running program.
//
// Without a server (URL: FRONTLINE_TEST_PG unset; Cluster: PostgreSQL 15 or
// PostGIS not installed) the test is skipped, unless FRONTLINE_REQUIRE_PG=1
// (CI sets it in .ci/run), when it fails.
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

const (
	// EnvServer names the server URL tests get their databases on
	// (postgres://postgres@127.0.0.1:PORT/postgres?sslmode=disable).
	EnvServer = "FRONTLINE_TEST_PG"
	// EnvRequire set to 1 turns every skip of this package into a failure.
	EnvRequire = "FRONTLINE_REQUIRE_PG"
)

// setupTimeout bounds creating or dropping a database, and each pg.sh command.
const setupTimeout = 2 * time.Minute

// URL returns the URL of a new, empty database frontline_test_<random hex>
// on the FRONTLINE_TEST_PG server, with the postgis and btree_gist
// extensions created in it. The database is dropped (WITH (FORCE), so
// connections left open do not stop it) when the test and its subtests end.
func URL(t testing.TB) string {
	t.Helper()
	server := os.Getenv(EnvServer)
	if server == "" {
		skipOrFail(t, EnvServer+" not set: no PostgreSQL to test against; make test sets it, "+
			"or run `eval \"$(make -s pg-start)\"` first (PostgreSQL 15 + PostGIS 3, see .ci/pg.sh)")
	}
	dbURL, err := createDatabase(server, func(name string) {
		t.Cleanup(func() {
			if err := dropDatabase(server, name); err != nil {
				t.Errorf("pgtest: dropping database %s: %v", name, err)
			}
		})
	})
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return dbURL
}

// Instance is a private PostgreSQL server a test started with Cluster.
type Instance struct {
	t      testing.TB
	script string // .ci/pg.sh
	dir    string // its cluster directory: data/, the socket, log, url, port
	server string // the server URL (database postgres)
	url    string // the test database's URL
}

// Cluster starts a PostgreSQL server of the test's own with .ci/pg.sh start
// (found by walking up to the repository root) in a new temporary
// directory, on a free loopback port, and creates one database in it with
// the postgis and btree_gist extensions (URL). Stop and Start stop and
// restart the server on the same port and data; the server and its
// directory are removed when the test ends. It takes about a second.
//
// The test is skipped when PostgreSQL 15 or PostGIS is not installed,
// unless FRONTLINE_REQUIRE_PG=1; FRONTLINE_TEST_PG plays no part.
func Cluster(t testing.TB) *Instance {
	t.Helper()
	if why := missing(); why != "" {
		skipOrFail(t, "no PostgreSQL to start: "+why)
	}
	script, err := findScript()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	// As root the server runs as the postgres user, which must reach the
	// directory: /tmp, rather than a TMPDIR that may be private to root.
	base := os.TempDir()
	if os.Geteuid() == 0 {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "frontline-pg-")
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	c := &Instance{t: t, script: script, dir: dir}
	t.Cleanup(func() {
		if _, err := c.run("stop"); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	start := time.Now()
	out, err := c.run("start")
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	c.server = strings.TrimSpace(out)
	started := time.Since(start)
	// No drop: the whole cluster goes at the end, and the test may leave the
	// server stopped.
	c.url, err = createDatabase(c.server, func(string) {})
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Logf("pgtest: PostgreSQL in %s at %s (started in %v, database made in %v)",
		dir, c.server, started.Round(time.Millisecond), (time.Since(start) - started).Round(time.Millisecond))
	return c
}

// URL is the URL of the cluster's test database (postgis and btree_gist
// created). It stays the same across Stop and Start.
func (c *Instance) URL() string { return c.url }

// ServerURL is the URL of the cluster's postgres database, for making more
// databases.
func (c *Instance) ServerURL() string { return c.server }

// Stop stops the server (pg_ctl stop -m fast: open connections are cut),
// keeping its data. It fails the test if the server will not stop; call it
// from the test's goroutine.
func (c *Instance) Stop() {
	c.t.Helper()
	if _, err := c.run("pause"); err != nil {
		c.t.Fatalf("pgtest: %v", err)
	}
}

// Start starts the stopped server again on the same port and data (a
// no-op while it runs). It fails the test if the server will not start; call
// it from the test's goroutine.
func (c *Instance) Start() {
	c.t.Helper()
	if _, err := c.run("resume"); err != nil {
		c.t.Fatalf("pgtest: %v", err)
	}
}

// run runs .ci/pg.sh verb dir and returns its standard output.
func (c *Instance) run(verb string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.script, verb, c.dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s %s: %v: %s", c.script, verb, c.dir, err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// skipOrFail skips the test, or fails it when FRONTLINE_REQUIRE_PG=1.
func skipOrFail(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv(EnvRequire) == "1" {
		t.Fatal(msg + " (and " + EnvRequire + "=1)")
	}
	t.Skip(msg)
}

// missing says why .ci/pg.sh cannot start a server here ("" when it can);
// it checks what the script's own check does.
func missing() string {
	bin := os.Getenv("PG_BIN")
	if bin == "" {
		bin = "/usr/lib/postgresql/15/bin"
	}
	for _, b := range []string{"initdb", "pg_ctl", "postgres", "pg_isready"} {
		if _, err := os.Stat(filepath.Join(bin, b)); err != nil {
			return fmt.Sprintf("no %s (apt-get install postgresql-15-postgis-3)", filepath.Join(bin, b))
		}
	}
	control := os.Getenv("POSTGIS_CONTROL")
	if control == "" {
		control = "/usr/share/postgresql/15/extension/postgis.control"
	}
	if _, err := os.Stat(control); err != nil {
		return fmt.Sprintf("no PostGIS for PostgreSQL 15 (%s; apt-get install postgresql-15-postgis-3)", control)
	}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			return "running as root and there is no postgres user to run the server"
		}
		if _, err := exec.LookPath("runuser"); err != nil {
			return "running as root and there is no runuser"
		}
	}
	return ""
}

// findScript finds .ci/pg.sh in the working directory or a parent (go test
// runs a package's tests in its directory).
func findScript() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, ".ci", "pg.sh")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no .ci/pg.sh in the working directory or its parents")
		}
		dir = parent
	}
}

// createDatabase creates frontline_test_<random hex> on server with the
// postgis and btree_gist extensions and returns its URL. created is called
// with the name as soon as the database exists, to register its drop even
// if making the extensions fails.
func createDatabase(server string, created func(name string)) (string, error) {
	u, err := url.Parse(server)
	if err != nil {
		return "", fmt.Errorf("%s: %v", EnvServer, err)
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	name := "frontline_test_" + hex.EncodeToString(b[:])

	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", fmt.Errorf("connecting to %s: %v", server, err)
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+name)
	conn.Close(ctx)
	if err != nil {
		return "", fmt.Errorf("creating database %s on %s: %v", name, server, err)
	}
	created(name)

	u.Path = "/" + name
	dbURL := u.String()
	conn, err = pgx.Connect(ctx, dbURL)
	if err != nil {
		return "", fmt.Errorf("connecting to %s: %v", dbURL, err)
	}
	defer conn.Close(ctx)
	for _, ext := range []string{"postgis", "btree_gist"} {
		if _, err := conn.Exec(ctx, "CREATE EXTENSION "+ext); err != nil {
			return "", fmt.Errorf("CREATE EXTENSION %s in %s: %v", ext, dbURL, err)
		}
	}
	return dbURL, nil
}

// dropDatabase drops the database name on server, cutting its connections.
func dropDatabase(server, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	return err
}
