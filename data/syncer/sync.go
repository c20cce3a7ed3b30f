// Package syncer keeps datasets in step with their sources (frontline sync,
// serve --sync): it finds what is new at a source (a template of daily
// files, a listing, a folder, an archive or a feed), reads it with the
// readers within bounds, and writes it through the store under the
// dataset's lease, recording every run in the store's sync state.
package syncer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/frontline-map/frontline/data/deepstate"
	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/data/internal/fetch"
	dataseries "github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/data/source"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// The formats of a sync's files.
const (
	FormatSeries    = "series"    // a snapshot series (data/series): ImportDays
	FormatDeepState = "deepstate" // DeepStateMap's raw history (data/deepstate): ImportDays
	FormatFeed      = "feed"      // a news feed (RSS, Atom, JSON Lines): ImportFeed, into articles
)

// Defaults and fixed bounds of a sync.
const (
	DefaultTimeout      = 10 * time.Minute // a whole run
	DefaultFetchTimeout = 2 * time.Minute  // one GET, its body read
	syncLeaseMargin     = time.Minute      // a lease outlives its run's deadline by this
	syncFirstDays       = 7                // a template's first run tries today and the 6 days before it
	syncMaxDays         = 366              // days a template tries in one run
	syncMaxListing      = 8 << 20          // bytes of a listing
	syncMaxArchive      = 64 << 20         // bytes of a single archive fetched (HTTP imports' body bound)
	syncMaxError        = 2000             // bytes of error text kept
)

// DefaultLimits bound what one run reads when Job.Limits is zero:
// the bounds of an import over HTTP.
var DefaultLimits = geojson.Limits{Files: 5000, Bytes: 128 << 20, FileBytes: 32 << 20}

// Job is one dataset's sync: where its files come from and how to read
// them. Source is one of:
//
//   - a template of daily files, a URL or a path with {day} (YYYY-MM-DD) or
//     {yyyymmdd} (YYYYMMDD) in it: each day from the day after the last
//     one seen up to today (UTC) is asked for, in order. A 404 or 410 (a
//     missing file) is a day not published: skipped; days after the last
//     published one are asked for again by the next run, while a day left
//     out before a published one stays a gap (the version before it goes
//     on). Any other failure fails the run. The first run tries the last
//     seven days (or from Since), and fails if none of several days is
//     there (the template is likely wrong);
//   - an http(s) URL of a folder listing (any URL whose path does not end
//     in .tar.gz, .tgz, .gz, .geojson or .json): an HTML page (its hrefs)
//     or plain text (one link a line) naming .geojson/.json files;
//   - a local folder of such files;
//   - a single archive or file: an http(s) URL (fetched again with
//     If-None-Match/If-Modified-Since when the server gave an ETag or a
//     Last-Modified, so that an unchanged one costs a 304) or a local file
//     (read again when its size or time changes).
//
// What is new is what comes after what was seen: for a series, files whose
// name has a day after the last day imported (a single archive's files
// without a day in their name are read every time, idempotently); for
// DeepStateMap, files named by a Unix time after the last one imported
// (later files of the last day make that day's map again). Files without
// such a name in a folder or listing are left out. A file of a day already
// seen that changes later is not read again: frontline import does that.
type Job struct {
	Dataset string
	Source  string
	Format  string // FormatSeries (default), FormatDeepState or FormatFeed (then Dataset only names the sync)
	// Region, Side and Status apply to a series' features without them.
	Region string
	Side   geo.Side
	Status geo.Status
	// Since, if set, leaves out days before it; a template's first run
	// starts there instead of six days before today.
	Since geo.Day
	// PublicOnly fetches http(s) sources only from public addresses (a
	// server's policy); false may reach any address (the command line).
	PublicOnly bool
	// Limits bound what a run reads; zero: DefaultLimits.
	Limits geojson.Limits
	// FetchTimeout bounds one GET; zero: DefaultFetchTimeout.
	FetchTimeout time.Duration
	// Timeout bounds a whole run, its import included; zero:
	// DefaultTimeout. The lease lasts a minute longer.
	Timeout time.Duration
	// Every, if positive, runs only when the last run (by any process)
	// started at least Every ago (the loops of serve and sync --every);
	// zero runs now.
	Every time.Duration
	// Holder names the process in the lease; empty: host, pid and store.
	Holder string
	// Waiting, if not nil, is called once when the import waits for another.
	Waiting func()
	// Now is the clock (tests); nil: time.Now.
	Now func() time.Time
	// Progress, if not nil, is told how far each stage of a run is:
	// "fetching" (files fetched, total unknown), "reading" (DeepStateMap
	// files parsed) and "importing" (days imported of all).
	Progress func(stage string, done, total int)
}

