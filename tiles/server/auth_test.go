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
	calls int
	by    map[string]error // token -> the error to answer, nil for its name
}

func (e *stubEditors) EditorByToken(ctx context.Context, token string) (string, error) {
	e.calls++
	err, ok := e.by[token]
	if !ok {
		return "", fmt.Errorf("%w: no editor holds this token", geo.ErrNotFound)
	}
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(token, "fl_"), nil
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
