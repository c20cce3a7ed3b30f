package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/paulmach/orb/maptile"
)

// baselineRun is the comparison of the current binary with one built from
// an earlier git revision (-baseline): the uncached tile throughput and the
// snapshot figures of both, measured in alternating rounds of one run.
type baselineRun struct {
	rev, commit   string
	bin           string // the baseline binary
	curDB, baseDB string // each binary's own copy of the database
	separate      bool   // the baseline could not open the current database: each binary imported its own
	rounds        int
	tiles         int
	cur, base     []roundResult
}

// roundResult is what one round measured of one binary.
type roundResult struct {
	png, mvt float64 // uncached tiles a second
	snap     snapshotResult
}

// buildBaseline builds cfg.baseline in a temporary git worktree (the working
// tree is not touched) into cfg.dir and removes the worktree again.
func buildBaseline(cfg config) (*baselineRun, error) {
	out, err := exec.Command("git", "rev-parse", "--verify", "--end-of-options", cfg.baseline+"^{commit}").Output()
	if err != nil {
		return nil, fmt.Errorf("-baseline %s: not a commit: %v", cfg.baseline, err)
	}
	b := &baselineRun{rev: cfg.baseline, commit: strings.TrimSpace(string(out)), rounds: cfg.rounds,
		bin:    filepath.Join(cfg.dir, "frontline-baseline"),
		curDB:  filepath.Join(cfg.dir, "current.db"),
		baseDB: filepath.Join(cfg.dir, "baseline.db")}
	wt := filepath.Join(cfg.dir, "baseline-src")
	log.Printf("building baseline %s (%.12s) in a git worktree", b.rev, b.commit)
	if out, err := exec.Command("git", "worktree", "add", "--detach", wt, b.commit).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("git worktree add: %v\n%s", err, out)
	}
	defer func() {
		if out, err := exec.Command("git", "worktree", "remove", "--force", wt).CombinedOutput(); err != nil {
			log.Printf("git worktree remove %s: %v\n%s", wt, err, out)
		}
	}()
	// The binary embeds static/app/vendor, which git ignores (npm ci makes
	// it): the baseline gets the current tree's.
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return nil, fmt.Errorf("git rev-parse --show-toplevel: %v", err)
	}
	vendor := filepath.Join(strings.TrimSpace(string(top)), "static", "app", "vendor")
	if st, err := os.Stat(vendor); err == nil && st.IsDir() {
		if err := os.CopyFS(filepath.Join(wt, "static", "app", "vendor"), os.DirFS(vendor)); err != nil {
			return nil, fmt.Errorf("copy %s into the baseline worktree: %v", vendor, err)
		}
	} else {
		log.Printf("no %s (make build makes it): the baseline is built without the web app's vendor files", vendor)
	}
	cmd := exec.Command("go", "build", "-o", b.bin, "./cmd/frontline")
	cmd.Dir = wt
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build of baseline %s: %v\n%s", b.rev, err, out)
	}
	return b, nil
}

// copyDatabases copies the database the current binary imported (and its
// WAL, if any) for each binary of the comparison.
func (b *baselineRun) copyDatabases(db string) error {
	for _, to := range []string{b.curDB, b.baseDB} {
		if err := copyDB(db, to); err != nil {
			return err
		}
	}
	return nil
}

