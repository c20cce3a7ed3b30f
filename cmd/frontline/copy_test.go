package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/data/storecopy"
)

// copySourceDB is a seeded SQLite file with an extra dataset and an
// editor; it returns the file and the editor's token.
func copySourceDB(t *testing.T) (string, string) {
	t.Helper()
	db := seededCopy(t)
	fc := collection(square(36, 47, 0.5, `"region":"copy-area","side":"ru","status":"occupied","valid_from":"2024-01-01","valid_to":"2024-06-01","source":"test"`),
		square(36, 47, 0.7, `"region":"copy-area","side":"ru","status":"occupied","valid_from":"2024-06-01","source":"test"`))
	if code, _, stderr := runCLI(t, db, fc, "import", "--dataset", "extra", "-"); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	code, out, stderr := runCLI(t, db, "", "editors", "add", "alice")
	if code != exitOK {
		t.Fatalf("editors add: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return db, lines[len(lines)-1]
}

// copyViews is what the CLI shows of a database: stats, a diff, the
// timeline, regions, articles, datasets and editors.
func copyViews(t *testing.T, db string) string {
	t.Helper()
	var b strings.Builder
	for _, args := range [][]string{
		{"stats", "--day", "2025-01-20", "--json"},
		{"stats", "--day", "2024-07-01", "--json", "--dataset", "extra"},
		{"stats", "--from", "2024-08-01", "--to", "2024-08-31", "--json"},
		{"timeline"},
		{"timeline", "--dataset", "extra"},
		{"regions"},
		{"regions", "kursk-incursion"},
		{"articles"},
		{"datasets"},
		{"editors", "list", "--json"},
	} {
		code, out, stderr := runCLI(t, db, "", args...)
		if code != exitOK {
			t.Fatalf("%v on %s: exit %d: %s", args, db, code, stderr)
		}
		b.WriteString(strings.Join(args, " ") + "\n" + out + "\n")
	}
	return b.String()
}

func sameViews(t *testing.T, what, a, b string) {
	t.Helper()
	if a == b {
		return
	}
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			t.Fatalf("%s: the output differs at line %d:\n%.300s\n%.300s", what, i, la[i], lb[i])
		}
	}
	t.Fatalf("%s: the output differs: %d and %d lines", what, len(la), len(lb))
}

type copyJSON struct {
	From, To            string
	Changed             bool
	Tables              []storecopy.Table
	Replaced            []string
	SourceChecksum      string `json:"source_checksum"`
	DestinationChecksum string `json:"destination_checksum"`
}

func copyCLI(t *testing.T, args ...string) copyJSON {
	t.Helper()
	code, out, stderr := runCLI(t, "", "", append([]string{"copy", "--json"}, args...)...)
	if code != exitOK {
		t.Fatalf("copy %v: exit %d: %s", args, code, stderr)
	}
	var res copyJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("copy --json: %v: %s", err, out)
	}
	if res.SourceChecksum == "" || res.SourceChecksum != res.DestinationChecksum {
		t.Errorf("copy %v: checksums %q and %q", args, res.SourceChecksum, res.DestinationChecksum)
	}
	return res
}

