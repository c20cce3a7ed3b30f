package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestMetricsCountEveryRequest sends requests from many goroutines and
// checks /metrics counts each one by route and code, in the counter and
// in the latency histogram, next to the Go runtime's and the process's
// metrics, with odd label values escaped.
func TestMetricsCountEveryRequest(t *testing.T) {
	s := fakeServer()
	h := s.Routes()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/tiles/2015-01-01/6/38/22.png", nil))
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/tiles/2015-13-01/6/38/22.png", nil))
			}
		})
	}
	wg.Wait()
	s.metrics.rendered("odd \"kind\"\nwith a \\ too", time.Millisecond)
	s.metrics.route("client_gone").observe(499, time.Millisecond)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatal(rec.Code)
	}
	if got := rec.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", got)
	}
	if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, "text/plain") {
		t.Errorf("Content-Type %q, want text/plain", got)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`frontline_http_requests_total{code="200",route="tile"} 200`,
		`frontline_http_requests_total{code="400",route="tile"} 200`,
		`frontline_http_requests_total{code="499",route="client_gone"} 1`,
		`frontline_http_request_duration_seconds_count{route="tile"} 400`,
		`frontline_http_request_duration_seconds_bucket{route="tile",le="+Inf"} 400`,
		`frontline_http_request_duration_seconds_bucket{route="tile",le="0.0005"} `,
		`frontline_http_request_duration_seconds_bucket{route="tile",le="10"} `,
		`frontline_tile_renders_total{kind="png"} 1`,
		`frontline_tile_render_seconds_count{kind="png"} 1`,
		`frontline_tile_renders_total{kind="odd \"kind\"\nwith a \\ too"} 1`,
		`frontline_cache_hits_total `,
		`frontline_cache_misses_total `,
		`frontline_cache_entries 1`,
		`frontline_cache_bytes `,
		`frontline_cache_limit_bytes `,
		`go_goroutines `,
		`go_memstats_heap_alloc_bytes `,
		`process_cpu_seconds_total `,
		`process_resident_memory_bytes `,
	} {
		if !strings.HasPrefix(body, want) && !strings.Contains(body, "\n"+want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if s.metrics.renderCount("png") != 1 || s.metrics.renderCount("mvt") != 0 {
		t.Errorf("renderCount: png %d, mvt %d; want 1 and 0", s.metrics.renderCount("png"), s.metrics.renderCount("mvt"))
	}
	if t.Failed() {
		t.Log(body)
	}
}

// TestSlowMetricsReaderDoesNotStallRenders holds a /metrics response
// half-written, to a client that reads nothing through small socket
// buffers, and checks a tile still renders (and another scrape still
// answers) meanwhile: a scrape may not hold a lock renders take while it
// writes to the network.
func TestSlowMetricsReaderDoesNotStallRenders(t *testing.T) {
	s := fakeServer()
	// Many render kinds make the response far bigger than the socket
	// buffers, so writing it blocks until the client reads.
	const fillers = 500
	for i := range fillers {
		s.metrics.rendered(fmt.Sprintf("filler-%03d", i), time.Millisecond)
	}
	routes := s.Routes()
	var inWrite atomic.Int64 // when a write of the first /metrics began (unix ns), or 0
	var watched atomic.Bool
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" && watched.CompareAndSwap(false, true) {
			w = &watchedWriter{ResponseWriter: w, inWrite: &inWrite}
		}
		routes.ServeHTTP(w, r)
	}))
	ts.Listener = &smallSendBufListener{Listener: ts.Listener}
	ts.Start()
	defer ts.Close()
	defer ts.CloseClientConnections()

	slow, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	if err := slow.(*net.TCPConn).SetReadBuffer(64 << 10); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(slow, "GET /metrics HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	// Wait until one write of the response has been stuck for a while.
	stuck := func() bool {
		start := inWrite.Load()
		return start != 0 && time.Since(time.Unix(0, start)) > 100*time.Millisecond
	}
	for deadline := time.Now().Add(5 * time.Second); !stuck(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the /metrics response never blocked on the unread connection")
		}
	}

	client := ts.Client()
	get := func(path string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+path, nil)
		resp, err := client.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %d: %s", resp.StatusCode, b)
		}
		return string(b), err
	}
	if _, err := get("/tiles/2015-01-01/6/38/22.png"); err != nil {
		t.Fatalf("an uncached tile while a /metrics reader is stuck: %v", err)
	}
	if s.metrics.renderCount("png") != 1 {
		t.Fatalf("%d png renders, want 1", s.metrics.renderCount("png"))
	}
	body, err := get("/metrics")
	if err != nil {
		t.Fatalf("a second scrape while the first is stuck: %v", err)
	}
	if !strings.Contains(body, "\n"+`frontline_tile_renders_total{kind="png"} 1`+"\n") {
		t.Errorf("the second scrape lacks the render")
	}
	if !stuck() {
		t.Fatal("the first /metrics response unblocked meanwhile; the test proves nothing")
	}

	// The stuck reader gets its whole response once it reads.
	slow.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(slow), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if last := fmt.Sprintf(`frontline_tile_renders_total{kind="filler-%03d"} 1`, fillers-1); !strings.Contains(string(b), last) {
		t.Errorf("the slow reader's response (%d bytes) lacks %q", len(b), last)
	}
	t.Logf("%d bytes", len(b))
}

// watchedWriter notes when a Write is under way.
type watchedWriter struct {
	http.ResponseWriter
	inWrite *atomic.Int64
}

func (w *watchedWriter) Write(b []byte) (int, error) {
	w.inWrite.Store(time.Now().UnixNano())
	defer w.inWrite.Store(0)
	return w.ResponseWriter.Write(b)
}

// smallSendBufListener gives every accepted connection a small send
// buffer, so a response the client does not read soon fills it.
type smallSendBufListener struct{ net.Listener }

func (l *smallSendBufListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(32 << 10)
	}
	return c, err
}
