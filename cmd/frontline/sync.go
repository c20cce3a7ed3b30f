package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/data/syncer"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/server"
)

const syncAbout = `Fetches what is new at a dataset's source and imports it, in one transaction
under the import lock: a source that fails, times out or sends something broken
leaves the dataset as it was, and the sync state (frontline sync status) says why.

SRC is one of:
  a URL or path template of daily files, {day} (YYYY-MM-DD) or {yyyymmdd} in it:
    each day after the last one seen, up to today (UTC), is asked for once it is
    published; a 404 is a day not published yet (asked for again next run while
    no later day has come; a day that comes after a later one stays a gap), any
    other failure fails the run. The first run tries the last 7 days, or from
    --since, and fails if none of several days is there.
  an http(s) folder listing (an HTML page of links, or plain text), or a local
    folder, of .geojson/.json files: those whose name has a day after the last
    one seen (DeepStateMap: a Unix time after the last one seen).
  a single .tar.gz or .geojson URL or file: fetched again with If-None-Match /
    If-Modified-Since when the server supports them (a local file: when its size
    or time changes), its new days imported.

--format deepstate reads DeepStateMap's raw history (files named by the UTC Unix
time of publication) as 'frontline import --format deepstate' does.

--format feed follows a news feed (RSS 2.0, Atom or JSON Lines; SRC its URL, asked
with If-None-Match / If-Modified-Since, or a file) as 'frontline articles import'
does: new items become articles linked to the regions they name, items already
stored (same URL) are skipped. --dataset then only names the sync (its state and
lease), e.g. --dataset news-kyiv-independent; no dataset is made.

Several processes may sync one database: a run takes the dataset's lease and
others skip it meanwhile. With --every the command runs until interrupted, a
run whenever the last one (by any process) is that old.

frontline sync status [--dataset NAME] [--json] prints the state of every sync.`

func runSync(ctx context.Context, e *env, args []string) error {
	return group{name: "sync", def: syncDataset, defTakesArgs: true,
		subs: []subcommand{{"status", runSyncStatus}}}.run(ctx, e, args)
}

// syncDataset syncs one dataset, once or --every so often.
func syncDataset(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "sync", "--dataset NAME --source SRC [flags] | status [--dataset NAME] [--json]", syncAbout)
	dataset := fs.String("dataset", "", "dataset to sync into (required; created if new)")
	source := fs.String("source", "", "where the files come from: a template of days, a listing URL, a folder, or an archive URL or file (required)")
	format := fs.String("format", syncer.FormatSeries, "series (a snapshot series), deepstate (DeepStateMap's raw history) or feed (articles from a news feed)")
	every := fs.Duration("every", 0, "run again whenever the last run is this old (e.g. 1h), until interrupted; 0: once")
	since := fs.String("since", "", "leave out days before this one (YYYY-MM-DD); a template's first run starts there")
	region := fs.String("region", "", "region slug for a series' features without a region property")
	side := fs.String("side", "", "side (ru, ua) for a series' features without one")
	status := fs.String("status", "", "status (occupied, liberated, contested, claimed) for a series' features without one")
	timeout := fs.Duration("timeout", syncer.DefaultTimeout, "bound of a whole run, its import included")
	fetchTimeout := fs.Duration("fetch-timeout", syncer.DefaultFetchTimeout, "bound of each fetch")
	asJSON := fs.Bool("json", false, "print each run's result as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q (the source goes in --source)", fs.Arg(0))
	}
	if *dataset == "" || *source == "" {
		return usagef("--dataset and --source are required")
	}
	if *every < 0 || *timeout <= 0 || *fetchTimeout <= 0 {
		return usagef("--every, --timeout and --fetch-timeout must be positive")
	}
	job := syncer.Job{Dataset: *dataset, Source: *source, Format: *format, Region: *region,
		Timeout: *timeout, FetchTimeout: *fetchTimeout, Every: *every,
		Waiting: func() {
			fmt.Fprintln(e.stderr, "frontline sync: another import is running; waiting for it to finish")
		}}
	if err := seriesDefaults(&job, *side, *status, "--"); err != nil {
		return err
	}
	if *since != "" {
		d, err := parseDayFlag("since", *since)
		if err != nil {
			return err
		}
		job.Since = d
	}
	if err := job.Check(); err != nil {
		return usagef("%s", jobWhy(err))
	}
	s, err := createStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	bars := newStages(e)
	defer bars.close()
	job.Progress = func(stage string, done, total int) {
		bars.update(stage, done, total)
	}
	if *every == 0 {
		res, err := syncer.Run(ctx, s, job)
		bars.close()
		if err != nil {
			return err
		}
		return printSync(e.stdout, res, *asJSON)
	}
	// A loop: a run whenever the last one is old enough; a failed run is
	// reported and the loop goes on.
	// Skips are printed at the first look and when another process's lease
	// is new, not at every look before a run is due.
	check := syncCheckInterval(*every)
	lastSkip := ""
	for first := true; ; first = false {
		bars = newStages(e) // each run shows its own stages
		res, err := syncer.Run(ctx, s, job)
		bars.close()
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			fmt.Fprintf(e.stderr, "frontline sync: %s: %v\n", time.Now().UTC().Format(time.RFC3339), err)
		case res.Ran, first, res.Skipped != lastSkip && strings.Contains(res.Skipped, "holds the lease"):
			printSync(e.stdout, res, *asJSON)
		}
		lastSkip = res.Skipped
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(check):
		}
	}
}

