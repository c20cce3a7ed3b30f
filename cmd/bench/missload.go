package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb/encoding/mvt"
)

// The load that misses the cache draws (tile, day) pairs from streams of
// the Park-Miller generator, x <- 48271 x mod (2^31 - 1): every product
// stays under 2^47, exact in Lua's doubles, so wrk's script (thread i
// draws stream i), Mapnik's workers (process i, stream i) and the tests
// draw the same pairs in the same order. A pair is two draws: the tile's
// index, then the day's.
const (
	pmMod = 2147483647
	pmMul = 48271
)

// missSeed is stream i's first state.
func missSeed(i int) int64 { return 12345 + 1000003*int64(i) }

// pairStream is one stream of pairs.
type pairStream struct{ x int64 }

// newMissStream is stream i as wrk's thread i asks it: wrk calls thread
// 0's request() once before the run to check the script (wrk 4's
// script_verify_request), so that thread's first request is its second
// pair. TestMissScriptDrawsTheStreams checks this against the wrk
// installed; Mapnik's process 0 skips a pair too.
func newMissStream(i int) *pairStream {
	s := &pairStream{x: missSeed(i)}
	if i == 0 {
		s.pair(1, 1)
	}
	return s
}

func (s *pairStream) next() int64 {
	s.x = s.x * pmMul % pmMod
	return s.x
}

// pair draws the next pair's tile and day indexes.
func (s *pairStream) pair(nTiles, nDays int) (tile, day int) {
	tile = int(s.next() % int64(nTiles))
	day = int(s.next() % int64(nDays))
	return tile, day
}

// missPattern is a server's request path for a pair: "{tile}" becomes
// z/x/y and "{day}" the day as the server takes it.
type missPattern string

func (p missPattern) path(tile, day string) string {
	return strings.NewReplacer("{tile}", tile, "{day}", day).Replace(string(p))
}

// lua is the pattern as a Lua expression of the strings t and d.
func (p missPattern) lua() string {
	var parts []string
	s := string(p)
	for s != "" {
		i, name := len(s), ""
		for _, ph := range []string{"{tile}", "{day}"} {
			if j := strings.Index(s, ph); j >= 0 && j < i {
				i, name = j, ph
			}
		}
		if i > 0 {
			parts = append(parts, luaString(s[:i]))
		}
		switch name {
		case "{tile}":
			parts = append(parts, "t")
		case "{day}":
			parts = append(parts, "d")
		}
		s = s[i+len(name):]
	}
	return strings.Join(parts, " .. ")
}

// luaString is s as a Lua string literal (the paths are ASCII).
func luaString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// missScript is the wrk script of the load: each thread draws its own
// stream of pairs and asks pattern's path of each, with gzip.
func missScript(p missPattern, tiles, days []string) string {
	var b strings.Builder
	list := func(name string, vs []string) {
		fmt.Fprintf(&b, "local %s = {", name)
		for i, v := range vs {
			if i%16 == 0 {
				b.WriteString("\n ")
			}
			b.WriteString(" " + luaString(v) + ",")
		}
		b.WriteString("\n}\n")
	}
	list("tiles", tiles)
	list("days", days)
	fmt.Fprintf(&b, `local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local x
function init(args)
  x = %d + %d * tid
end
local function nxt()
  x = (x * %d) %% %d
  return x
end
wrk.headers["Accept-Encoding"] = "gzip"
request = function()
  local t = tiles[nxt() %% #tiles + 1]
  local d = days[nxt() %% #days + 1]
  return wrk.format("GET", %s)
end
`, missSeed(0), missSeed(1)-missSeed(0), pmMul, pmMod, p.lua())
	return b.String()
}

// missWrkArgs is wrk's command line for the load: two threads of 8
// connections each, the latency distribution.
func missWrkArgs(d time.Duration, script, base string) []string {
	return []string{"-t2", "-c16", "-d" + strconv.Itoa(int(d.Seconds())) + "s", "--timeout", "10s", "--latency", "-s", script, base}
}

