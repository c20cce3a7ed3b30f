package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/internal/fake"
)

// stubEditors answers EditorByToken from a table; tokens not in it are
// nobody's.
type stubEditors struct {
	calls  int
	by     map[string]error    // token -> the error to answer, nil for its name
	scopes map[string][]string // token -> the editor's datasets; none: every dataset
}

func (e *stubEditors) EditorByToken(ctx context.Context, token string) (geo.Editor, error) {
	e.calls++
	err, ok := e.by[token]
	if !ok {
		return geo.Editor{}, fmt.Errorf("%w: no editor holds this token", geo.ErrNotFound)
	}
	if err != nil {
		return geo.Editor{}, err
	}
	return geo.Editor{Name: strings.TrimPrefix(token, "fl_"), Datasets: e.scopes[token]}, nil
}

// TestEditorsTokens: writes take the administrator's token or an editor's,
// and run with the holder as the actor of their audit rows; a token nobody
// holds is 401, a store that cannot tell is 503.
func TestEditorsTokens(t *testing.T) {
	eds := &stubEditors{by: map[string]error{
		"fl_alice":  nil,
		"fl_away":   fmt.Errorf("%w (connection refused)", geo.ErrUnavailable),
		"fl_broken": errors.New("no such table: editors"),
	}}
	var actor string
	s := New(Config{Store: fake.NewStore(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Token: "secret", Editors: eds,
		Import: func(ctx context.Context, req ImportRequest) (any, error) {
			actor = geo.Actor(ctx)
			return map[string]int{"inserted": 1}, nil
		}})
	h := s.Routes()
	for _, tc := range []struct {
		auth  string
		code  int
		actor string
		asks  bool // whether the store is asked
	}{
		{"Bearer secret", http.StatusOK, "admin", false},
		{"Bearer fl_alice", http.StatusOK, "editor:alice", true},
		{"Bearer fl_bob", http.StatusUnauthorized, "", true},
		{"Bearer secrex", http.StatusUnauthorized, "", true},
		{"Bearer ", http.StatusUnauthorized, "", false},
		{"", http.StatusUnauthorized, "", false},
		{"Basic fl_alice", http.StatusUnauthorized, "", false},
		{"Bearer fl_away", http.StatusServiceUnavailable, "", true},
		{"Bearer fl_broken", http.StatusServiceUnavailable, "", true},
	} {
		actor, eds.calls = "", 0
		req := httptest.NewRequest(http.MethodPost, "/api/import?dataset=seed", strings.NewReader("{}"))
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != tc.code || actor != tc.actor {
			t.Errorf("%q: got %d as %q, want %d as %q: %s", tc.auth, w.Code, actor, tc.code, tc.actor, w.Body)
		}
		if asked := eds.calls > 0; asked != tc.asks {
			t.Errorf("%q: store asked: %v, want %v", tc.auth, asked, tc.asks)
		}
		if tc.code >= 400 {
			var e struct {
				Error  string
				Status int
			}
			if json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Status != tc.code {
				t.Errorf("%q: body %q is not the JSON error", tc.auth, w.Body)
			}
			if strings.Contains(w.Body.String(), "editors") || strings.Contains(w.Body.String(), "fl_") {
				t.Errorf("%q: the answer tells the store's error or the token: %s", tc.auth, w.Body)
			}
		}
		if got := w.Header().Get("WWW-Authenticate"); (tc.code == http.StatusUnauthorized) != (got != "") {
			t.Errorf("%q: WWW-Authenticate %q with %d", tc.auth, got, w.Code)
		}
	}

	// Without Editors only the administrator's token writes; without a
	// Token only editors do.
	for _, tc := range []struct {
		cfg  Config
		auth string
		code int
	}{
		{Config{Token: "secret"}, "Bearer fl_alice", http.StatusUnauthorized},
		{Config{Editors: eds}, "Bearer fl_alice", http.StatusOK},
		{Config{Editors: eds}, "Bearer ", http.StatusUnauthorized},
	} {
		cfg := tc.cfg
		cfg.Store, cfg.Log = fake.NewStore(), slog.New(slog.NewTextHandler(io.Discard, nil))
		cfg.Import = func(ctx context.Context, req ImportRequest) (any, error) { return map[string]int{}, nil }
		req := httptest.NewRequest(http.MethodPost, "/api/import?dataset=seed", strings.NewReader("{}"))
		req.Header.Set("Authorization", tc.auth)
		w := httptest.NewRecorder()
		New(cfg).Routes().ServeHTTP(w, req)
		if w.Code != tc.code {
			t.Errorf("token %q, editors %v, %q: got %d, want %d", cfg.Token, cfg.Editors != nil, tc.auth, w.Code, tc.code)
		}
	}
}

// TestEditorScope (#22), through a real listener: an editor scoped to a
// dataset writes it (import, PATCH) and is refused every other dataset and
// articles with 403 and a JSON body naming the dataset; the audit actor
// carries the scope; an editor of every dataset and the administrator
// write as before.
func TestEditorScope(t *testing.T) {
	eds := &stubEditors{by: map[string]error{"fl_kyiv": nil, "fl_all": nil},
		scopes: map[string][]string{"fl_kyiv": {"kyiv-desk", "seed"}}}
	st := fake.NewStore()
	var actor string
	s := New(Config{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Token: "secret", Editors: eds,
		Import: func(ctx context.Context, req ImportRequest) (any, error) {
			actor = geo.Actor(ctx)
			return map[string]int{"inserted": 1}, nil
		}})
	ts := httptest.NewServer(s.Routes())
	defer ts.Close()
	type tcase struct {
		token, method, path, body string
		code                      int
		actor                     string // of the import or edit, when it succeeds
		dataset                   string // named by a 403's body
	}
	for name, tc := range map[string]tcase{
		"scoped-import-own":          {"fl_kyiv", http.MethodPost, "/api/import?dataset=kyiv-desk", "{}", http.StatusOK, "editor:kyiv[kyiv-desk,seed]", ""},
		"scoped-patch-own":           {"fl_kyiv", http.MethodPatch, "/api/datasets/seed", `{"title":"T"}`, http.StatusOK, "editor:kyiv[kyiv-desk,seed]", ""},
		"scoped-import-other":        {"fl_kyiv", http.MethodPost, "/api/import?dataset=other", "{}", http.StatusForbidden, "", "other"},
		"scoped-patch-other":         {"fl_kyiv", http.MethodPatch, "/api/datasets/other", `{"title":"T"}`, http.StatusForbidden, "", "other"},
		"scoped-article":             {"fl_kyiv", http.MethodPost, "/api/articles", `{"title":"t","url":"https://example.org/a","published":"2024-01-01"}`, http.StatusForbidden, "", ""},
		"unscoped-import-other":      {"fl_all", http.MethodPost, "/api/import?dataset=other", "{}", http.StatusOK, "editor:all", ""},
		"unscoped-article":           {"fl_all", http.MethodPost, "/api/articles", `{"title":"t","url":"https://example.org/a","published":"2024-01-01"}`, http.StatusCreated, "", ""},
		"admin-import-other":         {"secret", http.MethodPost, "/api/import?dataset=other", "{}", http.StatusOK, "admin", ""},
		"scoped-bad-token-still-401": {"fl_nobody", http.MethodPost, "/api/import?dataset=seed", "{}", http.StatusUnauthorized, "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			actor, st.Actors = "", nil
			req, _ := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Authorization", "Bearer "+tc.token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != tc.code {
				t.Fatalf("got %d, want %d: %s", res.StatusCode, tc.code, b)
			}
			if tc.actor != "" {
				got := actor
				if tc.method == http.MethodPatch && len(st.Actors) == 1 {
					got = st.Actors[0]
				}
				if got != tc.actor {
					t.Errorf("actor: got %q, want %q", got, tc.actor)
				}
			}
			if tc.code != http.StatusForbidden {
				return
			}
			if actor != "" || len(st.Actors) != 0 {
				t.Errorf("a refused write ran: import as %q, edits %q", actor, st.Actors)
			}
			var e struct {
				Error, Dataset, Editor string
				Status                 int
				Datasets               []string
			}
			if err := json.Unmarshal(b, &e); err != nil || e.Status != tc.code || e.Dataset != tc.dataset || e.Editor != "kyiv" ||
				strings.Join(e.Datasets, ",") != "kyiv-desk,seed" || (tc.dataset != "" && !strings.Contains(e.Error, `"`+tc.dataset+`"`)) {
				t.Errorf("body: got %s, want the JSON error naming dataset %q and kyiv's scope", b, tc.dataset)
			}
		})
	}
}