// seriesDefaults sets a job's side and status from flag values (prefix
// names the flags in messages).
func seriesDefaults(job *syncer.Job, side, status, prefix string) error {
	var err error
	if side == "none" {
		return usagef("%sside none: a default side is ru or ua (side none, a grey zone, goes in a feature's properties)", prefix)
	}
	if side != "" {
		if job.Side, err = geo.ParseSide(side); err != nil {
			return usagef("%sside: %v", prefix, err)
		}
	}
	if status != "" {
		if job.Status, err = geo.ParseStatus(status); err != nil {
			return usagef("%sstatus: %v", prefix, err)
		}
	}
	return nil
}

// syncCheckInterval is how often a loop looks whether a run is due: a
// tenth of the interval, between a second and a minute.
func syncCheckInterval(every time.Duration) time.Duration {
	return min(max(every/10, time.Second), time.Minute)
}

func printSync(w io.Writer, res syncer.Result, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(w).Encode(res)
	}
	at := time.Now().UTC().Format(time.RFC3339)
	if !res.Ran {
		_, err := fmt.Fprintf(w, "%s %s: skipped: %s\n", at, res.Dataset, res.Skipped)
		return err
	}
	fmt.Fprintf(w, "%s %s: %s in %s", at, res.Dataset, res.Note, time.Duration(res.Took*float64(time.Second)).Round(time.Millisecond))
	if res.LastDay != 0 {
		fmt.Fprintf(w, "; last day %s", res.LastDay)
	}
	if res.Ignored > 0 {
		fmt.Fprintf(w, "; %d files without a day in their name left out", res.Ignored)
	}
	_, err := fmt.Fprintln(w)
	return err
}

func runSyncStatus(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "sync status", "[--dataset NAME] [--json]", "Prints the state of every dataset's sync (or one's): its source, the last day imported,\nits runs, the last success and the last error, and a run under way.")
	dataset := fs.String("dataset", "", "only this dataset")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	var states []store.SyncState
	if *dataset != "" {
		st, err := s.SyncState(ctx, *dataset)
		if err != nil {
			return err
		}
		states = append(states, st)
	} else if states, err = s.SyncStates(ctx); err != nil {
		return err
	}
	if *asJSON {
		if states == nil {
			states = []store.SyncState{}
		}
		return json.NewEncoder(e.stdout).Encode(states)
	}
	if len(states) == 0 {
		fmt.Fprintln(e.stdout, "no dataset has synced")
		return nil
	}
	now := time.Now()
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATASET\tSTATE\tLAST DAY\tLAST SUCCESS\tRUNS\tFAILED\tSOURCE")
	for _, st := range states {
		state := "ok"
		switch {
		case st.Running(now):
			state = "running (" + st.LeaseHolder + ")"
		case st.Failing:
			state = fmt.Sprintf("failing (%d runs)", st.FailingRuns)
		case st.Runs == 0:
			state = "never ran"
		}
		day, ok := "-", "never"
		if st.LastDay != 0 {
			day = st.LastDay.String()
		}
		if !st.LastSuccess.IsZero() {
			ok = st.LastSuccess.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s (%s)\n", st.Dataset, state, day, ok, st.Runs, st.Failures, st.Source, st.Format)
	}
	tw.Flush()
	for _, st := range states {
		if st.LastNote != "" {
			fmt.Fprintf(e.stdout, "%s: last success: %s\n", st.Dataset, st.LastNote)
		}
		if st.LastError != "" {
			fmt.Fprintf(e.stdout, "%s: last error at %s: %s\n", st.Dataset, st.LastErrorAt.Format(time.RFC3339), st.LastError)
		}
	}
	return nil
}

