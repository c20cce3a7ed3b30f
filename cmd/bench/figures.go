package main

// The stored figures (#23), measured on DeepStateMap's whole archive with
// its other measures (archive.go): every figure of every change day
// measured anew (in a child process of the harness, whose peak RSS is
// that of the measure), the figures by oblast of a day asked of a server
// just started, and /api/series of the whole history.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/frontline-map/frontline/data/store"
)

// envRefresh names, in the child process, the database whose figures it
// measures anew; envDataset its dataset.
const envRefresh, envDataset = "FRONTLINE_BENCH_REFRESH", "FRONTLINE_BENCH_DATASET"

// refreshChild drops the stored figures of the database named by
// envRefresh and measures them all again, printing the seconds it took as
// JSON. It is the harness run again as a child (runFigures).
func refreshChild() {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{Path: os.Getenv(envRefresh), NoSeed: true})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	for _, t := range []string{"figures", "figure_days", "figures_revision"} {
		if _, err := s.DB().ExecContext(ctx, "DELETE FROM "+t); err != nil {
			log.Fatal(err)
		}
	}
	start := time.Now()
	if err := s.RefreshFigures(ctx, os.Getenv(envDataset)); err != nil {
		log.Fatal(err)
	}
	json.NewEncoder(os.Stdout).Encode(map[string]float64{"secs": time.Since(start).Seconds()})
}

// figuresRun is what runFigures measured.
type figuresRun struct {
	days                    int
	refreshSecs, refreshRSS float64
	firstByOblast           []time.Duration // one a fresh server
	seriesFirst             time.Duration
	series, seriesOblast    []time.Duration
	seriesCSV               []time.Duration
	seriesBytes, oblastB    int
}

// measureFigures measures the figures of the archive's database db
// (dataset cfg.archiveDataset, the run's own copy: its stored figures are dropped and
// measured again).
func measureFigures(ctx context.Context, cfg config, db string) (*figuresRun, error) {
	var r figuresRun
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	log.Printf("archive: every figure measured anew")
	child := exec.CommandContext(ctx, self)
	child.Env = append(os.Environ(), envRefresh+"="+db, envDataset+"="+cfg.archiveDataset)
	child.Stderr = os.Stderr
	out, err := child.Output()
	if err != nil {
		return nil, fmt.Errorf("figures: %v", err)
	}
	var res struct{ Secs float64 }
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("figures: %v: %s", err, out)
	}
	r.refreshSecs = res.Secs
	if ru, ok := child.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.refreshRSS = float64(ru.Maxrss) / 1024
	}
	log.Printf("archive: figures by oblast from fresh servers, /api/series")
	if err := measureFigureReads(ctx, cfg, db, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// measureFigureReads asks fresh servers for a day's figures by oblast,
// first thing, then one server for the series of the whole history.
func measureFigureReads(ctx context.Context, cfg config, db string, r *figuresRun) error {
	ds := "?dataset=" + url.QueryEscape(cfg.archiveDataset)
	for i := range 5 {
		s, err := startServer(ctx, cfg, db)
		if err != nil {
			return err
		}
		d, _, err := timedGet(s.base + "/api/stats" + ds + "&by=oblast&day=2024-0" + fmt.Sprint(i+1) + "-15")
		s.stop()
		if err != nil {
			return err
		}
		r.firstByOblast = append(r.firstByOblast, d)
	}
	s, err := startServer(ctx, cfg, db)
	if err != nil {
		return err
	}
	defer s.stop()
	var body []byte
	if r.seriesFirst, body, err = timedGet(s.base + "/api/series" + ds); err != nil {
		return err
	}
	var fs struct{ Days []any }
	if err := json.Unmarshal(body, &fs); err != nil {
		return err
	}
	r.days, r.seriesBytes = len(fs.Days), len(body)
	for range 20 {
		for _, q := range []struct {
			path string
			to   *[]time.Duration
		}{{"", &r.series}, {"&by=oblast", &r.seriesOblast}, {"&format=csv", &r.seriesCSV}} {
			d, b, err := timedGet(s.base + "/api/series" + ds + q.path)
			if err != nil {
				return err
			}
			*q.to = append(*q.to, d)
			if q.path == "&by=oblast" {
				r.oblastB = len(b)
			}
		}
	}
	return nil
}

// timedGet gets url (200 only) and says how long the answer took, whole.
func timedGet(url string) (time.Duration, []byte, error) {
	start := time.Now()
	resp, err := http.Get(url)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	d := time.Since(start)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %d %s", url, resp.StatusCode, b)
	}
	return d, b, err
}

func medianDur(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// markdown is the rows of the figures' measures in the archive's table.
func (r *figuresRun) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "| every figure of the %d change days measured anew (`RefreshFigures`, the stored figures dropped first; a process of its own) | **%.1f s**, peak RSS %.0f MB | under 20 s |\n",
		r.days, r.refreshSecs, r.refreshRSS)
	fmt.Fprintf(&b, "| a day's figures by oblast, the first request of a server just started (5 servers, 5 days) | **median %s**, at most %s | under 50 ms |\n",
		ms(medianDur(r.firstByOblast)), ms(slices.Max(r.firstByOblast)))
	fmt.Fprintf(&b, "| `/api/series` of the whole history (%d entries, %d KB) | first request %s; then **median %s** of 20 | under 100 ms |\n",
		r.days, r.seriesBytes/1000, ms(r.seriesFirst), ms(medianDur(r.series)))
	fmt.Fprintf(&b, "| `/api/series?by=oblast` (%d KB), `&format=csv` | median %s, %s of 20 | |\n",
		r.oblastB/1000, ms(medianDur(r.seriesOblast)), ms(medianDur(r.seriesCSV)))
	return b.String()
}