// progress is the job's progress of one stage, or nil.
func (j Job) progress(stage string) func(done, total int) {
	if j.Progress == nil {
		return nil
	}
	return func(done, total int) { j.Progress(stage, done, total) }
}

// Result says what a call of Sync did.
type Result struct {
	Dataset string `json:"dataset"`
	Ran     bool   `json:"ran"`
	// Skipped says why the run did not happen: another process holds the
	// lease, or the last run is not Every old.
	Skipped string `json:"skipped,omitempty"`
	// Files is how many new files were read; First and Last their days.
	Files       int     `json:"files"`
	First       geo.Day `json:"first,omitempty"`
	Last        geo.Day `json:"last,omitempty"`
	NotModified bool    `json:"not_modified,omitempty"` // a single archive answered 304 or did not change
	Ignored     int     `json:"ignored,omitempty"`      // files whose names carry no day (or Unix time)
	// Unclassified counts DeepStateMap names no rule knows, left out.
	Unclassified int                `json:"unclassified,omitempty"`
	Import       store.ImportResult `json:"import"`
	// Articles is what a feed's run stored (Format FormatFeed).
	Articles *store.FeedResult `json:"articles,omitempty"`
	LastDay  geo.Day           `json:"last_day,omitempty"` // the last day seen after the run
	Note     string            `json:"note"`
	Took     float64           `json:"took_seconds"`
}

// sourceKind is what a Source names.
type sourceKind int

const (
	kindTemplate sourceKind = iota
	kindListing
	kindURL    // a single archive or file over http(s)
	kindFolder // a local folder
	kindFile   // a single local archive or file
)

func isHTTP(src string) bool {
	return strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://")
}

func isTemplate(src string) bool {
	return strings.Contains(src, "{day}") || strings.Contains(src, "{yyyymmdd}")
}

// syncKind tells what src names; a local path must exist.
func syncKind(src string) (sourceKind, error) {
	if isTemplate(src) {
		return kindTemplate, nil
	}
	if isHTTP(src) {
		u, err := url.Parse(src)
		if err != nil {
			return 0, fmt.Errorf("source %s: %w", geo.Cut(src, 200), err)
		}
		p := strings.ToLower(u.Path)
		for _, ext := range []string{".tar.gz", ".tgz", ".gz", ".geojson", ".json"} {
			if strings.HasSuffix(p, ext) {
				return kindURL, nil
			}
		}
		return kindListing, nil
	}
	st, err := os.Stat(src)
	if err != nil {
		return 0, err
	}
	if st.IsDir() {
		return kindFolder, nil
	}
	return kindFile, nil
}

// JobError is a job that cannot run whatever its source holds (Job.Check).
// Its text starts "sync: "; Why says what is wrong on its own, for callers
// that name the job their own way (the CLI's flags).
type JobError struct{ Why string }

func (e *JobError) Error() string { return "sync: " + e.Why }

func jobErrorf(format string, args ...any) error {
	return &JobError{Why: fmt.Sprintf(format, args...)}
}