// syncFlag is serve's --sync NAME=[deepstate:|series:|feed:]SRC, repeatable.
type syncFlag []syncSpec

type syncSpec struct{ dataset, format, source string }

func (f *syncFlag) String() string {
	var parts []string
	for _, s := range *f {
		parts = append(parts, s.dataset+"="+s.format+":"+s.source)
	}
	return strings.Join(parts, " ")
}

func (f *syncFlag) Set(v string) error {
	sp, err := parseSyncSpec(v)
	if err != nil {
		return err
	}
	for _, o := range *f {
		if o.dataset == sp.dataset {
			return fmt.Errorf("dataset %s synced twice", sp.dataset)
		}
	}
	*f = append(*f, sp)
	return nil
}

// jobWhy is what is wrong with a job that cannot run, without the
// "sync: " its error starts with: the CLI says which flag it was.
func jobWhy(err error) string {
	var je *syncer.JobError
	if errors.As(err, &je) {
		return je.Why
	}
	return err.Error()
}

// parseSyncSpec reads NAME=[deepstate:|series:|feed:]SRC.
func parseSyncSpec(v string) (syncSpec, error) {
	name, src, ok := strings.Cut(v, "=")
	if !ok || name == "" || src == "" {
		return syncSpec{}, errors.New("want NAME=SRC (NAME=deepstate:SRC for DeepStateMap's raw history)")
	}
	sp := syncSpec{dataset: name, format: syncer.FormatSeries, source: src}
	for _, f := range []string{syncer.FormatDeepState, syncer.FormatSeries, syncer.FormatFeed} {
		if rest, ok := strings.CutPrefix(src, f+":"); ok {
			sp.format, sp.source = f, rest
		}
	}
	if err := (syncer.Job{Dataset: sp.dataset, Source: sp.source, Format: sp.format}).Check(); err != nil {
		return syncSpec{}, errors.New(jobWhy(err))
	}
	return sp, nil
}

// syncOptions are serve's sync flags.
type syncOptions struct {
	specs          syncFlag
	every          *time.Duration
	region         *string
	side, status   *string
	allowPrivate   *bool
	refresh, check time.Duration // tests; zero: every 15 s; syncCheckInterval
}

func addSyncFlags(fs *flag.FlagSet, allowPrivate *bool) *syncOptions {
	o := &syncOptions{allowPrivate: allowPrivate}
	fs.Var(&o.specs, "sync", "sync a dataset from a source: NAME=SRC, NAME=deepstate:SRC for DeepStateMap's raw history, NAME=feed:URL for a news feed's articles (repeatable; SRC as for 'frontline sync')")
	o.every = fs.Duration("every", time.Hour, "with --sync: a run whenever the last one (by any server) is this old")
	o.region = fs.String("sync-region", "", "with --sync: region slug for a series' features without one")
	o.side = fs.String("sync-side", "", "with --sync: side (ru, ua) for a series' features without one")
	o.status = fs.String("sync-status", "", "with --sync: status for a series' features without one")
	return o
}

// jobs checks the flags and makes the sync jobs: URL sources fetch under
// the URL imports' address policy (--allow-private-urls) and the HTTP
// imports' bounds.
func (o *syncOptions) jobs() ([]syncer.Job, error) {
	if *o.every <= 0 {
		return nil, usagef("--every must be positive")
	}
	var jobs []syncer.Job
	for _, sp := range o.specs {
		job := syncer.Job{Dataset: sp.dataset, Source: sp.source, Format: sp.format, Every: *o.every,
			PublicOnly: !*o.allowPrivate, Limits: httpImportLimits}
		if sp.format == syncer.FormatSeries {
			job.Region = *o.region
			if err := seriesDefaults(&job, *o.side, *o.status, "--sync-"); err != nil {
				return nil, err
			}
		}
		if err := job.Check(); err != nil {
			return nil, usagef("--sync %s: %s", sp.dataset, jobWhy(err))
		}
		jobs = append(jobs, job)
	}
	return jobs, nil
}