func copyDB(from, to string) error {
	for _, suffix := range []string{"", "-wal"} {
		os.Remove(to + suffix)
		os.Remove(to + "-shm")
		if err := copyFile(from+suffix, to+suffix); err != nil {
			if suffix != "" && errors.Is(err, os.ErrNotExist) {
				continue
			}
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// usable starts bin on db and asks it for one tile.
func usable(ctx context.Context, cfg config, db string) error {
	srv, err := startServer(ctx, cfg, db)
	if err != nil {
		return err
	}
	defer srv.stop()
	_, err = fetch(ctx, http.DefaultClient, tileURL(srv.base, benchDay, maptile.New(150, 88, 8), "png"))
	return err
}

// compare measures both binaries in b.rounds rounds: in each, a fresh
// server of the baseline, then one of the current binary, never both at
// once, each measured for uncached png and mvt tiles and the snapshots,
// so that drift of the machine over the run falls on both alike.
func (b *baselineRun) compare(ctx context.Context, cfg config, tiles []maptile.Tile, r *report) error {
	bc := cfg
	bc.bin = b.bin
	if err := usable(ctx, bc, b.baseDB); err != nil {
		log.Printf("the baseline cannot serve the current binary's database (%v): importing with the baseline", firstLine(err))
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(b.baseDB + suffix)
		}
		if out, err := exec.Command(b.bin, "import", "--db", b.baseDB, "--dataset", "deepstate", "--region", "deepstate-occupied",
			"--side", "ru", "--status", "occupied", cfg.series).CombinedOutput(); err != nil {
			return fmt.Errorf("baseline import: %v\n%s", err, out)
		}
		if err := usable(ctx, bc, b.baseDB); err != nil {
			return fmt.Errorf("baseline %s on its own import: %v", b.rev, err)
		}
		b.separate = true
	}
	b.tiles = len(tiles)
	for i := range b.rounds {
		for _, side := range []struct {
			name string
			cfg  config
			db   string
			out  *[]roundResult
		}{{"baseline", bc, b.baseDB, &b.base}, {"current", cfg, b.curDB, &b.cur}} {
			log.Printf("baseline comparison, round %d of %d: %s", i+1, b.rounds, side.name)
			rr, err := measureRound(ctx, side.cfg, side.db, tiles)
			if err != nil {
				return fmt.Errorf("%s, round %d: %w", side.name, i+1, err)
			}
			log.Printf("  png %.0f tiles/s, mvt %.0f tiles/s, snapshot %.1f/%.1f/%.1f renders/s, timelapse %.0f ms a frame",
				rr.png, rr.mvt, rr.snap.rps1200, rr.snap.rpsNew1200, rr.snap.rps2400, rr.snap.msPerFrame)
			*side.out = append(*side.out, rr)
		}
	}
	r.baseline = b
	return nil
}

// measureRound starts a server of cfg.bin on db, measures it and stops it.
func measureRound(ctx context.Context, cfg config, db string, tiles []maptile.Tile) (roundResult, error) {
	var rr roundResult
	srv, err := startServer(ctx, cfg, db)
	if err != nil {
		return rr, err
	}
	defer srv.stop()
	png, err := measureUncached(ctx, cfg, srv, tiles, "png")
	if err != nil {
		return rr, err
	}
	mvt, err := measureUncached(ctx, cfg, srv, tiles, "mvt")
	if err != nil {
		return rr, err
	}
	rr.png, rr.mvt = png.tilesPerSec(), mvt.tilesPerSec()
	rr.snap, err = measureServerSnapshots(ctx, srv)
	return rr, err
}

// baselineFigures are the figures compared, each higher-is-better.
func baselineFigures(cfg config, tiles int) []struct {
	name, unit string
	get        func(roundResult) float64
} {
	return []struct {
		name, unit string
		get        func(roundResult) float64
	}{
		{fmt.Sprintf("uncached png tiles/s (%d clients, %d tiles)", cfg.conc, tiles), "%.0f", func(r roundResult) float64 { return r.png }},
		{fmt.Sprintf("uncached mvt tiles/s (%d clients, %d tiles)", cfg.conc, tiles), "%.0f", func(r roundResult) float64 { return r.mvt }},
		{"snapshot.png 1200×800 renders/s (uncached, 1 client)", "%.1f", func(r roundResult) float64 { return r.snap.rps1200 }},
		{"snapshot.png 1200×800, a new view each time, renders/s", "%.1f", func(r roundResult) float64 { return r.snap.rpsNew1200 }},
		{"snapshot.png 2400×1600 (scale 2) renders/s", "%.1f", func(r roundResult) float64 { return r.snap.rps2400 }},
		{"timelapse.gif frames/s (weekly, 2025-01-01 to 2025-03-31)", "%.1f", func(r roundResult) float64 {
			if r.snap.msPerFrame <= 0 {
				return 0
			}
			return 1000 / r.snap.msPerFrame
		}},
	}
}

// median is the median of the figure over the rounds.
func median(rs []roundResult, get func(roundResult) float64) float64 {
	if len(rs) == 0 {
		return 0
	}
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = get(r)
	}
	sort.Float64s(v)
	if n := len(v); n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[len(v)/2]
}

// markdown is the comparison's section of the report.
func (b *baselineRun) markdown(cfg config) string {
	var s strings.Builder
	current := "the working tree (`go build ./cmd/frontline`)"
	if cfg.bin != filepath.Join(cfg.dir, "frontline") {
		current = "`" + cfg.bin + "`"
	}
	db := "each on its own copy of the database the current binary imported"
	if b.separate {
		db = "each on the series imported by itself (the baseline cannot open the current binary's database)"
	}
	fmt.Fprintf(&s, "Against baseline %s (%.12s): current is %s. Medians of %d rounds; each round starts a fresh server of the baseline, measures it "+
		"(uncached png and mvt tiles, then the snapshots and the timelapse, as above), stops it, and then does the same with the current binary, "+
		"never both at once, %s. Every figure is a throughput: a drop of more than 10%% is marked.\n\n",
		b.rev, b.commit, current, b.rounds, db)
	s.WriteString("| figure | baseline | current | current/baseline | within 10% |\n|---|---|---|---|---|\n")
	for _, f := range baselineFigures(cfg, b.tiles) {
		base, cur := median(b.base, f.get), median(b.cur, f.get)
		pct, within := "n/a", "n/a"
		if base > 0 {
			p := 100 * cur / base
			pct = fmt.Sprintf("%.1f%%", p)
			within = "yes"
			if p < 90 {
				within = fmt.Sprintf("**no: %.1f%% drop**", 100-p)
			}
		}
		fmt.Fprintf(&s, "| %s | "+f.unit+" | "+f.unit+" | %s | %s |\n", f.name, base, cur, pct, within)
	}
	return s.String()
}

func firstLine(err error) string {
	line, _, _ := strings.Cut(err.Error(), "\n")
	return line
}
