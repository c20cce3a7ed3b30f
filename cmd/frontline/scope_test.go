package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/store"
)

// send makes one request with a bearer token and a body.
func send(t *testing.T, method, url, token, body string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	return doRequest(t, req)
}

func doRequest(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// addEditor adds an editor with the CLI and returns their token.
func addEditor(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, out, stderr := runCLI(t, db, "", append([]string{"editors", "add"}, args...)...)
	if code != exitOK {
		t.Fatalf("editors add %q: exit %d: %s", args, code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}

// TestEditorScopeCLIAndHTTP (#22): an editor added with --dataset writes
// that dataset over HTTP (import, PATCH) and gets 403, with a JSON body
// naming the dataset, on every other and on articles; the audit rows of
// their writes name the editor and the scope; editors list shows scopes;
// an editor of every dataset writes as before.
func TestEditorScopeCLIAndHTTP(t *testing.T) {
	db := seededCopy(t)
	scoped := addEditor(t, db, "kyiv", "--dataset", "edits,kyiv-desk")
	every := addEditor(t, db, "all")
	code, out, _ := runCLI(t, db, "", "editors", "list")
	if code != exitOK || !regexp.MustCompile(`(?m)^kyiv +edits,kyiv-desk `).MatchString(out) || !regexp.MustCompile(`(?m)^all +\* `).MatchString(out) {
		t.Errorf("editors list: exit %d, got\n%s\nwant kyiv with edits,kyiv-desk and all with *", code, out)
	}
	code, out, _ = runCLI(t, db, "", "editors", "list", "--json")
	var eds []store.Editor
	if code != exitOK || json.Unmarshal([]byte(out), &eds) != nil || len(eds) != 2 || eds[0].Datasets != nil || strings.Join(eds[1].Datasets, ",") != "edits,kyiv-desk" {
		t.Errorf("editors list --json: exit %d: %s", code, out)
	}

	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"editors", "add", "x", "--dataset", ","}, exitUsage, "dataset names"},
		{[]string{"editors", "add", "x", "--dataset", "Bad Name"}, exitRejected, "bad dataset name"},
		{[]string{"editors", "add", "--help"}, exitOK, "--dataset"},
	} {
		if code, out, stderr := runCLI(t, db, "", tc.args...); code != tc.code || !strings.Contains(out+stderr, tc.out) {
			t.Errorf("%q: exit %d, %s%s; want %d and %q", tc.args, code, out, stderr, tc.code, tc.out)
		}
	}

	base, s := serveDB(t, db)
	fc := `{"type":"FeatureCollection","features":[` + square(36, 47, 0.5, `"region":"scope-area","side":"ru","status":"occupied","valid_from":"2024-01-01","source":"test"`) + `]}`
	article := `{"title":"Scoped","url":"https://example.org/scope/%s","published":"2025-01-20"}`
	type tcase struct {
		token, method, path, body string
		code                      int
		actor                     string // of the newest audit row, after a write
	}
	// In order: the import makes dataset edits, which the PATCH then edits.
	steps := []struct {
		name string
		tcase
	}{
		{"scoped import own", tcase{scoped, http.MethodPost, "/api/import?dataset=edits", fc, http.StatusOK, "editor:kyiv[edits,kyiv-desk]"}},
		{"scoped patch own", tcase{scoped, http.MethodPatch, "/api/datasets/edits", `{"title":"Edits"}`, http.StatusOK, "editor:kyiv[edits,kyiv-desk]"}},
		{"scoped import other", tcase{scoped, http.MethodPost, "/api/import?dataset=other", fc, http.StatusForbidden, ""}},
		{"scoped patch seed", tcase{scoped, http.MethodPatch, "/api/datasets/seed", `{"title":"Mine"}`, http.StatusForbidden, ""}},
		{"scoped article", tcase{scoped, http.MethodPost, "/api/articles", strings.Replace(article, "%s", "1", 1), http.StatusForbidden, ""}},
		{"unscoped import other", tcase{every, http.MethodPost, "/api/import?dataset=other", fc, http.StatusOK, "editor:all"}},
		{"unscoped patch seed", tcase{every, http.MethodPatch, "/api/datasets/seed", `{"title":"Seed"}`, http.StatusOK, "editor:all"}},
		{"unscoped article", tcase{every, http.MethodPost, "/api/articles", strings.Replace(article, "%s", "2", 1), http.StatusCreated, "editor:all"}},
		{"admin patch edits", tcase{testToken, http.MethodPatch, "/api/datasets/edits", `{"title":"Admin"}`, http.StatusOK, "admin"}},
	}
	for _, st := range steps {
		tc := st.tcase
		before := lastAudit(t, s)
		resp, body := send(t, tc.method, base+tc.path, tc.token, tc.body)
		if resp.StatusCode != tc.code {
			t.Errorf("%s: %s %s: got %d %s, want %d", st.name, tc.method, tc.path, resp.StatusCode, cut(body), tc.code)
			continue
		}
		after := lastAudit(t, s)
		if tc.code == http.StatusForbidden {
			wantJSONError(t, st.name, resp, body, tc.code)
			var e struct{ Dataset, Editor, Error string }
			json.Unmarshal(body, &e)
			want := strings.TrimPrefix(tc.path, "/api/datasets/")
			if i := strings.Index(tc.path, "dataset="); i >= 0 {
				want = tc.path[i+len("dataset="):]
			}
			if tc.path == "/api/articles" {
				want = ""
			}
			if e.Dataset != want || e.Editor != "kyiv" || (want != "" && !strings.Contains(e.Error, want)) {
				t.Errorf("%s: body %s, want the JSON error naming dataset %q", st.name, body, want)
			}
			if after.ID != before.ID {
				t.Errorf("%s: a refused write was audited: %+v", st.name, after)
			}
			continue
		}
		if after.ID == before.ID || after.Actor != tc.actor {
			t.Errorf("%s: newest audit row %+v, want one by %q", st.name, after, tc.actor)
		}
	}
}