func tokenWorks(t *testing.T, db, token string) {
	t.Helper()
	s, err := store.Open(context.Background(), store.Config{Path: db, NoSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ed, err := s.EditorByToken(context.Background(), token); err != nil || ed.Name != "alice" {
		t.Errorf("alice's token on %s: %+v, %v", db, ed, err)
	}
}

// TestCopyCLI: a backup into a new SQLite file shows what the source shows,
// the editor's token works on it, copying again changes nothing, and a
// destination with other versions of a dataset is refused (exit 3) unless
// --replace.
func TestCopyCLI(t *testing.T) {
	src, token := copySourceDB(t)
	dst := filepath.Join(t.TempDir(), "backup.db")
	code, out, stderr := runCLI(t, "", "", "copy", "--from", src, "--to", dst)
	if code != exitOK {
		t.Fatalf("copy: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"copied " + src + " to " + dst, "versions", "audit", "checksum sha256:"} {
		if !strings.Contains(out, want) {
			t.Errorf("copy printed %q: want %q in it", out, want)
		}
	}
	if strings.Contains(out, "nothing changed") {
		t.Errorf("the first copy says nothing changed: %s", out)
	}
	sameViews(t, "the backup", copyViews(t, src), copyViews(t, dst))
	tokenWorks(t, dst, token)

	res := copyCLI(t, "--from", src, "--to", dst)
	if res.Changed || res.From != src || res.To != dst || len(res.Tables) != 9 {
		t.Errorf("second copy: %+v", res)
	}
	if code, out, _ := runCLI(t, "", "", "copy", "--from", src, "--to", dst); code != exitOK || !strings.Contains(out, "nothing changed") {
		t.Errorf("third copy: exit %d: %s", code, out)
	}

	// The backup moves on: another version of the extra dataset.
	later := collection(square(36, 47, 0.9, `"region":"copy-area","side":"ru","status":"occupied","valid_from":"2024-09-01","source":"later"`))
	if code, _, stderr := runCLI(t, dst, later, "import", "--dataset", "extra", "-"); code != exitOK {
		t.Fatalf("import into the backup: %d %s", code, stderr)
	}
	moved := copyViews(t, dst)
	code, out, stderr = runCLI(t, "", "", "copy", "--from", src, "--to", dst)
	if code != exitRejected || !strings.Contains(stderr, "dataset extra") || !strings.Contains(stderr, "--replace") || strings.Contains(stderr, "dataset seed") {
		t.Errorf("copy onto other versions: exit %d, %q %q; want %d naming dataset extra and --replace", code, out, stderr, exitRejected)
	}
	sameViews(t, "a refused copy", moved, copyViews(t, dst))
	code, out, stderr = runCLI(t, "", "", "copy", "--from", src, "--to", dst, "--replace")
	if code != exitOK || !strings.Contains(out, "replaced the destination's versions of: extra") {
		t.Fatalf("copy --replace: exit %d: %s %s", code, out, stderr)
	}
	sameViews(t, "the restored backup", copyViews(t, src), copyViews(t, dst))
}

// TestCopyCLIUsage: how copy is called wrong (exit 2), and databases that
// are not there (exit 1, naming the host and never the password).
func TestCopyCLIUsage(t *testing.T) {
	src, _ := copySourceDB(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args   []string
		code   int
		output string
	}{
		{nil, exitUsage, "give both --from SRC and --to DST"},
		{[]string{"--from", src}, exitUsage, "give both"},
		{[]string{"--to", filepath.Join(dir, "x.db")}, exitUsage, "give both"},
		{[]string{"--from", src, "--to", src}, exitUsage, "the same database"},
		{[]string{"--from", src, "--to", filepath.Join(filepath.Dir(src), ".", filepath.Base(src))}, exitUsage, "the same database"},
		{[]string{"--from", "postgres://a:pw@db.example:5432/fl", "--to", "postgresql://b@DB.example/fl?sslmode=disable"}, exitUsage, "the same database"},
		{[]string{"--from", src, "--to", filepath.Join(dir, "x.db"), "extra"}, exitUsage, "unexpected argument"},
		{[]string{"--bogus"}, exitUsage, "flag provided but not defined"},
		{[]string{"--help"}, exitOK, "Usage: frontline copy --from SRC --to DST"},
		{[]string{"--from", filepath.Join(dir, "missing.db"), "--to", filepath.Join(dir, "y.db")}, exitFailure, "no database file at"},
		{[]string{"--from", "postgres://fl:s3cret-pw@127.0.0.1:1/fl?sslmode=disable", "--to", filepath.Join(dir, "z.db")}, exitFailure, "127.0.0.1"},
		{[]string{"--from", src, "--to", "postgres://fl:s3cret-pw@127.0.0.1:1/fl?sslmode=disable"}, exitFailure, "127.0.0.1:1"},
	} {
		code, out, stderr := runCLI(t, "", "", append([]string{"copy"}, tc.args...)...)
		if code != tc.code || !strings.Contains(out+stderr, tc.output) {
			t.Errorf("copy %v: exit %d, %q %q; want %d and %q", tc.args, code, out, stderr, tc.code, tc.output)
		}
		if strings.Contains(out+stderr, "s3cret") {
			t.Errorf("copy %v tells the password: %s", tc.args, stderr)
		}
	}
	// No database was made by the copies that failed.
	assertOnlyFiles(t, dir)
	if name := dbName("postgres://u:pw@h/db?password=other&sslmode=disable"); strings.Contains(name, "pw") || strings.Contains(name, "other") {
		t.Errorf("dbName shows a password: %s", name)
	}
}

// TestCopyCLIPostgres: SQLite to PostgreSQL and back to a new SQLite file;
// every view of the CLI is the same on all three, the token works on all,
// and the copies change nothing the second time.
func TestCopyCLIPostgres(t *testing.T) {
	pg := pgtest.URL(t)
	src, token := copySourceDB(t)
	back := filepath.Join(t.TempDir(), "back.db")

	start := time.Now()
	res := copyCLI(t, "--from", src, "--to", pg)
	t.Logf("SQLite -> PostgreSQL: %v (%d versions)", time.Since(start).Round(time.Millisecond), res.Tables[2].Inserted)
	if !res.Changed {
		t.Errorf("SQLite -> PostgreSQL: %+v", res)
	}
	start = time.Now()
	res2 := copyCLI(t, "--from", pg, "--to", back)
	t.Logf("PostgreSQL -> SQLite: %v", time.Since(start).Round(time.Millisecond))
	if res2.SourceChecksum != res.SourceChecksum {
		t.Errorf("checksums: SQLite %s, PostgreSQL %s", res.SourceChecksum, res2.SourceChecksum)
	}
	want := copyViews(t, src)
	sameViews(t, "PostgreSQL", want, copyViews(t, pg))
	sameViews(t, "the round trip", want, copyViews(t, back))
	tokenWorks(t, pg, token)
	tokenWorks(t, back, token)
	for _, args := range [][]string{{"--from", src, "--to", pg}, {"--from", pg, "--to", back}} {
		if res := copyCLI(t, args...); res.Changed {
			t.Errorf("copy %v again changed: %+v", args, res)
		}
	}
	if _, err := os.Stat(back); err != nil {
		t.Fatal(err)
	}
}
