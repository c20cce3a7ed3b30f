package main

// Tests of the defects found in review and under attack (issue "Hardening"):
// each goes through a real listener or the CLI, as a user or an attacker
// meets the server, so that it survives any move of packages.

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/server"
)

// hookStore puts a hook in front of Stats, which a snapshot of all of
// Ukraine calls while it draws (inside the shared render).
type hookStore struct {
	*store.Store
	stats func(ctx context.Context, day geo.Day) error
}

func (h *hookStore) Stats(ctx context.Context, dataset string, day geo.Day) (geo.Stats, error) {
	if err := h.stats(ctx, day); err != nil {
		return geo.Stats{}, err
	}
	return h.Store.Stats(ctx, dataset, day)
}

// getCtx is get with a context and a client-side deadline of its own.
func getCtx(ctx context.Context, url string) (int, []byte, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// wantJSONError checks a 4xx/5xx answer is the JSON error body with code,
// and that it is short (it must not echo a big input).
func wantJSONError(t *testing.T, what string, resp *http.Response, body []byte, code int) {
	t.Helper()
	wantJSONErrorMax(t, what, resp, body, code, 2000)
}

func wantJSONErrorMax(t *testing.T, what string, resp *http.Response, body []byte, code, maxBytes int) {
	t.Helper()
	var e struct {
		Error  string
		Status int
	}
	if resp.StatusCode != code || json.Unmarshal(body, &e) != nil || e.Status != code || e.Error == "" {
		t.Errorf("%s: got %d %q, want %d with a JSON error", what, resp.StatusCode, cut(body), code)
	}
	if len(body) > maxBytes {
		t.Errorf("%s: error body of %d bytes: it echoes its input", what, len(body))
	}
	if strings.Contains(string(body), "geo: ") || strings.Contains(string(body), "data: ") {
		t.Errorf("%s: package prefix in %q", what, cut(body))
	}
}

func cut(b []byte) string { return string(b[:min(len(b), 300)]) }

// postWith posts body with a content type and the token.
func postWith(t *testing.T, url string, body []byte) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// tarGz packs files (name, content) in order into a .tar.gz.
func tarGz(t testing.TB, files ...[2]string) []byte {
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

// square is a GeoJSON polygon feature of a square at lon, lat with side d.
func square(lon, lat, d float64, props string) string {
	return fmt.Sprintf(`{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}`,
		props, lon, lat, lon+d, lat, lon+d, lat+d, lon, lat+d, lon, lat)
}

func collection(feats ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(feats, ",") + `]}`
}

// dayFile is one day of a small series: a square that grows with n.
func dayFile(day string, n int) [2]string {
	return [2]string{"day-" + day + ".geojson", collection(square(36, 48, 0.1+0.001*float64(n), ""))}
}

func seriesOf(t testing.TB, days int) []byte {
	var files [][2]string
	d0 := geo.MustParseDay("2025-01-01")
	for i := range days {
		files = append(files, dayFile(d0.AddDays(i).String(), i))
	}
	return tarGz(t, files...)
}

func hasDataset(t *testing.T, base, name string) bool {
	t.Helper()
	_, body := get(t, base+"/api/datasets")
	return strings.Contains(string(body), `"`+name+`"`)
}

// TestSharedRenderPanicAndCancel: (1) a panic inside a shared render gives
// every waiter a 500 and leaves no key blocked; a picture shared by two
// clients still reaches the one that stays when the other leaves; the
// shared work is cancelled when the last one has gone. (3) A client that
// leaves is logged as 499, not as an error.
func TestSharedRenderPanicAndCancel(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan geo.Day, 16)
	cancelled := make(chan geo.Day, 16)
	panicDay, shareDay, leaveDay := geo.MustParseDay("2025-01-20"), geo.MustParseDay("2025-01-21"), geo.MustParseDay("2025-01-22")
	var logBuf syncBuffer
	base, _ := testServerWith(t, testSetup{log: &logBuf, wrap: func(s *store.Store) server.Store {
		return &hookStore{Store: s, stats: func(ctx context.Context, day geo.Day) error {
			switch day {
			case panicDay:
				panic("boom in a render")
			case shareDay, leaveDay:
				entered <- day
				select {
				case <-release:
					if day == shareDay {
						return nil
					}
				case <-ctx.Done():
					cancelled <- day
					return ctx.Err()
				}
				<-ctx.Done()
				cancelled <- day
				return ctx.Err()
			}
			return nil
		}}
	}})
	pic := func(day geo.Day) string {
		return base + "/snapshot.png?day=" + day.String() + "&bbox=22,44,41,53&width=300&height=200"
	}

	t.Run("panic", func(t *testing.T) {
		var wg sync.WaitGroup
		codes := make([]int, 4)
		for i := range codes {
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				codes[i], _, _ = getCtx(ctx, pic(panicDay))
			})
		}
		wg.Wait()
		for i, c := range codes {
			if c != http.StatusInternalServerError {
				t.Errorf("request %d of a panicking render: got %d, want 500", i, c)
			}
		}
		// The key is not left blocked: a later request answers.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if code, body, err := getCtx(ctx, pic(panicDay)); err != nil || code != http.StatusInternalServerError {
			t.Fatalf("a later request for the same picture: %d %v %q, want 500 (not a hang)", code, err, cut(body))
		}
		if resp, _ := get(t, base+"/healthz"); resp.StatusCode != 200 {
			t.Fatalf("healthz after a panic: %d", resp.StatusCode)
		}
	})

	t.Run("shared picture outlives its first client", func(t *testing.T) {
		actx, acancel := context.WithCancel(context.Background())
		aDone := make(chan int, 1)
		go func() { c, _, _ := getCtx(actx, pic(shareDay)); aDone <- c }()
		if d := <-entered; d != shareDay {
			t.Fatalf("entered %s", d)
		}
		type result struct {
			code int
			body []byte
			err  error
		}
		bDone := make(chan result, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			c, b, err := getCtx(ctx, pic(shareDay))
			bDone <- result{c, b, err}
		}()
		time.Sleep(500 * time.Millisecond) // B has planned and joined A's render
		acancel()
		<-aDone
		time.Sleep(200 * time.Millisecond)
		close(release)
		r := <-bDone
		if r.err != nil || r.code != http.StatusOK {
			t.Fatalf("the client that stayed: %d %v %q, want 200", r.code, r.err, cut(r.body))
		}
		decodePNG(t, r.body)
	})

	t.Run("last waiter gone cancels the work", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { getCtx(ctx, pic(leaveDay)); close(done) }()
		select {
		case d := <-entered:
			if d != leaveDay {
				t.Fatalf("entered %s", d)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("the render never started")
		}
		cancel()
		<-done
		select {
		case <-cancelled:
		case <-time.After(10 * time.Second):
			t.Fatal("the shared work went on after its only client left")
		}
	})

	// The client that left is the client's doing: 499, no error log.
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, metrics := get(t, base+"/metrics")
		if strings.Contains(string(metrics), `code="499"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics counts no 499:\n%s", grep(string(metrics), "frontline_http_requests_total"))
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, line := range strings.Split(logBuf.String(), "\n") {
		if strings.Contains(line, `"level":"ERROR"`) && (strings.Contains(line, shareDay.String()) || strings.Contains(line, leaveDay.String())) {
			t.Errorf("a client that left was logged as an error: %s", line)
		}
		if strings.Contains(line, `"level":"ERROR"`) && strings.Contains(line, panicDay.String()) && !strings.Contains(line, "boom in a render") {
			t.Errorf("a panic is logged without its value: %s", line)
		}
	}
}

// syncBuffer is a bytes.Buffer that several goroutines may write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestClientMistakesAre4xx: (4) hostile dataset names, a series that is not
// a .tar.gz, failing URL fetches and a slow body are the client's mistakes.
func TestClientMistakesAre4xx(t *testing.T) {
	slow := serverTimeouts{readHeader: 2 * time.Second, read: time.Second, write: 10 * time.Second, idle: 10 * time.Second}
	base, _ := testServerWith(t, testSetup{imports: importOptions{allowPrivate: true}, timeouts: &slow})
	long := strings.Repeat("a", 5000)
	for _, name := range []string{"x' OR 1=1--", "../", long, "-", "Seed"} {
		q := "dataset=" + urlQuery(name)
		for _, p := range []string{"/tiles/2025-01-20/5/18/11.png?", "/tiles/2025-01-20/5/18/11.mvt?", "/api/stats?day=2025-01-20&", "/snapshot.png?day=2025-01-20&"} {
			resp, body := get(t, base+p+q)
			wantJSONError(t, "GET "+p+cutS(name), resp, body, http.StatusBadRequest)
		}
		resp, body := postWith(t, base+"/api/import?"+q, []byte(collection(square(36, 48, 0.1, `"region":"r","side":"ru","status":"occupied","valid_from":"2025-01-01"`))))
		wantJSONError(t, "POST /api/import dataset "+cutS(name), resp, body, http.StatusBadRequest)
	}

	resp, body := postWith(t, base+"/api/import?dataset=t&series=1", []byte("this is not gzip at all"))
	wantJSONError(t, "a series body that is not gzip", resp, body, http.StatusBadRequest)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("gzip, but not a tar archive, and long enough to be read as a header block........" + strings.Repeat(".", 600)))
	zw.Close()
	resp, body = postWith(t, base+"/api/import?dataset=t&series=1", gz.Bytes())
	wantJSONError(t, "a series body that is gzip but not tar", resp, body, http.StatusBadRequest)
	good := seriesOf(t, 3)
	resp, body = postWith(t, base+"/api/import?dataset=t&series=1&region=r&side=ru&status=occupied", good[:len(good)/2])
	wantJSONError(t, "a cut .tar.gz", resp, body, http.StatusBadRequest)

	// URL fetches that fail: all 400 with one message.
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedURL := "http://" + closed.Addr().String() + "/s.tar.gz"
	closed.Close()
	notFound := httptest.NewServer(http.NotFoundHandler())
	defer notFound.Close()
	loop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
	}))
	defer loop.Close()
	var msgs []string
	for _, u := range []string{closedURL, notFound.URL + "/s.tar.gz", loop.URL + "/s.tar.gz"} {
		resp, body := postWith(t, base+"/api/import?dataset=t&region=r&side=ru&status=occupied&url="+urlQuery(u), nil)
		wantJSONError(t, "url "+u, resp, body, http.StatusBadRequest)
		var e struct{ Error string }
		json.Unmarshal(body, &e)
		msgs = append(msgs, strings.Replace(e.Error, u, "URL", 1))
	}
	if msgs[0] != msgs[1] || msgs[1] != msgs[2] {
		t.Errorf("fetch failures are told apart: %q", msgs)
	}

	// A body that trickles in past the read timeout: 408, not 500.
	addr := strings.TrimPrefix(base, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/import?dataset=t HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 100000\r\n\r\n{\"type\":", testToken)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	sr, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("slow body: no answer: %v", err)
	}
	sbody, _ := io.ReadAll(sr.Body)
	wantJSONError(t, "a slow body", sr, sbody, http.StatusRequestTimeout)
	if hasDataset(t, base, "t") {
		t.Error("a rejected import created its dataset")
	}
}

func urlQuery(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", " ", "%20", "#", "%23", "'", "%27", "=", "%3D", "?", "%3F").Replace(s)
}

func cutS(s string) string { return s[:min(len(s), 20)] }

// TestImportWhoseClientLeavesRollsBack: (5) an import runs under its
// request: a client that leaves while the import waits for the database
// rolls it back; an import past its deadline answers (413, use the CLI)
// and writes nothing.
func TestImportWhoseClientLeavesRollsBack(t *testing.T) {
	base, s := testServerWith(t, testSetup{})
	// Another writer holds the database, as a second process would.
	ctx := context.Background()
	hold, err := s.DB().BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.ExecContext(ctx, `UPDATE settings SET value = value WHERE 0`); err != nil {
		t.Fatal(err)
	}
	body := seriesOf(t, 5)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /api/import?dataset=left&series=1&region=r&side=ru&status=occupied HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n\r\n", testToken, len(body))
	conn.Write(body)
	time.Sleep(700 * time.Millisecond) // the import has read the body and waits for the lock
	conn.Close()
	time.Sleep(300 * time.Millisecond)
	if err := hold.Rollback(); err != nil {
		t.Fatal(err)
	}
	// Whatever the import does now, it must not commit: wait for it to end
	// (the next import gets the import slot), then look.
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, b := postWith(t, base+"/api/import?dataset=probe&series=1&region=r&side=ru&status=occupied", seriesOf(t, 1))
		if resp.StatusCode == http.StatusOK {
			break
		}
		if resp.StatusCode != http.StatusTooManyRequests || time.Now().After(deadline) {
			t.Fatalf("probe import: %d %s", resp.StatusCode, cut(b))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if hasDataset(t, base, "left") {
		t.Fatal("an import whose client left was committed")
	}
	var n int
	s.DB().QueryRow(`SELECT count(*) FROM datasets WHERE name = 'left'`).Scan(&n)
	if n != 0 {
		t.Fatal("the dataset of an import whose client left is in the database")
	}
}

// TestImportDeadline: an HTTP import that cannot finish in its deadline
// answers 413 (use the CLI) and writes nothing.
func TestImportDeadline(t *testing.T) {
	base, s := testServerWith(t, testSetup{cfg: server.Config{ImportTimeout: 300 * time.Millisecond}})
	hold, err := s.DB().BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	start := time.Now()
	resp, body := postWith(t, base+"/api/import?dataset=late&series=1&region=r&side=ru&status=occupied", seriesOf(t, 5))
	wantJSONError(t, "an import past its deadline", resp, body, http.StatusRequestEntityTooLarge)
	if !strings.Contains(string(body), "frontline import") {
		t.Errorf("the error does not send the job to the CLI: %s", body)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("answered after %s, want about the deadline", d)
	}
	hold.Rollback()
	if hasDataset(t, base, "late") {
		t.Error("an import past its deadline was committed")
	}
}

// TestImportOneAtATime: (6) a second import while one runs gets 429 with
// Retry-After.
func TestImportOneAtATime(t *testing.T) {
	base, s := testServerWith(t, testSetup{})
	hold, err := s.DB().BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	type answer struct {
		resp *http.Response
		body []byte
	}
	answers := make(chan answer, 2)
	for _, name := range []string{"first", "second"} {
		go func() {
			resp, body := postWith(t, base+"/api/import?dataset="+name+"&series=1&region=r&side=ru&status=occupied", seriesOf(t, 2))
			answers <- answer{resp, body}
		}()
	}
	// While the database is held, one import waits for it and the other
	// is told to come back.
	a := <-answers
	wantJSONError(t, "a second import", a.resp, a.body, http.StatusTooManyRequests)
	if a.resp.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	hold.Rollback()
	if a := <-answers; a.resp.StatusCode != http.StatusOK {
		t.Errorf("the import that waited: %d %s", a.resp.StatusCode, cut(a.body))
	}
}

// TestURLImportRefusesPrivateAddresses: (7) a URL import of a loopback
// address is refused before anything is fetched, unless the server allows
// private addresses.
func TestURLImportRefusesPrivateAddresses(t *testing.T) {
	var hits atomic.Int32
	series := seriesOf(t, 3)
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write(series)
	}))
	defer src.Close()
	port := src.URL[strings.LastIndex(src.URL, ":")+1:]
	base, _ := testServer(t)
	for _, u := range []string{src.URL + "/s.tar.gz", "http://localhost:" + port + "/s.tar.gz", "http://[::ffff:127.0.0.1]:" + port + "/s.tar.gz", "http://0.0.0.0:" + port + "/s.tar.gz"} {
		resp, body := postWith(t, base+"/api/import?dataset=u&region=r&side=ru&status=occupied&url="+urlQuery(u), nil)
		wantJSONError(t, "url "+u, resp, body, http.StatusBadRequest)
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the source was fetched %d times", n)
	}
	allowing, _ := testServerWith(t, testSetup{imports: importOptions{allowPrivate: true}})
	resp, body := postWith(t, allowing+"/api/import?dataset=u&region=r&side=ru&status=occupied&url="+urlQuery(src.URL+"/s.tar.gz"), nil)
	if resp.StatusCode != http.StatusOK || hits.Load() != 1 {
		t.Fatalf("with private addresses allowed: %d %s, %d fetches", resp.StatusCode, cut(body), hits.Load())
	}
}

// TestSmallerDefects: (8) capped problem lists and echoes, days in file
// names, the range of days, nocache for the token holder, /api/diff
// remembered by content.
func TestSmallerDefects(t *testing.T) {
	base, _ := testServer(t)

	// A series of many bad files: the error lists some and counts all.
	var bad [][2]string
	for i := range 300 {
		bad = append(bad, [2]string{fmt.Sprintf("bad-%03d-2025-01-01.geojson", i), `{"type":"FeatureCollection","features":[` + strings.Repeat(" ", 100) + `}`})
	}
	resp, body := postWith(t, base+"/api/import?dataset=t&series=1&region=r&side=ru&status=occupied", tarGz(t, bad...))
	wantJSONErrorMax(t, "300 broken files", resp, body, http.StatusBadRequest, 20000)
	if !strings.Contains(string(body), "300 problems") {
		t.Errorf("the error does not count the problems: %s", cut(body))
	}

	// An article with a 3 MB title: refused, and not echoed.
	title := strings.Repeat("T", 3<<20)
	a, _ := json.Marshal(map[string]string{"title": title, "url": "https://example.org/a", "published": "2025-01-20"})
	resp, body = postWith(t, base+"/api/articles", a)
	if resp.StatusCode != http.StatusBadRequest || len(body) > 2000 {
		t.Errorf("a 3 MB title: %d with %d bytes, want 400 and a short message", resp.StatusCode, len(body))
	}
	a, _ = json.Marshal(map[string]string{"titel": "typo", "url": "https://example.org/b", "published": "2025-01-20"})
	resp, body = postWith(t, base+"/api/articles", a)
	wantJSONError(t, "an unknown member", resp, body, http.StatusBadRequest)

	// A counter before the day in a file name is not the day.
	resp, body = postWith(t, base+"/api/import?dataset=named&series=1&region=named-area&side=ru&status=occupied",
		tarGz(t, [2]string{"000001-2025-01-01.geojson", collection(square(36, 48, 0.1, ""))}))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	_, body = get(t, base+"/api/regions/named-area/history?dataset=named")
	if !strings.Contains(string(body), `"2025-01-01"`) {
		t.Errorf("000001-2025-01-01.geojson: history %s, want a version from 2025-01-01", cut(body))
	}

	// Days outside 1900-2100 are typos, not validities.
	for _, props := range []string{`"valid_from":"0000-01-01"`, `"valid_from":"2025-01-01","valid_to":"9999-12-31"`} {
		resp, body := postWith(t, base+"/api/import?dataset=days", []byte(collection(square(36, 48, 0.1, `"region":"r","side":"ru","status":"occupied",`+props))))
		wantJSONError(t, props, resp, body, http.StatusBadRequest)
	}
	resp, body = get(t, base+"/tiles/9999-12-31/5/18/11.png")
	wantJSONError(t, "a tile of 9999-12-31", resp, body, http.StatusBadRequest)

	// nocache=1 forces a render: the token holder's.
	const pic = "/timelapse.gif?from=2024-08-01&to=2024-09-01&step=7d&region=kursk-incursion&width=200&height=150&nocache=1"
	resp, body = get(t, base+pic)
	wantJSONError(t, "nocache=1 without the token", resp, body, http.StatusUnauthorized)
	if resp, body := get(t, base+pic, "Authorization", "Bearer "+testToken); resp.StatusCode != http.StatusOK {
		t.Errorf("nocache=1 with the token: %d %s", resp.StatusCode, cut(body))
	}

	// /api/diff is computed once per content.
	_, first := get(t, base+"/api/diff?from=2024-08-01&to=2024-08-31")
	_, again := get(t, base+"/api/diff?from=2024-08-01&to=2024-08-31")
	_, other := get(t, base+"/api/diff?from=2024-08-02&to=2024-08-31") // same versions on the map
	if !bytes.Equal(first, again) || !strings.Contains(string(first), "gained_km2") {
		t.Errorf("/api/diff: %s then %s", cut(first), cut(again))
	}
	_ = other
	_, metrics := get(t, base+"/metrics")
	if !strings.Contains(string(metrics), `frontline_tile_renders_total{kind="api-diff"} 1`+"\n") {
		t.Errorf("three diffs over the same versions computed more than once:\n%s", grep(string(metrics), "renders_total"))
	}
}

// TestMain lets the test binary act as the frontline command, so that a
// test can run `frontline serve` as a process of its own and read its
// memory from /proc.
func TestMain(m *testing.M) {
	if os.Getenv("FRONTLINE_TEST_AS_COMMAND") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// serveProcess starts `frontline serve` in a process of its own on a copy
// of the seed, with small caches, and returns its URL and pid.
func serveProcess(t *testing.T, args ...string) (string, int) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "proc.db")
	copyFile(t, seedDB(t), db)
	return serveOn(t, db, args...)
}

// serveOn starts `frontline serve` in a process of its own on db (a file
// or a PostgreSQL URL) and returns its URL and pid.
func serveOn(t *testing.T, db string, args ...string) (string, int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--db", db, "--addr", addr, "--token", testToken}, args...)...)
	cmd.Env = append(os.Environ(), "FRONTLINE_TEST_AS_COMMAND=1", "GOMEMLIMIT=")
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	base := "http://" + addr
	for i := 0; ; i++ {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			return base, cmd.Process.Pid
		}
		if i > 200 {
			t.Fatalf("serve did not start: %s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// procKB reads a field (VmHWM, VmRSS) of /proc/PID/status in KiB.
func procKB(t *testing.T, pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return n
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// bomb is a small .tar.gz that unpacks into size bytes of GeoJSON: one
// feature whose property is a string of size bytes.
func bomb(t *testing.T, size int) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	tw := tar.NewWriter(zw)
	head := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":"`
	tail := `"},"geometry":null}]}`
	tw.WriteHeader(&tar.Header{Name: "2025-01-01.geojson", Mode: 0o644, Size: int64(len(head) + size + len(tail)), Typeflag: tar.TypeReg})
	io.WriteString(tw, head)
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for left := size; left > 0; left -= len(chunk) {
		tw.Write(chunk[:min(len(chunk), left)])
	}
	io.WriteString(tw, tail)
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

// TestGzipBombBounded: (6) a small .tar.gz that unpacks into 250 MB gets
// 413, three at once as well, and the server's peak RSS stays under its
// soft memory limit.
func TestGzipBombBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	base, pid := serveProcess(t, "--cache-mb", "64", "--memo-mb", "32")
	limitKB := memoryLimit(64, 32) >> 10
	b := bomb(t, 250<<20)
	t.Logf("bomb: %d bytes of .tar.gz", len(b))
	before := procKB(t, pid, "VmHWM")
	var wg sync.WaitGroup
	codes := make([]int, 3)
	for i := range codes {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPost, base+"/api/import?dataset=bomb&series=1&region=r&side=ru&status=occupied", bytes.NewReader(b))
			req.Header.Set("Authorization", "Bearer "+testToken)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Errorf("bomb %d: %v", i, err)
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			codes[i] = resp.StatusCode
			if resp.StatusCode != http.StatusRequestEntityTooLarge && resp.StatusCode != http.StatusTooManyRequests {
				t.Errorf("bomb %d: got %d %q, want 413 (or 429 while another runs)", i, resp.StatusCode, cut(body))
			}
		})
	}
	wg.Wait()
	peak := procKB(t, pid, "VmHWM")
	t.Logf("codes %v; server peak RSS %d MiB before, %d MiB after (soft limit %d MiB)", codes, before>>10, peak>>10, limitKB>>10)
	if peak >= limitKB {
		t.Errorf("peak RSS %d MiB reached the soft memory limit of %d MiB", peak>>10, limitKB>>10)
	}
	if !strings.Contains(fmt.Sprint(codes), "413") {
		t.Errorf("no bomb got 413: %v", codes)
	}
	resp, _ := get(t, base+"/api/datasets")
	if resp.StatusCode != 200 {
		t.Fatalf("server after the bombs: %d", resp.StatusCode)
	}
}