// TestServeAdminToken (#22): serve takes the administrator's token from
// --token-file or FRONTLINE_TOKEN; --token still works but warns on stderr
// that ps shows it, and a token file others may read warns too; both
// flags, or a file without a token, are usage errors. Through a real
// listener: the token writes.
func TestServeAdminToken(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "admin-token")
	if err := os.WriteFile(file, []byte("file-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	loose := filepath.Join(dir, "loose")
	if err := os.WriteFile(loose, []byte("loose-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(loose, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	blank := filepath.Join(dir, "blank")
	if err := os.WriteFile(blank, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	type tcase struct {
		args  []string
		env   string // FRONTLINE_TOKEN
		token string // that writes; "" for a usage error
		warns string // on stderr at start
	}
	for name, tc := range map[string]tcase{
		"token-file":       {[]string{"--token-file", file}, "", "file-secret", ""},
		"env":              {nil, "env-secret", "env-secret", ""},
		"token-file-wins":  {[]string{"--token-file", file}, "env-secret", "file-secret", ""},
		"token-flag-warns": {[]string{"--token", "flag-secret"}, "", "flag-secret", "--token is visible"},
		"loose-file-warns": {[]string{"--token-file", loose}, "", "loose-secret", "mode 0644"},
		"both-flags":       {[]string{"--token", "x", "--token-file", file}, "", "", ""},
		"blank-file":       {[]string{"--token-file", blank}, "", "", ""},
		"missing-file":     {[]string{"--token-file", filepath.Join(dir, "none")}, "", "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			db := seededCopy(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stderr := &syncBuffer{}
			e := &env{stdout: &syncBuffer{}, stderr: stderr, stdin: strings.NewReader(""),
				getenv: func(k string) string {
					switch k {
					case "GOMEMLIMIT":
						return "off"
					case "FRONTLINE_TOKEN":
						return tc.env
					}
					return ""
				}}
			code := make(chan int, 1)
			go func() {
				code <- run(ctx, e, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, tc.args...))
			}()
			if tc.token == "" {
				if c := <-code; c != exitUsage {
					t.Errorf("exit %d, want %d: %s", c, exitUsage, stderr)
				}
				return
			}
			base := servingAt(t, stderr, code)
			warned := strings.Contains(stderr.String(), `"level":"WARN"`)
			if warned != (tc.warns != "") || !strings.Contains(stderr.String(), tc.warns) {
				t.Errorf("stderr: got %s, want a warning %q (none if empty)", stderr, tc.warns)
			}
			body := `{"title":"Admin","url":"https://example.org/admin-token","published":"2025-01-20"}`
			if resp, b := send(t, http.MethodPost, base+"/api/articles", tc.token, body); resp.StatusCode != http.StatusCreated {
				t.Errorf("POST with the token: got %d %s, want 201", resp.StatusCode, cut(b))
			}
			if resp, _ := send(t, http.MethodPost, base+"/api/articles", "wrong", body); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("POST with a wrong token: got %d, want 401", resp.StatusCode)
			}
			cancel()
			if c := <-code; c != exitOK {
				t.Errorf("serve: exit %d: %s", c, stderr)
			}
		})
	}
}

// servingAt waits for serve's "serving" log line and returns its address.
func servingAt(t *testing.T, stderr *syncBuffer, code chan int) string {
	t.Helper()
	re := regexp.MustCompile(`"addr":"(http://[^"]+)"`)
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case c := <-code:
			t.Fatalf("serve exited %d: %s", c, stderr)
		default:
		}
		if m := re.FindStringSubmatch(stderr.String()); m != nil {
			return m[1]
		}
	}
	t.Fatalf("serve did not start: %s", stderr)
	return ""
}
