package syncer

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// dayServer serves a test's files by path, with the failures a test asks
// for, counting requests; /list/ is an HTML listing of every file.
type dayServer struct {
	mu      sync.Mutex
	files   map[string][]byte // by path
	modes   map[string]string // by path: slow, 500, truncate, cut, garbage
	hits    map[string]int
	cond    map[string]int // 304 answers by path
	etags   bool           // send ETags and answer If-None-Match
	gate    chan struct{}  // if not nil, requests wait for it to close
	arrived chan string    // if not nil, told each path as it arrives
	srv     *httptest.Server
}

func newDayServer(t *testing.T) *dayServer {
	d := &dayServer{files: map[string][]byte{}, modes: map[string]string{}, hits: map[string]int{}, cond: map[string]int{}}
	d.srv = httptest.NewServer(d)
	t.Cleanup(d.srv.Close)
	return d
}

func (d *dayServer) set(path string, body []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.files[path] = body
}

func (d *dayServer) mode(path, mode string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.modes[path] = mode
}

// with changes the server's settings under its lock.
func (d *dayServer) with(f func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f()
}

func (d *dayServer) condOf(path string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cond[path]
}

func (d *dayServer) hitsOf(path string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.hits[path]
}

func (d *dayServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	d.hits[r.URL.Path]++
	body, ok := d.files[r.URL.Path]
	mode, gate, arrived, etags := d.modes[r.URL.Path], d.gate, d.arrived, d.etags
	var names []string
	for p := range d.files {
		names = append(names, p)
	}
	d.mu.Unlock()
	if arrived != nil {
		arrived <- r.URL.Path
	}
	if gate != nil {
		select {
		case <-gate:
		case <-r.Context().Done():
			return
		}
	}
	if r.URL.Path == "/list/" {
		sort.Strings(names)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><body><a href=\"../\">up</a> <a href='notes.txt'>notes</a>\n")
		for _, n := range names {
			if strings.HasPrefix(n, "/list/") {
				fmt.Fprintf(w, "<a href=\"%s\">%s</a>\n", strings.TrimPrefix(n, "/list/"), n)
			}
		}
		io.WriteString(w, "</body></html>")
		return
	}
	switch mode {
	case "slow":
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
		}
		return
	case "500":
		http.Error(w, "boom", http.StatusInternalServerError)
		return
	case "truncate": // says more bytes than it sends, then hangs up
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body[:len(body)/2])
		return
	case "cut": // a whole response of half a file
		w.Write(body[:len(body)/2])
		return
	case "garbage":
		io.WriteString(w, "<html>Service temporarily unavailable</html>")
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	if etags {
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			d.mu.Lock()
			d.cond[r.URL.Path]++
			d.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Write(body)
}