// Check reports a job that cannot run whatever the source holds: no
// dataset or a bad name, no source, an unknown format, a template of days
// for DeepStateMap (whose files are named by the time of publication).
func (j Job) Check() error {
	switch {
	case j.Dataset == "":
		return &JobError{Why: "no dataset named"}
	case !geo.ValidSlug(j.Dataset):
		return jobErrorf("bad dataset name %s: want lowercase words joined by '-'", geo.Echo(j.Dataset))
	case j.Source == "":
		return &JobError{Why: "no source"}
	case j.Format != "" && j.Format != FormatSeries && j.Format != FormatDeepState && j.Format != FormatFeed:
		return jobErrorf("format %s: want series, deepstate or feed", geo.Echo(j.Format))
	case j.Format == FormatFeed && isTemplate(j.Source):
		return &JobError{Why: "a feed is one document: give its URL or file, not a template of days"}
	case j.Format == FormatFeed && (j.Region != "" || j.Side != 0 || j.Status != 0):
		return &JobError{Why: "region, side and status do not apply to a feed"}
	case j.Format == FormatDeepState && isTemplate(j.Source):
		return &JobError{Why: "DeepStateMap's files are named by the time of publication, not by day: give a folder, a listing or an archive, not a template"}
	case j.Format == FormatDeepState && (j.Region != "" || j.Side != 0 || j.Status != 0):
		return &JobError{Why: "region, side and status do not apply to DeepStateMap: its names say what each polygon is"}
	}
	if isHTTP(j.Source) {
		if _, err := url.Parse(j.Source); err != nil {
			return jobErrorf("source %s: %v", geo.Cut(j.Source, 200), err)
		}
	}
	return nil
}

func (j Job) format() string {
	if j.Format == "" {
		return FormatSeries
	}
	return j.Format
}

func (j Job) now() time.Time {
	if j.Now != nil {
		return j.Now().UTC()
	}
	return time.Now().UTC()
}

func (j Job) timeout() time.Duration {
	if j.Timeout > 0 {
		return j.Timeout
	}
	return DefaultTimeout
}

func (j Job) limits() geojson.Limits {
	if j.Limits == (geojson.Limits{}) {
		return DefaultLimits
	}
	return j.Limits
}

// fetcher is job's Fetcher for one fetch of at most maxBytes.
func (j Job) fetcher(maxBytes int64) *fetch.Fetcher {
	timeout := j.FetchTimeout
	if timeout <= 0 {
		timeout = DefaultFetchTimeout
	}
	return source.Options{PublicOnly: j.PublicOnly, MaxBytes: maxBytes, Timeout: timeout}.Fetcher()
}

// syncRunning are the datasets a store of this process syncs now: a
// second run of one in the same process skips (the lease would let it in).
var syncRunning sync.Map // syncKey -> struct{}

type syncKey struct {
	s       Store
	dataset string
}

func (s runner) holder() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d:%p", geo.Cut(host, 64), os.Getpid(), s.Store)
}

// Store is what a sync needs of the store: the dataset's lease and run
// records, the writes of what it read, and what it asks before writing.
type Store interface {
	TakeLease(ctx context.Context, l store.Lease) (store.SyncCursor, string, error)
	EndRun(ctx context.Context, l store.Lease, e store.RunEnd) error
	ImportDays(ctx context.Context, sr geo.Series, cfg store.ImportConfig) (store.ImportResult, error)
	ImportFeed(ctx context.Context, items []geo.Article) (store.FeedResult, error)
	Gazetteer(ctx context.Context) (*geo.Gazetteer, error)
	RegionsWithVersions(ctx context.Context, dataset string, slugs []string) ([]string, error)
}

var _ Store = (*store.Store)(nil)

// runner runs syncs over a store.
type runner struct{ Store }

// Run fetches what is new at the job's source and imports it into the
// job's dataset of st; see runner.sync.
func Run(ctx context.Context, st Store, job Job) (Result, error) {
	return runner{st}.sync(ctx, job)
}

