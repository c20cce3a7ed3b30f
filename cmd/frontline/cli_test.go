package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs one command line against a copy of the seeded database.
func runCLI(t *testing.T, db string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(stdin),
		getenv: func(k string) string {
			if k == "FRONTLINE_DB" {
				return db
			}
			return ""
		}}
	code = run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func seededCopy(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "cli.db")
	copyFile(t, seedDB(t), p)
	return p
}

func TestCLIExitCodes(t *testing.T) {
	db := seededCopy(t)
	bad := filepath.Join(t.TempDir(), "bad.geojson")
	os.WriteFile(bad, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"x","side":"ru","status":"occupied","valid_from":"2024-01-01"},"geometry":{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48]]]}}]}`), 0o644)
	type tcase struct {
		args   []string
		code   int
		stdout string // substring
		stderr string // substring
	}
	tcases := map[string]tcase{
		"no command":         {args: nil, code: exitUsage, stdout: "Commands:"},
		"help":               {args: []string{"--help"}, code: exitOK, stdout: "Commands:"},
		"unknown command":    {args: []string{"frobnicate"}, code: exitUsage, stderr: "unknown command"},
		"stats help":         {args: []string{"stats", "--help"}, code: exitOK, stderr: "Usage: frontline stats"},
		"stats no day":       {args: []string{"stats"}, code: exitUsage, stderr: "give --day"},
		"stats bad flag":     {args: []string{"stats", "--bogus"}, code: exitUsage, stderr: "flag provided but not defined"},
		"stats bad day":      {args: []string{"stats", "--day", "2024-02-30"}, code: exitUsage, stderr: "bad day"},
		"stats":              {args: []string{"stats", "--day", "2025-01-20"}, code: exitOK, stdout: "kursk-incursion"},
		"stats unknown ds":   {args: []string{"stats", "--day", "2025-01-20", "--dataset", "nope"}, code: exitRejected, stderr: "not found"},
		"diff":               {args: []string{"stats", "--from", "2024-08-01", "--to", "2024-08-31"}, code: exitOK, stdout: "gained"},
		"diff half":          {args: []string{"stats", "--from", "2024-08-01"}, code: exitUsage},
		"timeline":           {args: []string{"timeline"}, code: exitOK, stdout: "2014-02-27"},
		"timeline bad bbox":  {args: []string{"timeline", "--bbox", "1,2,3"}, code: exitUsage, stderr: "bbox"},
		"import no dataset":  {args: []string{"import", bad}, code: exitUsage, stderr: "--dataset is required"},
		"import unclosed":    {args: []string{"import", "--dataset", "edits", bad}, code: exitRejected, stderr: "not closed"},
		"import missing":     {args: []string{"import", "--dataset", "edits", "/no/such/file.geojson"}, code: exitFailure},
		"import bad side":    {args: []string{"import", "--dataset", "x", "--side", "nato", bad}, code: exitUsage},
		"articles":           {args: []string{"articles"}, code: exitOK, stdout: "Security Council"},
		"articles show bad":  {args: []string{"articles", "show", "x"}, code: exitUsage},
		"articles show 404":  {args: []string{"articles", "show", "9999"}, code: exitRejected, stderr: "not found"},
		"articles add bad":   {args: []string{"articles", "add", "--title", "T", "--url", "ftp://x", "--published", "2024-01-01"}, code: exitRejected, stderr: "not an http(s) URL"},
		"regions":            {args: []string{"regions"}, code: exitOK, stdout: "kursk-incursion"},
		"region history":     {args: []string{"regions", "kursk-incursion"}, code: exitOK, stdout: "2024-08-06"},
		"datasets":           {args: []string{"datasets"}, code: exitOK, stdout: "* seed"},
		"export no day":      {args: []string{"export"}, code: exitUsage},
		"serve bad arg":      {args: []string{"serve", "extra"}, code: exitUsage},
		"serve bad cache":    {args: []string{"serve", "--cache-mb", "0"}, code: exitUsage},
		"serve bad addr":     {args: []string{"serve", "--addr", "256.1.1.1:99999"}, code: exitFailure},
		"articles add usage": {args: []string{"articles", "add"}, code: exitUsage},
		// #20 part 7: mistakes that passed quietly.
		"stats day first":  {args: []string{"stats", "--day", "20/01/2025"}, code: exitUsage, stderr: `bad day "20/01/2025": want YYYY-MM-DD`},
		"stats day dashes": {args: []string{"stats", "--day", "20-01-2025"}, code: exitUsage, stderr: "want YYYY-MM-DD"},
		"timeline lat,lon": {args: []string{"timeline", "--bbox", "51,34,52,36"}, code: exitUsage, stderr: "is outside the map's area (lon 20..46, lat 43..57): is it lat,lon? want west,south,east,north"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			code, out, errs := runCLI(t, db, "", tc.args...)
			if code != tc.code {
				t.Fatalf("exit code: got %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errs)
			}
			if !strings.Contains(out, tc.stdout) || !strings.Contains(errs, tc.stderr) {
				t.Errorf("got stdout %q stderr %q, want %q and %q", out, errs, tc.stdout, tc.stderr)
			}
		})
	}
}

func TestCLIImportExportRoundTrip(t *testing.T) {
	db := seededCopy(t)
	code, out, errs := runCLI(t, db, "", "export", "--day", "2025-01-20")
	if code != exitOK {
		t.Fatalf("export: %d %s", code, errs)
	}
	var fc struct{ Features []json.RawMessage }
	if err := json.Unmarshal([]byte(out), &fc); err != nil || len(fc.Features) < 10 {
		t.Fatalf("export: %v, %d features", err, len(fc.Features))
	}
	// The export imports into a new dataset, and a second time changes nothing.
	code, out, errs = runCLI(t, db, out, "import", "--dataset", "copy", "--json", "-")
	if code != exitOK || !strings.Contains(out, `"inserted":`+itoa(len(fc.Features))) {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	_, export2, _ := runCLI(t, db, "", "export", "--day", "2025-01-20")
	code, out, _ = runCLI(t, db, export2, "import", "--dataset", "copy", "-")
	if code != exitOK || !strings.Contains(out, "nothing changed") {
		t.Errorf("re-import: %d %s", code, out)
	}
	code, a, _ := runCLI(t, db, "", "stats", "--day", "2025-01-20", "--json")
	_, b, _ := runCLI(t, db, "", "stats", "--day", "2025-01-20", "--json", "--dataset", "copy")
	var sa, sb struct {
		Figures []struct {
			InsideKm2 float64 `json:"inside_km2"`
		}
	}
	json.Unmarshal([]byte(a), &sa)
	json.Unmarshal([]byte(b), &sb)
	if code != exitOK || len(sa.Figures) == 0 || len(sa.Figures) != len(sb.Figures) || sa.Figures[0].InsideKm2-sb.Figures[0].InsideKm2 > 0.01 {
		t.Errorf("stats of the copy differ: %s vs %s", a, b)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestCLIMissingDB: a --db that names no file is a typo, refused (exit 2,
// naming the file and what makes one) by every command that does not make
// a store, and no file is made (#20 part 7); import makes one.
func TestCLIMissingDB(t *testing.T) {
	dir := t.TempDir()
	// DB stands for the --db flag and its value.
	tcases := map[string][]string{
		"stats":       {"stats", "DB", "--day", "2025-01-20"},
		"export":      {"export", "DB", "--day", "2025-01-20"},
		"timeline":    {"timeline", "DB"},
		"regions":     {"regions", "DB"},
		"snapshot":    {"snapshot", "DB", "--day", "2025-01-20", "-o", filepath.Join(dir, "x.png")},
		"publish":     {"publish", "DB", "--out", filepath.Join(dir, "site")},
		"datasets":    {"datasets", "DB"},
		"editors":     {"editors", "list", "DB"},
		"articles":    {"articles", "DB"},
		"sync status": {"sync", "status", "DB"},
	}
	for name, args := range tcases {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(dir, "ds-typo.db")
			var cmd []string
			for _, a := range args {
				if a == "DB" {
					cmd = append(cmd, "--db", db)
				} else {
					cmd = append(cmd, a)
				}
			}
			code, out, errs := runCLI(t, "", "", cmd...)
			want := "--db " + db + ": no such database file (frontline import or frontline serve creates one"
			if code != exitUsage || !strings.Contains(errs, want) {
				t.Errorf("got %d, stdout %q, stderr %q; want %d saying %q", code, out, errs, exitUsage, want)
			}
			if _, err := os.Stat(db); err == nil {
				t.Errorf("%s was made", db)
			}
		})
	}
	db := filepath.Join(dir, "new.db")
	geo := filepath.Join(dir, "one.geojson")
	os.WriteFile(geo, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"x","side":"ru","status":"occupied","valid_from":"2024-01-01"},"geometry":{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48],[36,47]]]}}]}`), 0o644)
	if code, _, errs := runCLI(t, "", "", "import", "--db", db, "--dataset", "d", geo); code != exitOK {
		t.Fatalf("import into a new database: %d %s", code, errs)
	}
	if code, out, errs := runCLI(t, "", "", "stats", "--db", db, "--day", "2025-01-20"); code != exitOK || !strings.Contains(out, "kursk-incursion") {
		t.Errorf("stats of the new database: %d %q %q", code, out, errs)
	}
}
