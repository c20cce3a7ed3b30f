//go:build unix

package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The CLI as a user meets it: files written with the usual mode, the -o
// extension matching the format, malformed flags as bad usage (exit 2) and
// messages without Go package prefixes. (unix: file modes and the umask.)

// withUmask runs fn with the process's umask set to mask.
func withUmask(mask int, fn func()) {
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	fn()
}

// TestCLIOutputFileMode checks that export and snapshot -o write a file
// with mode 0644 less the umask, as any tool does, not a temporary file's
// 0600; and that no temporary file is left beside it.
func TestCLIOutputFileMode(t *testing.T) {
	db := seededCopy(t)
	for _, tc := range []struct {
		umask int
		want  os.FileMode
	}{{0o022, 0o644}, {0o027, 0o640}, {0o002, 0o644}} {
		for _, cmd := range [][]string{
			{"export", "--day", "2025-01-20", "-o", "x.geojson"},
			{"export", "--day", "2025-01-20", "--format", "gpkg", "-o", "x.gpkg"},
			{"export", "--day", "2025-01-20", "-o", "x.csv"},
			{"snapshot", "--day", "2025-01-20", "--width", "64", "--height", "64", "-o", "x.png"},
		} {
			dir := t.TempDir()
			out := filepath.Join(dir, cmd[len(cmd)-1])
			args := append(cmd[:len(cmd)-1:len(cmd)-1], out)
			var code int
			var stderr string
			withUmask(tc.umask, func() { code, _, stderr = runCLI(t, db, "", args...) })
			if code != exitOK {
				t.Fatalf("%s: exit %d: %s", cmd[0], code, stderr)
			}
			st, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Mode().Perm(); got != tc.want {
				t.Errorf("%s -o with umask %03o: mode %04o, want %04o", cmd[0], tc.umask, got, tc.want)
			}
			assertOnlyFiles(t, dir, filepath.Base(out))
		}
	}
	// The exported file is the whole map.
	dir := t.TempDir()
	out := filepath.Join(dir, "map.geojson")
	if code, _, stderr := runCLI(t, db, "", "export", "--day", "2025-01-20", "-o", out); code != exitOK || !strings.Contains(stderr, "wrote") {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(out)
	var fc struct{ Features []json.RawMessage }
	if err := json.Unmarshal(b, &fc); err != nil || len(fc.Features) < 10 {
		t.Errorf("exported file: %v, %d features", err, len(fc.Features))
	}
}

// assertOnlyFiles fails unless dir holds exactly the files names.
func assertOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("%s holds %q, want %q (a temporary file left behind?)", dir, got, names)
	}
}

// TestCLIExportFailureLeavesNoFile makes an export fail after the map has
// been written (the rename onto a folder fails) and checks that nothing is
// left: no temporary file, no half file.
func TestCLIExportFailureLeavesNoFile(t *testing.T) {
	db := seededCopy(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "taken.geojson")
	if err := os.MkdirAll(filepath.Join(target, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, db, "", "export", "--day", "2025-01-20", "-o", target)
	if code != exitFailure {
		t.Fatalf("export onto a folder: exit %d, want %d: %s", code, exitFailure, stderr)
	}
	if strings.Contains(stderr, "wrote") {
		t.Errorf("a failed export says it wrote: %s", stderr)
	}
	assertOnlyFiles(t, dir, "taken.geojson")
}

// TestWriteFileAtomicFailure checks the export's writer itself: a write
// that fails half way leaves the existing file as it was and no temporary
// file.
func TestWriteFileAtomicFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "map.geojson")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := writeFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, `{"type":"FeatureCollection","features":[`)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the writer's error", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("a failed write changed the file to %q", b)
	}
	assertOnlyFiles(t, dir, "map.geojson")
}