// syncSquare is one day of the test's series: a square that grows with n.
func syncSquare(n int) []byte {
	d := 0.1 + 0.01*float64(n)
	lon, lat := 36.0, 48.0
	return []byte(fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}]}`,
		lon, lat, lon+d, lat, lon+d, lat+d, lon, lat+d, lon, lat))
}

// noon is a clock stopped at noon (UTC) of day.
func noon(day string) func() time.Time {
	t := geo.MustParseDay(day).Time().Add(12 * time.Hour)
	return func() time.Time { return t }
}

func seriesJob(src string) Job {
	return Job{Dataset: "synced", Source: src, Region: "sync-square", Side: geo.SideRU, Status: geo.StatusOccupied}
}

// dumpVersions is a dataset's versions, one a line: what a failed run
// must leave as it was.
func dumpVersions(t *testing.T, s *store.Store, dataset string) string {
	t.Helper()
	rows, err := s.DB().QueryContext(context.Background(), sql(`SELECT r.slug, v.side, v.status, v.valid_from, v.valid_to, v.geom_hash
		FROM versions v JOIN regions r ON r.id = v.region_id JOIN datasets d ON d.id = v.dataset_id
		WHERE d.name = ? ORDER BY r.slug, v.valid_from`), dataset)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var slug, side, status string
		var from, to int64
		var hash []byte
		if err := rows.Scan(&slug, &side, &status, &from, &to, &hash); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s %s %s..%s %x\n", slug, side, status, geo.Day(from), geo.Day(to), hash[:6])
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func mustSync(t *testing.T, s *store.Store, job Job) Result {
	t.Helper()
	res, err := Run(context.Background(), s, job)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if !res.Ran {
		t.Fatalf("sync did not run: %s", res.Skipped)
	}
	return res
}

func mustState(t *testing.T, s *store.Store, dataset string) store.SyncState {
	t.Helper()
	st, err := s.SyncState(context.Background(), dataset)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestSyncTemplateNewDays: a URL template of daily files is asked for each
// day after the last one seen up to today, exactly once when published; a
// day not (yet) published is asked for again while no later day is; the
// versions are those of importing every file at once.
func TestSyncTemplateNewDays(t *testing.T) {
	s := empty(t)
	d := newDayServer(t)
	path := func(day string) string { return "/d/" + day + ".geojson" }
	for i, day := range []string{"2025-01-01", "2025-01-02", "2025-01-03"} {
		d.set(path(day), syncSquare(i))
	}
	job := seriesJob(d.srv.URL + "/d/{day}.geojson")
	job.Since, job.Now = geo.MustParseDay("2025-01-01"), noon("2025-01-03")
	res := mustSync(t, s, job)
	if res.Files != 3 || res.First != geo.MustParseDay("2025-01-01") || res.Last != geo.MustParseDay("2025-01-03") || res.Import.Inserted != 3 {
		t.Fatalf("first run: %+v", res)
	}
	// Nothing new on the same day: nothing asked for.
	before := d.hitsOf(path("2025-01-03"))
	if res = mustSync(t, s, job); res.Files != 0 || res.Note != "nothing new" || d.hitsOf(path("2025-01-03")) != before {
		t.Fatalf("same day again: %+v, %d requests of the last day", res, d.hitsOf(path("2025-01-03"))-before)
	}
	// Two days later: 01-04 published (unchanged shape), 01-05 not yet.
	d.set(path("2025-01-04"), syncSquare(2))
	job.Now = noon("2025-01-05")
	res = mustSync(t, s, job)
	if res.Files != 1 || res.Import.Unchanged != 1 || res.LastDay != geo.MustParseDay("2025-01-04") {
		t.Fatalf("01-05: %+v", res)
	}
	// 01-05 was not published; 01-06 is, then 01-05 comes late: a gap.
	d.set(path("2025-01-06"), syncSquare(6))
	job.Now = noon("2025-01-06")
	res = mustSync(t, s, job)
	if res.Files != 1 || res.Last != geo.MustParseDay("2025-01-06") || res.Import.Closed != 1 || res.Import.Inserted != 1 {
		t.Fatalf("01-06: %+v", res)
	}
	d.set(path("2025-01-05"), syncSquare(5))
	job.Now = noon("2025-01-08")
	if res = mustSync(t, s, job); res.Files != 0 {
		t.Fatalf("01-08: %+v", res)
	}
	job.Now = noon("2025-01-09")
	mustSync(t, s, job)
	for day, want := range map[string]int{"2025-01-01": 1, "2025-01-02": 1, "2025-01-03": 1, "2025-01-04": 1,
		"2025-01-05": 2, "2025-01-06": 1, "2025-01-07": 2, "2025-01-08": 2, "2025-01-09": 1, "2025-01-10": 0} {
		if got := d.hitsOf(path(day)); got != want {
			t.Errorf("%s asked for %d times, want %d", day, got, want)
		}
	}
	st := mustState(t, s, "synced")
	if st.LastDay != geo.MustParseDay("2025-01-06") || st.Runs != 6 || st.Failures != 0 || st.Failing || st.LeaseHolder != "" || st.LastSuccess.IsZero() {
		t.Errorf("state: %+v", st)
	}
	// The same versions as importing the published files of those days at once.
	var files []series.File
	for i, day := range []string{"2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-06"} {
		n := []int{0, 1, 2, 2, 6}[i]
		f, err := series.ReadStream(context.Background(), day+".geojson", bytes.NewReader(syncSquare(n)), series.Options{})
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f...)
	}
	def := geojson.Defaults{Region: "sync-square", Side: geo.SideRU, Status: geo.StatusOccupied}
	if err := importSeries(context.Background(), s, files, "whole", def); err != nil {
		t.Fatal(err)
	}
	if a, b := dumpVersions(t, s, "synced"), dumpVersions(t, s, "whole"); a != b {
		t.Errorf("synced:\n%swhole import:\n%s", a, b)
	}
}

// TestSyncFailureLeavesDataset: a slow server (timeout), a failing one
// (500), a file cut short (by the connection or by the server), garbage and
// a listed file that is missing fail the run; the dataset's versions stay
// as they were, its sync state shows the error and keeps the last day seen;
// a day that did arrive in the same run is not imported either; the next
// good run imports everything.
func TestSyncFailureLeavesDataset(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	d := newDayServer(t)
	path := func(day string) string { return "/d/" + day + ".geojson" }
	d.set(path("2025-01-01"), syncSquare(1))
	d.set(path("2025-01-02"), syncSquare(2))
	job := seriesJob(d.srv.URL + "/d/{day}.geojson")
	job.Since, job.Now = geo.MustParseDay("2025-01-01"), noon("2025-01-02")
	job.FetchTimeout = 300 * time.Millisecond
	mustSync(t, s, job)
	want := dumpVersions(t, s, "synced")
	var rev int64
	s.DB().QueryRowContext(ctx, sql(`SELECT revision FROM datasets WHERE name = 'synced'`)).Scan(&rev)

	// 01-03 arrives well; 01-04 fails in each way.
	d.set(path("2025-01-03"), syncSquare(3))
	d.set(path("2025-01-04"), syncSquare(4))
	job.Now = noon("2025-01-04")
	for i, c := range []struct{ mode, says string }{
		{"slow", "deadline exceeded"},
		{"500", "500 Internal Server Error"},
		{"truncate", "unexpected EOF"},
		{"cut", "2025-01-04.geojson"},
		{"garbage", "2025-01-04.geojson"},
	} {
		d.mode(path("2025-01-04"), c.mode)
		t0 := time.Now()
		res, err := Run(ctx, s, job)
		if err == nil || !res.Ran {
			t.Fatalf("%s: ran %v, err %v; want a failed run", c.mode, res.Ran, err)
		}
		if c.mode == "slow" && time.Since(t0) > 5*time.Second {
			t.Errorf("slow: the run took %s with a fetch timeout of 300 ms", time.Since(t0))
		}
		if got := dumpVersions(t, s, "synced"); got != want {
			t.Errorf("%s: versions changed:\n%s\nwant\n%s", c.mode, got, want)
		}
		var r int64
		s.DB().QueryRowContext(ctx, sql(`SELECT revision FROM datasets WHERE name = 'synced'`)).Scan(&r)
		if r != rev {
			t.Errorf("%s: revision moved from %d to %d", c.mode, rev, r)
		}
		st := mustState(t, s, "synced")
		if !st.Failing || st.Failures != int64(i+1) || st.FailingRuns != int64(i+1) || !strings.Contains(st.LastError, c.says) || st.LastDay != geo.MustParseDay("2025-01-02") || st.LeaseHolder != "" {
			t.Errorf("%s: state %+v; want failing with %q, last day 2025-01-02", c.mode, st, c.says)
		}
		t.Logf("%s: %s", c.mode, st.LastError)
	}
	d.mode(path("2025-01-04"), "")
	res := mustSync(t, s, job)
	if res.Files != 2 || res.Last != geo.MustParseDay("2025-01-04") {
		t.Fatalf("after the failures: %+v", res)
	}
	if st := mustState(t, s, "synced"); st.Failing || st.LastDay != geo.MustParseDay("2025-01-04") || st.Runs != 7 || st.Failures != 5 || st.LastError == "" {
		t.Errorf("after recovery: %+v", st)
	}
	// A template whose files are never there: the first run fails.
	bad := seriesJob(d.srv.URL + "/nothing/{day}.geojson")
	bad.Dataset, bad.Now = "never", noon("2025-01-04")
	if _, err := Run(ctx, s, bad); err == nil || !strings.Contains(err.Error(), "is the template right") {
		t.Errorf("a template of nothing: %v", err)
	}
	// A job that fetches from public addresses only does not reach the loopback fixture.
	pub := seriesJob(d.srv.URL + "/d/{day}.geojson")
	pub.Dataset, pub.Since, pub.Now, pub.PublicOnly = "public", geo.MustParseDay("2025-01-01"), noon("2025-01-01"), true
	if _, err := Run(ctx, s, pub); err == nil || !strings.Contains(err.Error(), "not public") {
		t.Errorf("public-only fetcher on loopback: %v", err)
	}
}

// tarGzOf packs files (name, content) into a .tar.gz.
func tarGzOf(t *testing.T, files ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f[0], Mode: 0o644, Size: int64(len(f[1])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		io.WriteString(tw, f[1])
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

// TestSyncArchiveChanges: a single series archive is fetched again with
// If-None-Match (304: nothing read); a changed one is read again and its
// new days imported; a change into garbage fails the run and leaves the
// dataset and the validators as they were; without validators the archive
// is read every time and imported idempotently.
func TestSyncArchiveChanges(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	d := newDayServer(t)
	d.with(func() { d.etags = true })
	day := func(n int) [2]string {
		return [2]string{fmt.Sprintf("series/2025-02-%02d.geojson", n), string(syncSquare(n))}
	}
	d.set("/series.tar.gz", tarGzOf(t, day(1), day(2)))
	job := seriesJob(d.srv.URL + "/series.tar.gz")
	job.Now = noon("2025-02-10")
	if res := mustSync(t, s, job); res.Files != 2 || res.Import.Inserted != 2 {
		t.Fatalf("first run: %+v", res)
	}
	if res := mustSync(t, s, job); !res.NotModified || res.Files != 0 || d.condOf("/series.tar.gz") != 1 {
		t.Fatalf("unchanged archive: %+v, %d conditional answers", res, d.condOf("/series.tar.gz"))
	}
	d.set("/series.tar.gz", tarGzOf(t, day(1), day(2), day(3)))
	if res := mustSync(t, s, job); res.Files != 1 || res.First != geo.MustParseDay("2025-02-03") || res.Import.Inserted != 1 {
		t.Fatalf("changed archive: %+v", res)
	}
	want := dumpVersions(t, s, "synced")
	d.set("/series.tar.gz", []byte("\x1f\x8b garbage, not a gzip stream"))
	if _, err := Run(ctx, s, job); err == nil {
		t.Fatal("garbage archive: no error")
	}
	if got := dumpVersions(t, s, "synced"); got != want {
		t.Errorf("garbage archive changed the versions:\n%s", got)
	}
	if st := mustState(t, s, "synced"); !st.Failing || !strings.Contains(st.LastError, "series.tar.gz") {
		t.Errorf("garbage archive: state %+v", st)
	}
	// A corrected archive: day 4 is new, a truncated transfer of it fails first.
	d.set("/series.tar.gz", tarGzOf(t, day(1), day(2), day(3), day(4)))
	d.mode("/series.tar.gz", "truncate")
	if _, err := Run(ctx, s, job); err == nil {
		t.Fatal("truncated archive: no error")
	}
	d.mode("/series.tar.gz", "")
	if res := mustSync(t, s, job); res.Files != 1 || res.Last != geo.MustParseDay("2025-02-04") {
		t.Fatalf("fixed archive: %+v", res)
	}
	if st := mustState(t, s, "synced"); st.Failing || st.Failures != 2 {
		t.Errorf("fixed archive: state %+v", st)
	}
	// No validators: read every time; nothing new, nothing changes.
	d.with(func() { d.etags = false })
	hits := d.hitsOf("/series.tar.gz")
	if res := mustSync(t, s, job); res.NotModified || res.Files != 0 || res.Note != "nothing new" || d.hitsOf("/series.tar.gz") != hits+1 {
		t.Fatalf("no validators: %+v", res)
	}
}

// TestSyncListingAndFolder: an HTML listing (its hrefs, relative ones
// resolved, links to other files left out), a plain-text listing and a
// local folder each give their new files only; files without a day in
// their names are counted as ignored.
func TestSyncListingAndFolder(t *testing.T) {
	s := empty(t)
	d := newDayServer(t)
	d.set("/list/2025-03-01.geojson", syncSquare(1))
	d.set("/list/2025-03-02.geojson", syncSquare(2))
	d.set("/list/latest.geojson", syncSquare(2))
	job := seriesJob(d.srv.URL + "/list/")
	job.Now = noon("2025-03-02")
	if res := mustSync(t, s, job); res.Files != 2 || res.Ignored != 1 || res.Last != geo.MustParseDay("2025-03-02") {
		t.Fatalf("listing: %+v", res)
	}
	d.set("/list/2025-03-03.geojson", syncSquare(3))
	if res := mustSync(t, s, job); res.Files != 1 || d.hitsOf("/list/2025-03-01.geojson") != 1 || d.hitsOf("/list/2025-03-03.geojson") != 1 {
		t.Fatalf("listing, second run: %+v", res)
	}
	// Plain text, absolute and relative links.
	d.set("/plain.txt", []byte(d.srv.URL+"/list/2025-03-03.geojson\nlist/2025-03-04.geojson\n"))
	d.set("/list/2025-03-04.geojson", syncSquare(4))
	plain := seriesJob(d.srv.URL + "/plain.txt")
	plain.Dataset, plain.Now = "plain", noon("2025-03-04")
	if res := mustSync(t, s, plain); res.Files != 2 || res.First != geo.MustParseDay("2025-03-03") {
		t.Fatalf("plain listing: %+v", res)
	}
	// A folder.
	dir := t.TempDir()
	write := func(name string, n int) {
		if err := os.WriteFile(filepath.Join(dir, name), syncSquare(n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("20250301.geojson", 1)
	write("notes.geojson", 1)
	folder := seriesJob(dir)
	folder.Dataset, folder.Now = "folder", noon("2025-03-04")
	if res := mustSync(t, s, folder); res.Files != 1 || res.Ignored != 1 {
		t.Fatalf("folder: %+v", res)
	}
	write("20250302.geojson", 2)
	write("20250303.geojson", 3)
	if res := mustSync(t, s, folder); res.Files != 2 || res.First != geo.MustParseDay("2025-03-02") {
		t.Fatalf("folder, second run: %+v", res)
	}
	if res := mustSync(t, s, folder); res.Files != 0 {
		t.Fatalf("folder, third run: %+v", res)
	}
	// An empty listing is garbage.
	d.set("/empty/", []byte("<html>nothing here</html>"))
	empty := seriesJob(d.srv.URL + "/empty/")
	empty.Dataset = "empty"
	if _, err := Run(context.Background(), s, empty); err == nil || !strings.Contains(err.Error(), "links to no") {
		t.Errorf("empty listing: %v", err)
	}
}

// TestSyncDeepStateIncremental: DeepStateMap's files synced as they appear
// (a later file of a day already seen makes the day's map again; a region
// gone from the map ends) give the versions of importing them all at once.
func TestSyncDeepStateIncremental(t *testing.T) {
	s := empty(t)
	all := deepStateFixture(t)
	dir := t.TempDir()
	publish := func(name string) {
		b, err := os.ReadFile(filepath.Join(all, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	job := Job{Dataset: "ds-sync", Source: dir, Format: FormatDeepState, Now: noon("2025-01-22")}
	publish("1737331200.geojson") // 2025-01-20 00:00
	if res := mustSync(t, s, job); res.Files != 1 || res.Last != geo.MustParseDay("2025-01-20") {
		t.Fatalf("first file: %+v", res)
	}
	publish("1737410164.geojson") // 2025-01-20 21:56: the day's map after all
	if res := mustSync(t, s, job); res.Files != 1 || res.Import.Replaced == 0 {
		t.Fatalf("later file of the day: %+v", res)
	}
	publish("1737496564.geojson") // 2025-01-21: the grey zone is gone
	if res := mustSync(t, s, job); res.Files != 1 || res.Import.Closed == 0 {
		t.Fatalf("next day: %+v", res)
	}
	if res := mustSync(t, s, job); res.Files != 0 {
		t.Fatalf("nothing new: %+v", res)
	}
	st := mustState(t, s, "ds-sync")
	if st.LastDay != geo.MustParseDay("2025-01-21") || st.Format != FormatDeepState {
		t.Errorf("state: %+v", st)
	}
	mustImportDeepState(t, s, all, "ds-whole")
	if a, b := dumpVersions(t, s, "ds-sync"), dumpVersions(t, s, "ds-whole"); a != b {
		t.Errorf("synced:\n%swhole import:\n%s", a, b)
	}
	if err := (Job{Dataset: "x", Source: "https://h/{day}.geojson", Format: FormatDeepState}).Check(); err == nil {
		t.Error("a template of days for DeepStateMap: no error")
	}
}

// twoStores opens two stores on one new database, as two servers would.
func twoStores(t *testing.T) (*store.Store, *store.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "two.db")
	if onPostgres() {
		path = pgtest.URL(t)
	}
	var out [2]*store.Store
	for i := range out {
		s, err := store.Open(context.Background(), store.Config{Path: path, NoSeed: true, Actor: fmt.Sprintf("server-%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out[i] = s
	}
	return out[0], out[1]
}

// TestSyncLease: two stores on one database sync one dataset at once: one
// runs, the other skips while the first holds the lease, and the source is
// read once; a lease whose holder died is taken once it expires; with
// Every, a run happens only when the last one is that old.
func TestSyncLease(t *testing.T) {
	ctx := context.Background()
	a, b := twoStores(t)
	d := newDayServer(t)
	d.set("/d/2025-04-01.geojson", syncSquare(1))
	gate, arrived := make(chan struct{}), make(chan string, 10)
	d.with(func() { d.gate, d.arrived = gate, arrived })
	job := seriesJob(d.srv.URL + "/d/{day}.geojson")
	job.Since, job.Now = geo.MustParseDay("2025-04-01"), noon("2025-04-01")

	type out struct {
		res Result
		err error
	}
	results := make(chan out, 2)
	var ready sync.WaitGroup
	ready.Add(2)
	start := make(chan struct{})
	for _, s := range []*store.Store{a, b} {
		go func() {
			ready.Done()
			<-start
			res, err := Run(ctx, s, job)
			results <- out{res, err}
		}()
	}
	ready.Wait()
	close(start)
	<-arrived // one run fetches, holding the lease
	first := <-results
	if first.err != nil || first.res.Ran || !strings.Contains(first.res.Skipped, "holds the lease") {
		t.Fatalf("the second run: %+v, %v; want skipped while the lease is held", first.res, first.err)
	}
	close(gate)
	second := <-results
	if second.err != nil || !second.res.Ran || second.res.Files != 1 {
		t.Fatalf("the run: %+v, %v", second.res, second.err)
	}
	if n := d.hitsOf("/d/2025-04-01.geojson"); n != 1 {
		t.Errorf("the file was read %d times, want 1", n)
	}
	d.with(func() { d.gate, d.arrived = nil, nil })
	st := mustState(t, b, "synced")
	if st.Runs != 1 || st.LeaseHolder != "" {
		t.Errorf("state: %+v", st)
	}

	// A holder that died: its lease is honoured until it expires.
	d.set("/d/2025-04-02.geojson", syncSquare(2))
	job.Now = noon("2025-04-02")
	now := job.Now()
	if _, err := a.DB().ExecContext(ctx, sql(`UPDATE sync_state SET lease_holder = 'dead:1', lease_until = ? WHERE dataset = 'synced'`), now.Add(time.Minute).UnixMilli()); err != nil {
		t.Fatal(err)
	}
	if res, err := Run(ctx, b, job); err != nil || res.Ran || !strings.Contains(res.Skipped, "dead:1") {
		t.Fatalf("a live lease of another: %+v, %v", res, err)
	}
	a.DB().ExecContext(ctx, sql(`UPDATE sync_state SET lease_until = ? WHERE dataset = 'synced'`), now.Add(-time.Second).UnixMilli())
	if res := mustSync(t, b, job); res.Files != 1 {
		t.Fatalf("an expired lease: %+v", res)
	}

	// Every: the last run started at noon of 04-02.
	job.Every = time.Hour
	job.Now = func() time.Time { return now.Add(30 * time.Minute) }
	if res, err := Run(ctx, a, job); err != nil || res.Ran || !strings.Contains(res.Skipped, "less than 1h0m0s ago") {
		t.Fatalf("not due: %+v, %v", res, err)
	}
	job.Now = func() time.Time { return now.Add(61 * time.Minute) }
	mustSync(t, a, job)
	if st := mustState(t, a, "synced"); st.Runs != 3 || st.Failures != 0 {
		t.Errorf("state: %+v", st)
	}
	states, err := a.SyncStates(ctx)
	if err != nil || len(states) != 1 || states[0].Dataset != "synced" {
		t.Errorf("SyncStates: %+v, %v", states, err)
	}
}

// TestSyncRealSeriesDaily measures a daily sync (one new day, from a URL
// template on loopback) of a dataset that holds the real DeepStateMap
// series but its last day: time, allocation and peak heap.
func TestSyncRealSeriesDaily(t *testing.T) {
	const src = "../../../shared/data/deepstate-series/deepstate-occupied-daily.tar.gz"
	if testing.Short() {
		t.Skip("-short")
	}
	if _, err := os.Stat(src); err != nil {
		t.Skipf("the real series is absent: %v", err)
	}
	ctx := context.Background()
	s := empty(t)
	files, err := series.Read(ctx, src, series.Path(src), series.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Day < files[j].Day })
	last := files[len(files)-1]
	def := geojson.Defaults{Region: "deepstate-occupied", Side: geo.SideRU, Status: geo.StatusOccupied}
	t0 := time.Now()
	if err := importSeries(ctx, s, files[:len(files)-1], "deepstate", def); err != nil {
		t.Fatal(err)
	}
	t.Logf("imported %d days of the real series in %s", len(files)-1, time.Since(t0).Round(time.Millisecond))
	// The last day's file as published, served by a template.
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	var body []byte
	err = series.Stream(src, f)(func(name string, r io.Reader) error {
		if name == last.Name {
			body, err = io.ReadAll(r)
			return err
		}
		return nil
	})
	f.Close()
	if err != nil || body == nil {
		t.Fatalf("reading %s: %v", last.Name, err)
	}
	d := newDayServer(t)
	base := filepath.Base(last.Name)
	d.set("/"+base, body)
	yyyymmdd := strings.ReplaceAll(last.Day.String(), "-", "")
	job := Job{Dataset: "deepstate", Source: d.srv.URL + "/" + strings.Replace(base, yyyymmdd, "{yyyymmdd}", 1),
		Region: def.Region, Side: def.Side, Status: def.Status, Since: last.Day, Now: func() time.Time { return last.Day.Time().Add(12 * time.Hour) }}

	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Add(1)
	go func() {
		defer sampler.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	t0 = time.Now()
	res, err := Run(ctx, s, job)
	took := time.Since(t0)
	close(stop)
	sampler.Wait()
	runtime.ReadMemStats(&m1)
	if err != nil || !res.Ran || res.Files != 1 || !res.Import.Changed() {
		t.Fatalf("daily sync: %+v, %v", res, err)
	}
	t.Logf("daily sync of %s (%d KB) into %d days: %s; %s; allocated %.1f MB, peak heap %.1f MB (%.1f MB before)",
		last.Day, len(body)>>10, len(files)-1, took.Round(time.Millisecond), res.Note,
		float64(m1.TotalAlloc-m0.TotalAlloc)/1e6, float64(peak.Load())/1e6, float64(m0.HeapAlloc)/1e6)
}