// sync fetches what is new at the job's source and imports it into the
// job's dataset with the readers and ImportDays:
// one transaction under the import lock, so that a run that fails (the
// source fails, times out, or sends something broken, truncated or too
// large) writes nothing to the dataset, and its sync state records the
// error. A run takes the dataset's lease first: if another process (or
// another run in this one) holds it, or with job.Every the last run is
// not that old, it returns at once with Skipped set and no error. The
// state (sync_state) records every run that happens: its time, its
// success or error, what it has seen; the lease ends with the run.
func (s runner) sync(ctx context.Context, job Job) (Result, error) {
	res := Result{Dataset: job.Dataset}
	if err := job.Check(); err != nil {
		return res, err
	}
	key := syncKey{s.Store, job.Dataset}
	if _, busy := syncRunning.LoadOrStore(key, struct{}{}); busy {
		res.Skipped = "a run of this dataset is under way in this process"
		return res, nil
	}
	defer syncRunning.Delete(key)
	holder := job.Holder
	if holder == "" {
		holder = s.holder()
	}
	start := job.now()
	lease := store.Lease{Dataset: job.Dataset, Source: job.Source, Format: job.format(), Holder: holder,
		Now: start, Until: start.Add(job.timeout() + syncLeaseMargin), Every: job.Every}
	cur, skipped, err := s.TakeLease(ctx, lease)
	if err != nil {
		if errors.Is(err, geo.ErrBusy) {
			res.Skipped = "the database is busy with another write"
			return res, nil
		}
		return res, fmt.Errorf("sync %s: %w", job.Dataset, err)
	}
	if skipped != "" {
		res.Skipped = skipped
		return res, nil
	}
	res.Ran = true
	rctx, cancel := context.WithTimeout(ctx, job.timeout())
	t0 := time.Now()
	next, err := s.syncRun(rctx, job, cur, &res)
	cancel()
	res.Took = time.Since(t0).Seconds()
	if err == nil {
		res.LastDay = next.LastDay
	}
	end := store.RunEnd{At: job.now(), Cancelled: err != nil && ctx.Err() != nil, Note: res.Note, Cursor: next}
	if err != nil {
		end.Err = ErrorText(err)
	}
	if rerr := s.EndRun(ctx, lease, end); rerr != nil && err == nil {
		err = fmt.Errorf("sync %s: recording the run: %w", job.Dataset, rerr)
	}
	if err != nil && ctx.Err() == nil {
		err = &syncError{err}
	}
	return res, err
}

// syncError is a failed run's error as Sync returns it: its text is
// ErrorText's (a fetch's cause included), and it unwraps to the error.
type syncError struct{ err error }

func (e *syncError) Error() string { return ErrorText(e.err) }
func (e *syncError) Unwrap() error { return e.err }

// syncEntry is a file a source offers: its name, where to read it, and
// the day (series) or Unix time (DeepStateMap) its name gives.
type syncEntry struct {
	name  string // base name
	loc   string // URL or path
	day   geo.Day
	stamp int64
}

// keyOf reads the day or Unix time of a file name for format; ok is false
// for a name that carries none.
func keyOf(format, name string) (day geo.Day, stamp int64, ok bool) {
	if format == FormatDeepState {
		st, ok := deepstate.Stamp(name)
		if !ok {
			return 0, 0, false
		}
		return geo.DayOf(time.Unix(st, 0)), st, true
	}
	d, ok, err := dataseries.DayFromName(name)
	if err != nil || !ok {
		return 0, 0, false
	}
	return d, 0, true
}

// isNew reports whether a file of day (and stamp) comes after what cur has
// seen and not before since.
func isNew(c store.SyncCursor, format string, day geo.Day, stamp int64, since geo.Day) bool {
	if since != 0 && day < since {
		return false
	}
	if format == FormatDeepState {
		return stamp > c.LastStamp
	}
	return day > c.LastDay
}

// syncRun finds what is new, reads it within the limits and imports it;
// it returns the cursor after the run (meaningful only without error).
func (s runner) syncRun(ctx context.Context, job Job, cur store.SyncCursor, res *Result) (store.SyncCursor, error) {
	if job.format() == FormatFeed {
		return s.syncFeed(ctx, job, cur, res)
	}
	kind, err := syncKind(job.Source)
	if err != nil {
		return cur, fmt.Errorf("source %s: %w", geo.Cut(job.Source, 200), err)
	}
	format := job.format()
	next := cur
	opt := dataseries.Options{Limits: job.limits()}
	fetched := job.progress("fetching")
	see := func(name string) {
		res.Files++
		if fetched != nil {
			fetched(res.Files, 0)
		}
		if d, st, ok := keyOf(format, name); ok {
			if res.First == 0 || d < res.First {
				res.First = d
			}
			res.Last = max(res.Last, d)
			next.LastDay = max(next.LastDay, d)
			next.LastStamp = max(next.LastStamp, st)
		}
	}
	if format == FormatDeepState {
		return s.syncDeepState(ctx, job, kind, cur, &next, res, opt, see)
	}
	var files []dataseries.File
	var ps geo.Problems
	add := dataseries.Limited(ctx, opt, func(name string, r io.Reader) error {
		f, err := dataseries.ReadFile(name, r, &ps)
		if err != nil {
			return err
		}
		if f.Features != nil {
			files = append(files, f)
		}
		see(name)
		return nil
	})
	if err := s.walkNew(ctx, job, kind, cur, &next, res, add); err != nil {
		return cur, dataseries.WalkError(ctx, job.Source, err)
	}
	if err := ps.Err(); err != nil {
		return cur, err
	}
	if res.Files == 0 {
		res.Note = nothingNew(res)
		return next, nil
	}
	sr, err := dataseries.Group(ctx, files, geojson.Defaults{Region: job.Region, Side: job.Side, Status: job.Status})
	if err != nil {
		return cur, err
	}
	if res.Import, err = s.ImportDays(ctx, sr, store.ImportConfig{Dataset: job.Dataset, Waiting: job.Waiting, Progress: job.progress("importing")}); err != nil {
		return cur, err
	}
	res.Import.Repairs = sr.Repairs
	res.Note = imported(res)
	return next, nil
}