// TestCLISnapshotOutputExtension checks that snapshot refuses an -o file
// whose extension is not the format's (.png for a snapshot or a diff, .gif
// for a timelapse) as bad usage naming the right one, and creates nothing.
func TestCLISnapshotOutputExtension(t *testing.T) {
	db := seededCopy(t)
	for name, tc := range map[string]struct {
		file string
		args []string
		want string
	}{
		"snapshot to jpg":   {"x.jpg", []string{"--day", "2025-01-20"}, ".png"},
		"snapshot to jpeg":  {"x.jpeg", nil, ".png"},
		"snapshot no ext":   {"map", []string{"--day", "2025-01-20"}, ".png"},
		"snapshot to webp":  {"x.webp", []string{"--region", "crimea"}, ".png"},
		"diff to jpg":       {"x.jpg", []string{"--from", "2024-08-01", "--to", "2024-08-31"}, ".png"},
		"diff to gif":       {"x.gif", []string{"--from", "2024-08-01", "--to", "2024-08-31"}, ".png"},
		"timelapse to mp4":  {"x.mp4", []string{"--gif", "--from", "2024-08-01", "--to", "2024-08-31"}, ".gif"},
		"timelapse to png":  {"x.png", []string{"--gif", "--from", "2024-08-01", "--to", "2024-08-31"}, ".gif"},
		"png hidden in gif": {"x.png.gif", []string{"--day", "2025-01-20"}, ".png"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, tc.file)
			code, stdout, stderr := runCLI(t, db, "", append([]string{"snapshot", "-o", out}, tc.args...)...)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d (bad usage)\nstderr: %s", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, "written to a "+tc.want+" file") {
				t.Errorf("stderr %q does not name the extension %s", stderr, tc.want)
			}
			if stdout != "" {
				t.Errorf("stdout: %q", stdout)
			}
			assertOnlyFiles(t, dir)
		})
	}
	// The extension is not case-sensitive, and - is stdout.
	dir := t.TempDir()
	for _, out := range []string{filepath.Join(dir, "MAP.PNG"), "-"} {
		code, stdout, stderr := runCLI(t, db, "", "snapshot", "--day", "2025-01-20", "--width", "64", "--height", "64", "-o", out)
		if code != exitOK {
			t.Errorf("-o %s: exit %d: %s", out, code, stderr)
		}
		if out == "-" && !strings.HasPrefix(stdout, "\x89PNG") {
			t.Errorf("-o -: stdout is not a PNG")
		}
	}
}

