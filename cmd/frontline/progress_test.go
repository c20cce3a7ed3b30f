package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// runCLIEvery is runCLI with progress printed every `every` (stderr is
// not a terminal, as in a log or a CI job).
func runCLIEvery(t *testing.T, db string, every time.Duration, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), progressEvery: every,
		getenv: func(k string) string {
			if k == "FRONTLINE_DB" {
				return db
			}
			return ""
		}}
	code = run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// Import and publish, with stderr not a terminal, print a progress line
// every interval (10 s; here 50 µs, so that work of a millisecond is
// "slow"), then how long the stage took; work shorter than the interval
// prints none.
func TestProgressLinesWhenNotATerminal(t *testing.T) {
	db := seededCopy(t)
	const every = 50 * time.Microsecond // shorter than any stage that reads a file or writes the database
	code, _, errs := runCLIEvery(t, db, every, "import", "--dataset", "ds", "--format", "deepstate", deepStateDir(t, false))
	if code != exitOK {
		t.Fatalf("import: exit %d, %s", code, errs)
	}
	for _, re := range []string{`(?m)^(reading: \d+|importing: \d+/\d+ \(\d+%\)) after \d+s$`, `(?m)^(reading: \d+|importing: \d+/\d+ \(100%\)), done in \S+$`} {
		if !regexp.MustCompile(re).MatchString(errs) {
			t.Errorf("import's stderr has no line like %s:\n%s", re, errs)
		}
	}
	if strings.Contains(errs, "\r") || strings.Contains(errs, "[#") {
		t.Errorf("a bar drawn for a stderr that is not a terminal:\n%q", errs)
	}

	out := filepath.Join(t.TempDir(), "site")
	code, _, errs = runCLIEvery(t, db, every, "publish", "--dataset", "ds", "--out", out, "--maxzoom", "6", "--app=false")
	if code != exitOK {
		t.Fatalf("publish: exit %d, %s", code, errs)
	}
	for _, re := range []string{`(?m)^(control|basemap)\.pmtiles: \d+/\d+ \(\d+%\) after \d+s$`, `(?m)^(control|basemap)\.pmtiles: \d+/\d+ \(100%\), done in \S+$`} {
		if !regexp.MustCompile(re).MatchString(errs) {
			t.Errorf("publish's stderr has no line like %s:\n%s", re, errs)
		}
	}

	// At the default interval, work this short prints nothing.
	code, _, errs = runCLIEvery(t, db, 0, "import", "--dataset", "ds2", "--format", "deepstate", deepStateDir(t, false))
	if code != exitOK || strings.Contains(errs, " after ") || strings.Contains(errs, "done in") {
		t.Errorf("quick import: exit %d, stderr %q; want no progress lines", code, errs)
	}
}