// syncMonitor runs a server's syncs and keeps what the server reports of
// every sync over the database (its own and other servers'): the states
// as last read from the store, so that /healthz never waits on the
// database, and the failed runs seen since the process started.
type syncMonitor struct {
	db      *store.Store
	jobs    []syncer.Job
	log     *slog.Logger
	refresh time.Duration // how often the states are read
	check   time.Duration // how often a job looks whether a run is due

	mu       sync.Mutex
	states   []store.SyncState
	failures map[string]int64 // by dataset: the failures count last read
	seen     map[string]int64 // by dataset: failed runs seen since start
	loaded   bool
}

func newSyncMonitor(s *store.Store, jobs []syncer.Job, log *slog.Logger, o *syncOptions) *syncMonitor {
	m := &syncMonitor{db: s, jobs: jobs, log: log, refresh: 15 * time.Second, check: time.Minute,
		failures: map[string]int64{}, seen: map[string]int64{}}
	if o != nil {
		if o.refresh > 0 {
			m.refresh = o.refresh
		}
		m.check = syncCheckInterval(*o.every)
		if o.check > 0 {
			m.check = o.check
		}
	}
	return m
}

// load reads the states; a database that does not answer keeps the last ones.
func (m *syncMonitor) load(ctx context.Context) {
	lctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	states, err := m.db.SyncStates(lctx)
	if err != nil {
		m.log.Debug("sync states", "error", err.Error())
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, st := range states {
		last, known := m.failures[st.Dataset]
		if !known && !m.loaded {
			last = st.Failures // failures before this process started
		}
		if st.Failures > last {
			m.seen[st.Dataset] += st.Failures - last
		}
		m.failures[st.Dataset] = st.Failures
	}
	m.states, m.loaded = states, true
}

// run syncs each job whenever it is due, and reads the states every
// refresh, until ctx ends.
func (m *syncMonitor) run(ctx context.Context) {
	m.load(ctx)
	var wg sync.WaitGroup
	for _, job := range m.jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.loop(ctx, job)
		}()
	}
	t := time.NewTicker(m.refresh)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			return
		case <-t.C:
			m.load(ctx)
		}
	}
}

func (m *syncMonitor) loop(ctx context.Context, job syncer.Job) {
	for {
		res, err := syncer.Run(ctx, m.db, job)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			m.log.Warn("sync failed", "dataset", job.Dataset, "error", err.Error())
		case res.Ran:
			m.log.Info("synced", "dataset", job.Dataset, "result", res.Note, "seconds", res.Took)
		default:
			m.log.Debug("sync skipped", "dataset", job.Dataset, "why", res.Skipped)
		}
		if res.Ran {
			m.load(ctx)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(m.check):
		}
	}
}

// queryRE finds the query of a URL in a text: the public reports leave it
// out (it may hold a key).
var queryRE = regexp.MustCompile(`(https?://[^\s?"]*)\?[^\s"]*`)

func publicText(s string) string { return queryRE.ReplaceAllString(s, "$1?...") }

// serverStates is the server's hook (server.Config.SyncStates).
func (m *syncMonitor) serverStates() []server.SyncState {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	out := make([]server.SyncState, 0, len(m.states))
	for _, st := range m.states {
		out = append(out, server.SyncState{Dataset: st.Dataset, Source: publicText(st.Source), Format: st.Format, LastDay: st.LastDay,
			Runs: st.Runs, Failures: st.Failures, LastRun: st.LastRun, LastSuccess: st.LastSuccess, LastNote: st.LastNote,
			LastError: publicText(st.LastError), LastErrorAt: st.LastErrorAt, Failing: st.Failing, Running: st.Running(now),
			ErrorsSeen: m.seen[st.Dataset]})
	}
	return out
}
