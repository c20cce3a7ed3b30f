package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// server is a `frontline serve` process under test.
type server struct {
	cmd      *exec.Cmd
	base     string
	token    string        // its bearer token, sent with every nocache=1 request
	done     chan struct{} // closed when the process has exited
	stderr   *tailBuffer
	stopOnce sync.Once
}

// tailBuffer keeps the last 4 KB written to it: a server's stderr, for the
// error when it fails to start.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 4096 {
		t.buf = t.buf[len(t.buf)-4096:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startServer starts cfg.bin serve on db with cfg.token as its bearer
// token and waits until it answers /healthz. A process that exits first
// (a database it cannot open, say) is an error carrying its stderr.
func startServer(ctx context.Context, cfg config, db string) (*server, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, cfg.bin, "serve", "--db", db, "--addr", addr, "--cache-mb", strconv.Itoa(cfg.cacheMB))
	cmd.Env = append(os.Environ(), "FRONTLINE_TOKEN="+cfg.token) // not --token, which ps shows
	s := &server{cmd: cmd, base: "http://" + addr, token: cfg.token, done: make(chan struct{}), stderr: &tailBuffer{}}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		cmd.Wait()
		close(s.done)
	}()
	for i := 0; i < 100; i++ {
		select {
		case <-s.done:
			return nil, fmt.Errorf("%s serve exited: %v\n%s", cfg.bin, cmd.ProcessState, s.stderr)
		default:
		}
		if resp, err := http.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			return s, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("server did not start on %s\n%s", addr, s.stderr)
}

func (s *server) stop() {
	s.stopOnce.Do(func() {
		s.cmd.Process.Signal(os.Interrupt)
		<-s.done
	})
}

// rssMB is the server's resident memory now.
func (s *server) rssMB() float64 { return pidRSSMB(s.cmd.Process.Pid) }

var vmRSSRE = regexp.MustCompile(`VmRSS:\s+(\d+) kB`)

var rendersRE = regexp.MustCompile(`frontline_tile_renders_total\{kind="([a-z0-9-]+)"\} (\S+)`)

// renders reads the render counters from /metrics.
func (s *server) renders() (map[string]int, error) {
	resp, err := http.Get(s.base + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := map[string]int{}
	for _, m := range rendersRE.FindAllSubmatch(b, -1) {
		n, _ := strconv.ParseFloat(string(m[2]), 64) // 1e+06 past a million
		out[string(m[1])] = int(n)
	}
	return out, nil
}

func measureImport(cfg config, db string, r *report) error {
	var err error
	if r.importSecs, r.importRSSMB, err = timeImport(cfg, db); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	st, err := os.Stat(db)
	if err != nil {
		return err
	}
	r.dbMB = float64(st.Size()) / (1 << 20)
	if b, err := os.ReadFile(db + "-wal"); err == nil {
		r.dbMB += float64(len(b)) / (1 << 20)
	}
	if r.reimportSecs, _, err = timeImport(cfg, db); err != nil {
		return fmt.Errorf("re-import: %w", err)
	}
	return nil
}

// timeImport imports the series into db (a SQLite file or a PostgreSQL
// URL) with cfg.bin and returns how long it took and its peak RSS.
func timeImport(cfg config, db string) (secs, rssMB float64, err error) {
	cmd := exec.Command(cfg.bin, "import", "--db", db, "--dataset", "deepstate", "--region", "deepstate-occupied",
		"--side", "ru", "--status", "occupied", cfg.series)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, 0, fmt.Errorf("%v\n%s", err, out)
	}
	secs = time.Since(start).Seconds()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rssMB = float64(ru.Maxrss) / 1024
	}
	return secs, rssMB, nil
}

// watchRSS samples the server's resident memory every 100 ms until stop
// is closed, then sends the peak it saw (the last sample included).
func (s *server) watchRSS(stop <-chan struct{}) <-chan float64 {
	return watchPidRSS(s.cmd.Process.Pid, stop)
}