// runMissWrk runs the load against base, whose server is process pid
// (and reads from pg when not nil), and measures the server's peak RSS
// and CPU, and PostgreSQL's CPU, per request.
func runMissWrk(ctx context.Context, cfg config, run *missRun, base string, pid int, pg *pgCluster, pattern missPattern, tiles, days []string) error {
	script := filepath.Join(cfg.dir, "miss.lua")
	if err := os.WriteFile(script, []byte(missScript(pattern, tiles, days)), 0o644); err != nil {
		return err
	}
	cpu0, err := procCPU(pid, false)
	if err != nil {
		return err
	}
	var pg0 time.Duration
	if pg != nil {
		if pg0, err = pg.cpu(); err != nil {
			return err
		}
	}
	stop := make(chan struct{})
	peak := watchPidRSS(pid, stop)
	cmd := exec.CommandContext(ctx, "wrk", missWrkArgs(cfg.missDur, script, base)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	cpu1, cerr := procCPU(pid, false)
	close(stop)
	run.rssMB = <-peak
	if err != nil {
		return fmt.Errorf("wrk: %v\n%s", err, out.String())
	}
	if cerr != nil {
		return cerr
	}
	run.wrkFigures = readWrk(out.Bytes())
	if run.requests == 0 {
		return fmt.Errorf("wrk: no requests\n%s", out.String())
	}
	n := time.Duration(run.requests)
	run.cpu = (cpu1 - cpu0) / n
	if pg != nil {
		pg1, err := pg.cpu()
		if err != nil {
			return err
		}
		run.pgCPU = (pg1 - pg0) / n
	}
	return nil
}

// clockTick is the unit of /proc's CPU times (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// procStat is the fields of /proc/PID/stat after the command name:
// [0] is the state, [1] the parent, [11], [12] user and system time,
// [13], [14] those of reaped children.
func procStat(pid int) ([]string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil, err
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil, fmt.Errorf("/proc/%d/stat: %q", pid, b)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 15 {
		return nil, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	return f, nil
}

// procCPU is a process's user and system CPU time so far, with that of
// its reaped children if children.
func procCPU(pid int, children bool) (time.Duration, error) {
	f, err := procStat(pid)
	if err != nil {
		return 0, err
	}
	idx := []int{11, 12}
	if children {
		idx = append(idx, 13, 14)
	}
	var ticks int64
	for _, i := range idx {
		v, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/stat field %d: %v", pid, i, err)
		}
		ticks += v
	}
	return time.Duration(ticks) * clockTick, nil
}

// childPIDs are the processes whose parent is pid.
func childPIDs(pid int) []int {
	ents, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if f, err := procStat(p); err == nil && f[1] == strconv.Itoa(pid) {
			out = append(out, p)
		}
	}
	return out
}

// cpu is the CPU time the cluster's processes have used so far: the
// postmaster with its reaped children (backends that ended) and the
// children still running.
func (p *pgCluster) cpu() (time.Duration, error) {
	b, err := os.ReadFile(filepath.Join(p.dir, "data", "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		return 0, fmt.Errorf("postmaster.pid: %v", err)
	}
	total, err := procCPU(pid, true)
	if err != nil {
		return 0, err
	}
	for _, c := range childPIDs(pid) {
		if d, err := procCPU(c, false); err == nil { // one that just ended is in the postmaster's
			total += d
		}
	}
	return total, nil
}

// pidRSSMB is a process's resident memory now (0 once it has ended).
func pidRSSMB(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	m := vmRSSRE.FindSubmatch(b)
	if m == nil {
		return 0
	}
	kb, _ := strconv.Atoi(string(m[1]))
	return float64(kb) / 1024
}

// watchPidRSS samples a process's resident memory every 100 ms until
// stop is closed, then sends the peak it saw (the last sample included).
func watchPidRSS(pid int, stop <-chan struct{}) <-chan float64 {
	out := make(chan float64, 1)
	go func() {
		peak := pidRSSMB(pid)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				out <- max(peak, pidRSSMB(pid))
				return
			case <-tick.C:
				peak = max(peak, pidRSSMB(pid))
			}
		}
	}()
	return out
}

// loadAvg is the machine's load average (1, 5 and 15 minutes).
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}

// samplePair is a pair the vector peers are checked on: the features of
// frontline's control layer there.
type samplePair struct {
	tile, day, dayNum string
	features          int
}

// missSampleStream is the stream of the sample pairs, one no wrk thread
// or Mapnik process draws.
const missSampleStream, missSamples = 7, 10

// missSample draws the sample pairs and counts frontline's control
// features in each (base serves pattern).
func missSample(ctx context.Context, base string, pattern missPattern, tiles, days, dayNums []string) ([]samplePair, error) {
	s := newMissStream(missSampleStream)
	var out []samplePair
	for range missSamples {
		ti, di := s.pair(len(tiles), len(days))
		p := samplePair{tile: tiles[ti], day: days[di], dayNum: dayNums[di]}
		var err error
		if p.features, err = controlFeatures(ctx, base+pattern.path(p.tile, p.day)); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// checkSample asks a peer (pattern of day numbers) for the sample pairs
// and says in how many its control layer has as many features as
// frontline's.
func checkSample(ctx context.Context, base string, pattern missPattern, sample []samplePair) string {
	same := 0
	var diff []string
	for _, p := range sample {
		n, err := controlFeatures(ctx, base+pattern.path(p.tile, p.dayNum))
		if err != nil {
			return "sample check failed: " + err.Error()
		}
		if n == p.features {
			same++
		} else {
			diff = append(diff, fmt.Sprintf("%s on %s: %d, frontline %d", p.tile, p.day, n, p.features))
		}
	}
	s := fmt.Sprintf("as many control features as frontline's in %d of %d sample pairs", same, len(sample))
	if len(diff) > 0 {
		s += " (" + strings.Join(diff, "; ") + ")"
	}
	return s
}

// controlFeatures counts the features of the control layer of the
// vector tile at u (none: 0).
func controlFeatures(ctx context.Context, u string) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := http.DefaultClient.Do(req) // gzip asked and undone by the transport
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	switch {
	case resp.StatusCode == http.StatusNoContent || resp.StatusCode == http.StatusOK && len(b) == 0:
		return 0, nil
	case resp.StatusCode != http.StatusOK:
		return 0, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	layers, err := mvt.Unmarshal(b)
	if err != nil {
		return 0, fmt.Errorf("GET %s: %v", u, err)
	}
	for _, l := range layers {
		if l.Name == "control" {
			return len(l.Features), nil
		}
	}
	return 0, nil
}