// TestCLIStatsFromAfterTo checks that stats refuses a diff from a day
// after its last as bad usage, as GET /diff.png refuses it, and that the
// same day twice is an empty diff, as GET /api/diff answers it.
func TestCLIStatsFromAfterTo(t *testing.T) {
	db := seededCopy(t)
	for _, args := range [][]string{
		{"--from", "2024-08-31", "--to", "2024-08-01"},
		{"--from", "latest", "--to", "2024-08-01"},
		{"--from", "2024-08-02", "--to", "2024-08-01", "--json"},
	} {
		code, stdout, stderr := runCLI(t, db, "", append([]string{"stats"}, args...)...)
		if code != exitUsage || !strings.Contains(stderr, "is after --to 2024-08-01") || stdout != "" {
			t.Errorf("stats %v: exit %d, stdout %q, stderr %q; want %d and \"--from ... is after --to 2024-08-01\"",
				args, code, stdout, stderr, exitUsage)
		}
	}
	code, stdout, stderr := runCLI(t, db, "", "stats", "--from", "2024-08-06", "--to", "2024-08-06", "--json")
	if code != exitOK {
		t.Fatalf("stats, the same day twice: exit %d: %s", code, stderr)
	}
	var r struct {
		Changes []struct {
			GainedKm2 float64 `json:"gained_km2"`
			LostKm2   float64 `json:"lost_km2"`
		}
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	for _, c := range r.Changes {
		if c.GainedKm2 != 0 || c.LostKm2 != 0 {
			t.Errorf("the same day twice: %s", stdout)
		}
	}
}

// TestCLIMalformedFlagsAreUsage checks that every malformed flag value is
// bad usage, exit 2 with a pointer to --help, whatever the command; and
// that stats and export find it before they open (or create) the
// database. Input data an import rejects stays exit 3.
func TestCLIMalformedFlagsAreUsage(t *testing.T) {
	db := seededCopy(t)
	png := filepath.Join(t.TempDir(), "x.png")
	gif := filepath.Join(t.TempDir(), "x.gif")
	geojson := filepath.Join(t.TempDir(), "x.geojson")
	tcases := map[string]struct {
		args []string
		flag string // named in the message
	}{
		"stats day month 13":      {[]string{"stats", "--day", "2025-13-40"}, "day"},
		"stats day yesterday":     {[]string{"stats", "--day", "yesterday"}, "day"},
		"stats day feb 30":        {[]string{"stats", "--day", "2025-02-30"}, "day"},
		"stats day json":          {[]string{"stats", "--day", "2025-1-2", "--json"}, "day"},
		"stats from":              {[]string{"stats", "--from", "yesterday", "--to", "2024-08-01"}, "from"},
		"stats to":                {[]string{"stats", "--from", "2024-08-01", "--to", "2025-13-40"}, "to"},
		"stats to latest from":    {[]string{"stats", "--from", "2024-02-30", "--to", "latest"}, "from"},
		"timeline bbox short":     {[]string{"timeline", "--bbox", "1,2,3"}, "bbox"},
		"timeline bbox words":     {[]string{"timeline", "--bbox", "a,b,c,d"}, "bbox"},
		"timeline bbox inverted":  {[]string{"timeline", "--bbox", "41,53,22,44"}, "bbox"},
		"export day month 13":     {[]string{"export", "--day", "2025-13-40", "-o", geojson}, "day"},
		"export day yesterday":    {[]string{"export", "--day", "yesterday"}, "day"},
		"snapshot day month 13":   {[]string{"snapshot", "-o", png, "--day", "2025-13-40"}, "day"},
		"snapshot day yesterday":  {[]string{"snapshot", "-o", png, "--day", "yesterday"}, "day"},
		"snapshot from":           {[]string{"snapshot", "-o", png, "--from", "yesterday", "--to", "2024-08-01"}, "from"},
		"snapshot to":             {[]string{"snapshot", "-o", png, "--from", "2024-08-01", "--to", "2025-13-40"}, "to"},
		"snapshot gif from":       {[]string{"snapshot", "-o", gif, "--gif", "--from", "2024-02-30", "--to", "2024-08-01"}, "from"},
		"snapshot bbox short":     {[]string{"snapshot", "-o", png, "--bbox", "1,2,3"}, "bbox"},
		"snapshot bbox words":     {[]string{"snapshot", "-o", png, "--bbox", "a,b,c,d"}, "bbox"},
		"articles list from":      {[]string{"articles", "list", "--from", "yesterday"}, "from"},
		"articles add published":  {[]string{"articles", "add", "--title", "T", "--url", "https://example.org/a", "--published", "2024-13-01"}, "published"},
		"articles list to feb 30": {[]string{"articles", "--to", "2023-02-29"}, "to"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, db, "", tc.args...)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d (bad usage)\nstdout: %s\nstderr: %s", code, exitUsage, stdout, stderr)
			}
			if !strings.Contains(stderr, tc.flag) || !strings.Contains(stderr, "--help' for usage") {
				t.Errorf("stderr %q: want it to name %s and point to --help", stderr, tc.flag)
			}
		})
	}
	for _, f := range []string{png, gif, geojson} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("a refused command left %s: %v", f, err)
		}
	}
	// A malformed day is found before the database is opened, which
	// would create it.
	for _, args := range [][]string{{"stats", "--day", "yesterday"}, {"export", "--day", "2025-13-40"}, {"stats", "--from", "2024-01-01", "--to", "x"}} {
		fresh := filepath.Join(t.TempDir(), "new.db")
		if code, _, stderr := runCLI(t, fresh, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
		if _, err := os.Stat(fresh); !os.IsNotExist(err) {
			t.Errorf("%v created the database %s: %v", args, fresh, err)
		}
	}
	// An impossible day in the input data is input rejected, not usage.
	bad := filepath.Join(t.TempDir(), "bad-day.geojson")
	os.WriteFile(bad, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"x","side":"ru","status":"occupied","valid_from":"2024-02-30"},"geometry":{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48],[36,47]]]}}]}`), 0o644)
	if code, _, stderr := runCLI(t, db, "", "import", "--dataset", "edits", bad); code != exitRejected || !strings.Contains(stderr, "2024-02-30") {
		t.Errorf("import of an impossible valid_from: exit %d, want %d: %s", code, exitRejected, stderr)
	}
}

// TestCLIMessagesNoPackagePrefix checks that what the CLI prints for a
// mistake does not leak Go package prefixes ("geo: ", "data: ").
func TestCLIMessagesNoPackagePrefix(t *testing.T) {
	db := seededCopy(t)
	broken := filepath.Join(t.TempDir(), "broken.geojson")
	os.WriteFile(broken, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"x","side":"ru","status":"occupied","valid_from":"2024-01-01"},"geometry":{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48]]]}}]}`), 0o644)
	for name, args := range map[string][]string{
		"impossible day":  {"stats", "--day", "2025-02-30"},
		"broken import":   {"import", "--dataset", "edits", broken},
		"unknown dataset": {"stats", "--day", "2025-01-20", "--dataset", "nope"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := runCLI(t, db, "", args...)
			if code == exitOK || stderr == "" {
				t.Fatalf("exit %d, stderr %q: want an error", code, stderr)
			}
			for _, prefix := range []string{"geo: ", "data: "} {
				if strings.Contains(stderr, prefix) {
					t.Errorf("stderr leaks the package prefix %q: %s", prefix, stderr)
				}
			}
		})
	}
}
