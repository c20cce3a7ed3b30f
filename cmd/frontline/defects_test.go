package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/server"
)

// TestServeWaitsForWatch checks that serve waits for the store's change
// watch to return before it closes the store (#19): a watch slow to see
// the end of its context still finds the store open, and serve returns
// only after it.
func TestServeWaitsForWatch(t *testing.T) {
	db := seededCopy(t)
	started := make(chan struct{})
	watchDone := make(chan struct{})
	var watchErr error
	watchStore = func(s *store.Store, ctx context.Context, _ time.Duration, _ func(string)) {
		close(started)
		defer close(watchDone)
		<-ctx.Done()
		time.Sleep(300 * time.Millisecond) // a watch in the middle of a look
		_, watchErr = s.DefaultDataset(context.Background())
	}
	t.Cleanup(func() { watchStore = (*store.Store).Watch })

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr bytes.Buffer
	e := &env{stdout: &bytes.Buffer{}, stderr: &stderr, stdin: strings.NewReader(""),
		getenv: func(k string) string {
			if k == "GOMEMLIMIT" {
				return "off" // leave the test process's limit alone
			}
			return ""
		}}
	code := make(chan int, 1)
	go func() { code <- run(ctx, e, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}) }()
	select {
	case <-started:
	case c := <-code:
		t.Fatalf("serve exited %d before it watched the store: %s", c, stderr.String())
	case <-time.After(2 * time.Minute):
		t.Fatal("serve did not start its watch within 2 minutes")
	}
	cancel()
	if c := <-code; c != exitOK {
		t.Errorf("serve: exit %d, want %d: %s", c, exitOK, stderr.String())
	}
	select {
	case <-watchDone:
	default:
		t.Fatal("serve returned (and closed the store) before its watch returned")
	}
	if watchErr != nil {
		t.Errorf("the watch found the store closed: %v", watchErr)
	}
}

// TestCLIUsageCreatesNoDatabase checks that a command refused for how it
// was called (exit 2), or for a local input that is not there (exit 1),
// neither opens nor creates the database: opening a new one seeds it, a
// file of a megabyte left behind by a typo (#19).
func TestCLIUsageCreatesNoDatabase(t *testing.T) {
	png := filepath.Join(t.TempDir(), "x.png")
	type tcase struct {
		args []string
		code int
	}
	tcases := map[string]tcase{
		"issue-19 import deepstate stdin": {[]string{"import", "--dataset", "ds", "--format", "deepstate", "-"}, exitUsage},
		"import missing file":             {[]string{"import", "--dataset", "ds", "/no/such/file.geojson"}, exitFailure},
		"import missing deepstate folder": {[]string{"import", "--dataset", "ds", "--format", "deepstate", "/no/such/folder"}, exitFailure},
		"regions two slugs":               {[]string{"regions", "crimea", "extra"}, exitUsage},
		"articles list argument":          {[]string{"articles", "list", "extra"}, exitUsage},
		"articles add argument":           {[]string{"articles", "add", "--title", "T", "--url", "https://example.org/a", "--published", "2024-01-01", "extra"}, exitUsage},
		"articles show two ids":           {[]string{"articles", "show", "1", "2"}, exitUsage},
		"stats argument":                  {[]string{"stats", "--day", "2025-01-20", "extra"}, exitUsage},
		"export argument":                 {[]string{"export", "--day", "2025-01-20", "extra"}, exitUsage},
		"timeline argument":               {[]string{"timeline", "extra"}, exitUsage},
		"snapshot argument":               {[]string{"snapshot", "-o", png, "extra"}, exitUsage},
		"datasets argument":               {[]string{"datasets", "extra"}, exitUsage},
		"editors list argument":           {[]string{"editors", "list", "extra"}, exitUsage},
		"editors add no name":             {[]string{"editors", "add"}, exitUsage},
		"sync status argument":            {[]string{"sync", "status", "extra"}, exitUsage},
		"publish argument":                {[]string{"publish", "--out", t.TempDir(), "extra"}, exitUsage},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "new.db")
			code, stdout, stderr := runCLI(t, db, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("got the database %s made (%v), want none", db, err)
			}
		})
	}
}

// TestImportHTTPKeepsCause checks that an HTTP import's refused side or
// status stays in the error chain, not only in its text (#19).
func TestImportHTTPKeepsCause(t *testing.T) {
	tcases := map[string]server.ImportRequest{
		"side":   {Dataset: "x", Side: "sideways"},
		"status": {Dataset: "x", Status: "won"},
	}
	for name, req := range tcases {
		t.Run(name, func(t *testing.T) {
			_, err := importHTTP(context.Background(), nil, req, importOptions{})
			var ie *geo.InputError
			if !errors.Is(err, geo.ErrInvalid) || !errors.As(err, &ie) {
				t.Errorf("got %v (%T), want geo.ErrInvalid wrapping a *geo.InputError", err, err)
			}
		})
	}
}
