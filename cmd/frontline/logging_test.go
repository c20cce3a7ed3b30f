package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/server"
)

func TestRedactText(t *testing.T) {
	type tcase struct{ in, secret string }
	tcases := map[string]tcase{
		"issue-22-url-userinfo":   {`fetch "https://editor:hunter2@example.org/series.tar.gz": dial tcp: refused`, "hunter2"},
		"postgres url":            {"postgres://frontline:PaSsW0rd@db.internal:5432/frontline", "PaSsW0rd"},
		"issue-22-password-param": {"https://example.org/x.tar.gz?user=me&password=hunter2&day=1", "hunter2"},
		"token param":             {"GET /x?token=abcdef123456", "abcdef123456"},
		"authorization header":    {`header Authorization: Bearer fl_0123456789abcdef`, "fl_0123456789abcdef"},
		"authorization in JSON":   {`{"Authorization":["Basic dXNlcjpwYXNz"]}`, "dXNlcjpwYXNz"},
		"bearer alone":            {"bad token bearer fl_0123456789abcdef", "fl_0123456789abcdef"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			got := redactText(tc.in)
			if strings.Contains(got, tc.secret) || !strings.Contains(got, "REDACTED") {
				t.Errorf("got %q, want %q redacted", got, tc.secret)
			}
		})
	}
	for _, keep := range []string{"https://example.org/x.tar.gz?day=1", "GET /tiles/2025-01-20/6/36/22.png", "user@example.org"} {
		if got := redactText(keep); got != keep {
			t.Errorf("got %q, want %q unchanged", got, keep)
		}
	}
}

func TestLoggerRedacts(t *testing.T) {
	var buf bytes.Buffer
	log := newLogger(&buf, slog.LevelDebug)
	u, _ := url.Parse("https://editor:hunter2@example.org/s.tar.gz?password=swordfish")
	err := fmt.Errorf("import: %w", &url.Error{Op: "Get", URL: u.String(), Err: errors.New("refused")})
	log.With("db", "postgres://u:dbsecret@h/db").Warn("import failed https://a:msgsecret@b/", "err", err, "url", u,
		slog.Group("req", "auth", "Bearer fl_groupsecret0001"))
	for _, s := range []string{"hunter2", "swordfish", "dbsecret", "msgsecret", "fl_groupsecret0001"} {
		if strings.Contains(buf.String(), s) {
			t.Errorf("the log holds %q: %s", s, buf.String())
		}
	}
}

func TestLogRateLimit(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	h := newRateHandler(slog.NewJSONHandler(&buf, nil), time.Second, func() time.Time { return now })
	log := slog.New(h).With("component", "x") // clones share the counts
	for i := range 1000 {
		log.Warn("database unavailable", "i", i)
		slog.New(h).Warn("database unavailable", "i", i)
		now = now.Add(time.Millisecond) // 2,000 lines in 1 s
	}
	log.Info("another message")
	now = now.Add(time.Millisecond)
	log.Warn("database unavailable", "i", "last")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3 (the first, another message, one with the count dropped):\n%s", len(lines), buf.String())
	}
	if !strings.Contains(lines[2], `"dropped":1999`) {
		t.Errorf("got %s, want dropped 1999", lines[2])
	}
}

// TestDatabaseOutageLog: issue #22, a 7 s database outage wrote 83,398
// log lines (23.7 MB), a line for every request that failed.
func TestDatabaseOutageLog(t *testing.T) {
	var logBuf syncBuffer
	base, _ := testServerWith(t, testSetup{log: &logBuf, wrap: func(s *store.Store) server.Store {
		return &hookStore{Store: s, stats: func(context.Context, geo.Day) error { return geo.ErrUnavailable }}
	}})
	var wg sync.WaitGroup
	failed := make(chan int, 8)
	for range 8 {
		wg.Go(func() {
			n := 0
			for range 250 {
				resp, err := http.Get(base + "/api/stats?day=2022-03-25")
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusServiceUnavailable {
					n++
				}
			}
			failed <- n
		})
	}
	wg.Wait()
	close(failed)
	n := 0
	for f := range failed {
		n += f
	}
	lines := strings.Count(logBuf.String(), `"msg":"database unavailable"`)
	t.Logf("%d requests failed with 503, %d log lines", n, lines)
	if n < 1000 {
		t.Fatalf("got %d 503s, want 2000: the outage was not seen", n)
	}
	if lines > 20 {
		t.Errorf("got %d lines for %d failures, want at most a line a second", lines, n)
	}
}

// TestURLImportPasswordNotLogged: issue #22, a URL import's password was
// written to the log.
func TestURLImportPasswordNotLogged(t *testing.T) {
	var logBuf syncBuffer
	base, _ := testServerWith(t, testSetup{log: &logBuf})
	for _, u := range []string{"http://editor:s3cretpw@127.0.0.1:1/series.tar.gz", "http://127.0.0.1:1/series.tar.gz?password=s3cretpw"} {
		resp, body := postWith(t, base+"/api/import?dataset=t&series=1&region=r&side=ru&status=occupied&url="+url.QueryEscape(u), nil)
		if resp.StatusCode < 400 {
			t.Errorf("%s: got %d %s, want an error", u, resp.StatusCode, body)
		}
	}
	if logBuf.String() == "" {
		t.Fatal("nothing logged: the test proves nothing")
	}
	if strings.Contains(logBuf.String(), "s3cretpw") {
		t.Errorf("the log holds the password:\n%s", logBuf.String())
	}
}