// syncDeepState runs a sync of DeepStateMap files: the new ones are
// written into a temporary folder, read as a history and imported.
func (s runner) syncDeepState(ctx context.Context, job Job, kind sourceKind, cur store.SyncCursor, next *store.SyncCursor, res *Result, opt dataseries.Options, see func(string)) (store.SyncCursor, error) {
	format := job.format()
	dir, err := os.MkdirTemp("", "frontline-sync-")
	if err != nil {
		return cur, err
	}
	defer os.RemoveAll(dir)
	add := dataseries.Limited(ctx, opt, func(name string, r io.Reader) error {
		_, st, _ := keyOf(format, name)
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%d.geojson", st)))
		if err != nil {
			return err
		}
		_, err = io.Copy(f, r)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			see(name)
		}
		return err
	})
	if err := s.walkNew(ctx, job, kind, cur, next, res, add); err != nil {
		return cur, dataseries.WalkError(ctx, job.Source, err)
	}
	if res.Files == 0 {
		res.Note = nothingNew(res)
		return *next, nil
	}
	if err := s.importDeepStateDir(ctx, job, dir, opt, res); err != nil {
		return cur, err
	}
	res.Note = imported(res)
	return *next, nil
}

func nothingNew(res *Result) string {
	if res.NotModified {
		return "not modified"
	}
	return "nothing new"
}

func imported(res *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d new files", res.Files)
	if res.First != 0 {
		fmt.Fprintf(&b, " (%s", res.First)
		if res.Last != res.First {
			fmt.Fprintf(&b, " to %s", res.Last)
		}
		b.WriteString(")")
	}
	r := res.Import
	fmt.Fprintf(&b, ": %d versions inserted, %d closed, %d replaced, %d unchanged", r.Inserted, r.Closed, r.Replaced, r.Unchanged)
	if res.Unclassified > 0 {
		fmt.Fprintf(&b, "; %d unclassified names left out", res.Unclassified)
	}
	return b.String()
}

// importDeepStateDir reads the DeepStateMap files a run wrote into dir
// and imports them, keeping the regions the dataset has (see
// deepStateRegionsOf).
func (s runner) importDeepStateDir(ctx context.Context, job Job, dir string, opt dataseries.Options, res *Result) error {
	opt.Progress = job.progress("reading")
	h, err := deepstate.ReadPath(ctx, dir, deepstate.Options{Options: opt})
	if err != nil {
		return err
	}
	have, err := s.RegionsWithVersions(ctx, job.Dataset, deepstate.Regions())
	if err != nil {
		return err
	}
	sr := h.Series("", have...)
	r, err := s.ImportDays(ctx, sr, store.ImportConfig{Dataset: job.Dataset, Waiting: job.Waiting, Describe: deepstate.Credit(), Progress: job.progress("importing")})
	if err != nil {
		return err
	}
	r.Repairs = sr.Repairs
	res.Import, res.Unclassified = r, len(h.Unclassified())
	return nil
}

// ErrorText is the text a failed run leaves in its state: a fetch's
// cause included (the source is the operator's, not a client's), capped.
func ErrorText(err error) string {
	var se *syncError
	if errors.As(err, &se) {
		err = se.err
	}
	msg := err.Error()
	var fe *fetch.Error
	if errors.As(err, &fe) {
		msg = strings.Replace(msg, fe.Error(), fe.Detail(), 1)
	}
	return geo.Cut(msg, syncMaxError)
}
