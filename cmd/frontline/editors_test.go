package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/tiles/server"
)

// serveDB starts the real server (as serve wires it) over the database at
// path, not a copy: several over one file are the servers of one database.
func serveDB(t *testing.T, path string) (string, *store.Store) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{Path: path, Actor: "serve"})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	srv, err := newServer(ctx, s, server.Config{Token: testToken, Log: log}, importOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- serveHTTPWith(sctx, ln, srv.Routes(), log, defaultTimeouts) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
		s.Close()
	})
	return "http://" + ln.Addr().String(), s
}

// postToken posts body with a bearer token ("" for none).
func postToken(t *testing.T, url, token string, body []byte) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// lastAudit is the newest audit row of the store's database.
func lastAudit(t *testing.T, s *store.Store) store.AuditEntry {
	t.Helper()
	au, err := s.Audit(context.Background(), 1)
	if err != nil || len(au) != 1 {
		t.Fatalf("audit: %v, %d rows", err, len(au))
	}
	return au[0]
}

// TestEditorsCLIAndHTTP: an editor added with the CLI writes over HTTP with
// their token, and the audit log names them; the administrator's token
// still writes as "admin"; once the CLI revokes the editor, both servers
// over the database refuse the token at once.
func TestEditorsCLIAndHTTP(t *testing.T) {
	db := seededCopy(t)
	code, out, stderr := runCLI(t, db, "", "editors", "add", "alice")
	if code != exitOK {
		t.Fatalf("editors add: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := lines[len(lines)-1]
	if !strings.HasPrefix(token, store.TokenPrefix) || !strings.Contains(out, "will not be shown again") {
		t.Fatalf("editors add printed %q: want the token on its last line and that it will not be shown again", out)
	}
	if code, out, _ := runCLI(t, db, "", "editors", "list"); code != exitOK || !strings.Contains(out, "alice") || strings.Contains(out, token) {
		t.Errorf("editors list: exit %d: %q", code, out)
	}

	url1, s1 := serveDB(t, db)
	url2, s2 := serveDB(t, db)
	article := func(n int) []byte {
		return fmt.Appendf(nil, `{"title":"Editor's article %d","url":"https://example.org/editors/%d","published":"2025-01-20"}`, n, n)
	}
	n := 0
	write := func(base, token string, want int) {
		t.Helper()
		n++
		resp, body := postToken(t, base+"/api/articles", token, article(n))
		if resp.StatusCode != want {
			t.Fatalf("POST /api/articles on %s: got %d %s, want %d", base, resp.StatusCode, cut(body), want)
		}
		if want == http.StatusUnauthorized {
			wantJSONError(t, "refused token", resp, body, want)
			if resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		}
	}
	for _, srv := range []struct {
		url string
		s   *store.Store
	}{{url1, s1}, {url2, s2}} {
		write(srv.url, token, http.StatusCreated)
		if a := lastAudit(t, srv.s); a.Actor != "editor:alice" || a.Entity != "article" {
			t.Errorf("audit row of the editor's article: %+v, want actor editor:alice", a)
		}
		write(srv.url, testToken, http.StatusCreated)
		if a := lastAudit(t, srv.s); a.Actor != "admin" || a.Entity != "article" {
			t.Errorf("audit row of the administrator's article: %+v, want actor admin", a)
		}
		write(srv.url, token+"x", http.StatusUnauthorized)
		write(srv.url, "", http.StatusUnauthorized)
	}
	// An import by the editor names them too, in every row it writes.
	fc := `{"type":"FeatureCollection","features":[` + square(36, 47, 0.5, `"region":"editors-area","side":"ru","status":"occupied","valid_from":"2024-01-01","source":"test"`) + `]}`
	resp, body := postToken(t, url2+"/api/import?dataset=edits", token, []byte(fc))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("import by the editor: %d %s", resp.StatusCode, cut(body))
	}
	au, err := s2.Audit(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range au { // the version, the region, the dataset
		if a.Actor != "editor:alice" {
			t.Errorf("audit row of the editor's import: %+v, want actor editor:alice", a)
		}
	}

	code, out, stderr = runCLI(t, db, "", "editors", "revoke", "alice")
	if code != exitOK || !strings.Contains(out, "revoked") {
		t.Fatalf("editors revoke: exit %d: %s%s", code, out, stderr)
	}
	if a := lastAudit(t, s1); a.Actor != "cli:"+currentUser() || a.Action != "revoke" || a.Entity != "editor" || a.Detail != "alice" {
		t.Errorf("audit row of the revocation: %+v", a)
	}
	// At once, on both servers: nothing remembers the token.
	write(url1, token, http.StatusUnauthorized)
	write(url2, token, http.StatusUnauthorized)
	write(url2, testToken, http.StatusCreated)

	code, out, _ = runCLI(t, db, "", "editors", "list", "--json")
	var eds []struct {
		Name    string
		Created string
		Revoked *string
	}
	if code != exitOK || json.Unmarshal([]byte(out), &eds) != nil || len(eds) != 1 || eds[0].Name != "alice" || eds[0].Revoked == nil || eds[0].Created == "" {
		t.Errorf("editors list --json: exit %d: %s", code, out)
	}
	if strings.Contains(out, "hash") || strings.Contains(out, token) {
		t.Errorf("editors list --json tells the token or its hash: %s", out)
	}
}

// TestEditorsCLIExitCodes: usage is 2, a rejected name or an unknown
// editor 3, as every command.
func TestEditorsCLIExitCodes(t *testing.T) {
	db := seededCopy(t)
	if code, _, stderr := runCLI(t, db, "", "editors", "add", "bob", "--db", db); code != exitOK {
		t.Fatalf("add bob (flags after the name): exit %d: %s", code, stderr)
	}
	for _, tc := range []struct {
		args   []string
		code   int
		output string // in stdout or stderr
	}{
		{[]string{"editors"}, exitOK, "bob"},
		{[]string{"editors", "list"}, exitOK, "bob"},
		{[]string{"editors", "--help"}, exitOK, "Usage: frontline editors list"},
		{[]string{"editors", "add", "--help"}, exitOK, "only its SHA-256"},
		{[]string{"editors", "add"}, exitUsage, "NAME"},
		{[]string{"editors", "add", "a", "b"}, exitUsage, "unexpected argument"},
		{[]string{"editors", "frob"}, exitUsage, "want list, add or revoke"},
		{[]string{"editors", "list", "x"}, exitUsage, "unexpected argument"},
		{[]string{"editors", "revoke"}, exitUsage, "NAME"},
		{[]string{"editors", "add", "bob"}, exitRejected, "exists"},
		{[]string{"editors", "add", "Bad Name"}, exitRejected, "bad name"},
		{[]string{"editors", "revoke", "carol"}, exitRejected, "not found"},
		{[]string{"editors", "revoke", "bob"}, exitOK, "revoked editor bob"},
		{[]string{"editors", "revoke", "bob"}, exitOK, "revoked already"},
		{[]string{"editors", "add", "bob"}, exitRejected, "not reused"},
	} {
		code, out, stderr := runCLI(t, db, "", tc.args...)
		if code != tc.code || !strings.Contains(out+stderr, tc.output) {
			t.Errorf("%v: exit %d, %q %q; want %d and %q", tc.args, code, out, stderr, tc.code, tc.output)
		}
	}
}
