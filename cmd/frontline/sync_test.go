package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/data/syncer"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/server"
)

// daySquare is one day's file of a small series.
func daySquare(n int) string { return collection(square(36, 48, 0.1+0.01*float64(n), "")) }

// templateServer serves /d/DAY.geojson for the days given, and 500 for
// every path while broken is set.
func templateServer(t *testing.T, days ...string) (*httptest.Server, *atomic.Bool) {
	t.Helper()
	files := map[string]string{}
	for i, d := range days {
		files["/d/"+d+".geojson"] = daySquare(i)
	}
	var broken atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken.Load() {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		body, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &broken
}

func utcDay(offset int) string { return geo.DayOf(time.Now()).AddDays(offset).String() }

// TestSyncCLI: frontline sync imports the new days of a template once,
// then finds nothing new; sync status shows the state; a failing source
// exits 1 (garbage 3) and shows as failing; usage mistakes exit 2.
func TestSyncCLI(t *testing.T) {
	db := seededCopy(t)
	yesterday, today := utcDay(-1), utcDay(0)
	srv, broken := templateServer(t, yesterday, today)
	args := []string{"sync", "--dataset", "daily", "--source", srv.URL + "/d/{day}.geojson", "--since", yesterday,
		"--region", "daily-square", "--side", "ru", "--status", "occupied"}
	code, out, errOut := runCLI(t, db, "", args...)
	if code != exitOK || !strings.Contains(out, "2 new files ("+yesterday+" to "+today+"): 2 versions inserted") {
		t.Fatalf("first sync: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ = runCLI(t, db, "", args...); code != exitOK || !strings.Contains(out, "daily: nothing new") {
		t.Fatalf("second sync: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, db, "", append(args, "--json")...)
	var res syncer.Result
	if err := json.Unmarshal([]byte(out), &res); code != exitOK || err != nil || !res.Ran || res.Files != 0 || res.LastDay.String() != today {
		t.Fatalf("--json: exit %d, %v\n%s", code, err, out)
	}
	if code, out, _ = runCLI(t, db, "", "stats", "--dataset", "daily", "--day", today); code != exitOK || !strings.Contains(out, "daily-square") {
		t.Errorf("stats of the synced dataset: exit %d\n%s", code, out)
	}

	// A failing source: exit 1, nothing written, the state says why.
	broken.Store(true)
	bad := []string{"sync", "--dataset", "broken", "--source", srv.URL + "/d/{day}.geojson", "--since", today, "--region", "x", "--side", "ru", "--status", "occupied"}
	if code, _, errOut = runCLI(t, db, "", bad...); code != exitFailure || !strings.Contains(errOut, "500 Internal Server Error") {
		t.Fatalf("failing source: exit %d\n%s", code, errOut)
	}
	broken.Store(false)
	code, out, _ = runCLI(t, db, "", "sync", "status")
	if code != exitOK || !strings.Contains(out, "failing (1 runs)") || !strings.Contains(out, "broken: last error at") || !regexpMatch(`daily +ok +`+today, out) {
		t.Fatalf("sync status: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, db, "", "sync", "status", "--dataset", "daily", "--json")
	var states []store.SyncState
	if err := json.Unmarshal([]byte(out), &states); code != exitOK || err != nil || len(states) != 1 || states[0].Runs != 3 || states[0].Failing {
		t.Fatalf("sync status --json: exit %d, %v\n%s", code, err, out)
	}
	if code, _, _ = runCLI(t, db, "", "sync", "status", "--dataset", "nosuch"); code != exitRejected {
		t.Errorf("status of a dataset that never synced: exit %d, want %d", code, exitRejected)
	}
	// Garbage from a folder: rejected (exit 3), nothing written.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "2025-01-01.geojson"), []byte("<html>not JSON</html>"), 0o644)
	if code, _, errOut = runCLI(t, db, "", "sync", "--dataset", "garbage", "--source", dir, "--region", "x", "--side", "ru", "--status", "occupied"); code != exitRejected {
		t.Errorf("garbage: exit %d, want %d\n%s", code, exitRejected, errOut)
	}
	if code, out, _ = runCLI(t, db, "", "datasets"); code != exitOK || strings.Contains(out, "garbage") || strings.Contains(out, "broken") {
		t.Errorf("failed syncs made datasets (datasets exit %d):\n%s", code, out)
	}

	for _, c := range [][]string{
		{"sync", "--dataset", "x"},
		{"sync", "--source", "/tmp"},
		{"sync", "--dataset", "x", "--source", "https://h/{day}.geojson", "--format", "deepstate"},
		{"sync", "--dataset", "x", "--source", "https://h/{day}.geojson", "--format", "csv"},
		{"sync", "--dataset", "x", "--source", "https://h/{day}.geojson", "--side", "none"},
		{"sync", "--dataset", "Bad Name", "--source", "https://h/{day}.geojson"},
		{"sync", "--dataset", "x", "--source", "https://h/{day}.geojson", "--since", "2025-13-01"},
		{"sync", "--dataset", "x", "--source", "https://h/{day}.geojson", "extra"},
		{"serve", "--sync", "nonsense"},
		{"serve", "--sync", "x=deepstate:https://h/{day}.geojson"},
		{"serve", "--sync", "x=/a", "--sync", "x=/b"},
		{"serve", "--sync", "x=/a", "--sync-side", "sideways"},
		{"serve", "--every", "0s"},
	} {
		if code, _, errOut := runCLI(t, db, "", c...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d\n%s", c, code, exitUsage, errOut)
		}
	}
}

func regexpMatch(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }

// TestParseSyncSpec: NAME=SRC, a format prefix, and what is refused.
func TestParseSyncSpec(t *testing.T) {
	for in, want := range map[string]syncSpec{
		"ds=https://h/{day}.geojson":            {"ds", syncer.FormatSeries, "https://h/{day}.geojson"},
		"ds=series:https://h/list/":             {"ds", syncer.FormatSeries, "https://h/list/"},
		"ds=deepstate:https://h/history.tar.gz": {"ds", syncer.FormatDeepState, "https://h/history.tar.gz"},
		"ds=/srv/files":                         {"ds", syncer.FormatSeries, "/srv/files"},
		"news=feed:https://h/rss":               {"news", syncer.FormatFeed, "https://h/rss"},
	} {
		if got, err := parseSyncSpec(in); err != nil || got != want {
			t.Errorf("%s: %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "ds", "=x", "ds=", "Bad=x", "ds=deepstate:/x/{day}.geojson", "news=feed:https://h/{day}.rss"} {
		if _, err := parseSyncSpec(in); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
	// serve's syncs fetch under the URL imports' policy and bounds.
	for _, allow := range []bool{false, true} {
		every, empty := time.Hour, ""
		o := &syncOptions{specs: syncFlag{{"ds", syncer.FormatSeries, "https://h/{day}.geojson"}}, every: &every,
			region: &empty, side: &empty, status: &empty, allowPrivate: &allow}
		jobs, err := o.jobs()
		if err != nil || len(jobs) != 1 || jobs[0].PublicOnly == allow || jobs[0].Limits != httpImportLimits || jobs[0].Every != time.Hour {
			t.Errorf("allow %v: %+v, %v", allow, jobs, err)
		}
	}
}

// TestServeSyncReports: a server's sync loop imports a dataset's new day;
// while its runs fail, /healthz and /readyz say "degraded" (200), /api/sync
// shows the error and /metrics counts it; when the source is back they
// recover, and /metrics has the last success and the last day.
func TestServeSyncReports(t *testing.T) {
	today := utcDay(0)
	src, broken := templateServer(t, today)
	broken.Store(true)
	var mon atomic.Pointer[syncMonitor]
	states := func() []server.SyncState {
		if m := mon.Load(); m != nil {
			return m.serverStates()
		}
		return nil
	}
	base, s := testServerWith(t, testSetup{cfg: server.Config{SyncStates: states}})
	every := 100 * time.Millisecond
	job := syncer.Job{Dataset: "flaky", Source: src.URL + "/d/{day}.geojson", Since: geo.MustParseDay(today), Every: every,
		Region: "flaky-square", Side: geo.SideRU, Status: geo.StatusOccupied}
	m := newSyncMonitor(s, []syncer.Job{job}, slog.New(slog.NewTextHandler(io.Discard, nil)),
		&syncOptions{every: &every, refresh: 50 * time.Millisecond, check: 50 * time.Millisecond})
	mon.Store(m)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	body := func(path string) (int, string) {
		resp, b := get(t, base+path)
		return resp.StatusCode, string(b)
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("15 s without %s", what)
			}
		}
	}
	waitFor("a failed run reported", func() bool {
		_, b := body("/healthz")
		return strings.Contains(b, `"degraded"`)
	})
	if code, b := body("/healthz"); code != http.StatusOK || !strings.Contains(b, `"sync_failing":["flaky"]`) || !strings.Contains(b, `"status":"degraded"`) {
		t.Errorf("/healthz while failing: %d %s", code, b)
	}
	if code, b := body("/readyz"); code != http.StatusOK || !strings.Contains(b, `"status":"ready"`) || !strings.Contains(b, `"degraded":"sync failing: flaky"`) {
		t.Errorf("/readyz while failing: %d %s", code, b)
	}
	_, b := body("/api/sync")
	var api struct{ Sync []server.SyncState }
	if err := json.Unmarshal([]byte(b), &api); err != nil || len(api.Sync) != 1 || !api.Sync[0].Failing || !strings.Contains(api.Sync[0].LastError, "500 Internal Server Error") {
		t.Errorf("/api/sync while failing: %v %s", err, b)
	}
	if _, b := body("/metrics"); !strings.Contains(b, `frontline_sync_errors_total{dataset="flaky"} `) || strings.Contains(b, `frontline_sync_errors_total{dataset="flaky"} 0`) {
		t.Errorf("/metrics while failing: %s", grepLines(b, "frontline_sync"))
	}
	if hasDataset(t, base, "flaky") {
		t.Error("a failed run made the dataset")
	}

	broken.Store(false)
	waitFor("the recovery", func() bool {
		_, b := body("/healthz")
		return b == `{"status":"ok"}`+"\n"
	})
	if code, b := body("/readyz"); code != http.StatusOK || b != `{"status":"ready"}`+"\n" {
		t.Errorf("/readyz after recovery: %d %s", code, b)
	}
	_, b = body("/metrics")
	day := geo.MustParseDay(today)
	for _, want := range []string{
		fmt.Sprintf(`frontline_sync_last_day{dataset="flaky"} %d`, day),
		`frontline_sync_last_success_timestamp_seconds{dataset="flaky"} 1.`,
		`frontline_sync_errors_total{dataset="flaky"} `,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("/metrics after recovery lacks %q:\n%s", want, grepLines(b, "frontline_sync"))
		}
	}
	_, b = body("/api/sync")
	if err := json.Unmarshal([]byte(b), &api); err != nil || len(api.Sync) != 1 || api.Sync[0].Failing || api.Sync[0].LastDay != day || api.Sync[0].Failures == 0 {
		t.Errorf("/api/sync after recovery: %v %s", err, b)
	}
	if !hasDataset(t, base, "flaky") {
		t.Error("the synced dataset is not served")
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestServeSyncProcess: frontline serve --sync syncs a folder in a process
// of its own; the state it leaves is what frontline sync status (another
// process) prints; the query of a URL source stays out of /api/sync.
func TestServeSyncProcess(t *testing.T) {
	dir := t.TempDir()
	for i, d := range []string{"2025-01-01", "2025-01-02"} {
		os.WriteFile(filepath.Join(dir, d+".geojson"), []byte(daySquare(i)), 0o644)
	}
	db := seededCopy(t)
	base, _ := serveOn(t, db, "--sync", "folder="+dir, "--sync", "remote=https://192.0.2.1/files/?key=secret", "--every", "1s",
		"--sync-region", "folder-square", "--sync-side", "ru", "--sync-status", "occupied")
	var api struct{ Sync []server.SyncState }
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, b := get(t, base+"/api/sync")
		json.Unmarshal(b, &api)
		if len(api.Sync) == 2 && api.Sync[0].LastDay.String() == "2025-01-02" && api.Sync[1].Failing {
			if strings.Contains(string(b), "secret") {
				t.Errorf("/api/sync shows a source's query: %s", b)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("20 s without the folder synced and the remote failing: %s", b)
		}
	}
	code, out, _ := runCLI(t, db, "", "sync", "status")
	if code != exitOK || !regexpMatch(`folder +ok +2025-01-02`, out) || !strings.Contains(out, "remote") {
		t.Errorf("sync status beside the server: exit %d\n%s", code, out)
	}
}

// TestSyncFeedCLI: frontline sync --format feed follows a feed file: new
// items become articles, an unchanged file is not read again.
func TestSyncFeedCLI(t *testing.T) {
	db := seededCopy(t)
	feed := filepath.Join(t.TempDir(), "wire.jsonl")
	line := `{"title": "Fighting near Pokrovsk", "url": "https://example.org/wire/1", "published": "2025-01-20", "summary": "Donetsk Oblast."}` + "\n"
	if err := os.WriteFile(feed, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, db, "", "sync", "--dataset", "news-wire", "--format", "feed", "--source", feed)
	if code != exitOK || !strings.Contains(stdout, "1 new articles") {
		t.Fatalf("first run: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, db, "", "sync", "--dataset", "news-wire", "--format", "feed", "--source", feed)
	if code != exitOK || !strings.Contains(stdout, "not modified") {
		t.Errorf("second run: exit %d %s", code, stdout)
	}
	code, stdout, _ = runCLI(t, db, "", "articles", "--region", "donetsk-oblast", "--from", "2025-01-20", "--to", "2025-01-20")
	if code != exitOK || !strings.Contains(stdout, "Fighting near Pokrovsk") {
		t.Errorf("articles of Donetsk oblast on 2025-01-20: exit %d %s", code, stdout)
	}
	if code, _, stderr := runCLI(t, db, "", "sync", "--dataset", "news-wire", "--format", "feed", "--source", feed, "--region", "crimea"); code != exitUsage {
		t.Errorf("--region with a feed: exit %d %s", code, stderr)
	}
}
