package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"
)

// statusWriter records the status code of a response.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// instrument counts requests and latencies per route and logs failures.
func (s *Server) instrument(route string, h http.Handler) http.Handler {
	stats := s.metrics.route(route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		d := time.Since(start)
		stats.observe(sw.code, d)
		if sw.code >= 500 || d > 2*time.Second {
			s.log.Warn("request", "method", r.Method, "path", r.URL.Path, "status", sw.code, "duration", d)
		} else if s.log.Enabled(r.Context(), slog.LevelDebug) {
			s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.code, "duration", d)
		}
	})
}

// cors allows reads from any origin (maps embed our tiles).
func (s *Server) cors(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr["Access-Control-Allow-Origin"] = hdrAnyOrigin
		hdr["Access-Control-Expose-Headers"] = hdrExpose
		h.ServeHTTP(w, r)
	})
}

func (s *Server) preflight(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD, POST, PATCH, OPTIONS")
	w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match")
	w.Header().Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

// recoverer turns a panic into a logged 500 instead of a dropped connection.
func (s *Server) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
				writeError(w, http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// Editors says whose an editor's bearer token is; data.Store satisfies it.
// EditorByToken returns the editor with their scope (geo.Editor), an error
// wrapping geo.ErrNotFound for a token nobody (or a revoked editor) holds,
// or another error when it cannot tell (the database is away).
type Editors interface {
	EditorByToken(ctx context.Context, token string) (geo.Editor, error)
}

// actorAdmin is how the audit log names the holder of Config.Token; an
// editor's writes are geo.Editor.Actor's ("editor:NAME", with the scope
// of a scoped editor: "editor:NAME[A,B]").
const actorAdmin = "admin"

// holder is who holds the bearer token of a write: the administrator, or
// an editor (with their scope).
type holder struct {
	admin  bool
	editor geo.Editor
}

// actor is how the audit log names h's writes.
func (h holder) actor() string {
	if h.admin {
		return actorAdmin
	}
	return h.editor.Actor()
}

// holderKey is the context key of the holder of a write's token.
type holderKey struct{}

// auth refuses a write without a valid bearer token (401), and runs the
// handler with the token's holder as the actor of its writes (geo.WithActor:
// the audit rows name them) and in its context, where the handler checks
// the holder's scope (mayWrite). A store that cannot check an editor's
// token answers 503: the database is needed for the write anyway.
func (s *Server) auth(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who, err := s.authenticate(r)
		if err != nil {
			if errors.Is(err, errUnauthorized) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="frontline"`)
			}
			s.fail(w, r, err)
			return
		}
		ctx := context.WithValue(geo.WithActor(r.Context(), who.actor()), holderKey{}, who)
		r = r.WithContext(ctx)
		r.Body = &bodyReader{http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)}
		h(w, r)
	})
}

// mayWrite says whether the holder of r's token may write the dataset of
// this name: the administrator and editors of every dataset may write
// any; a scoped editor only the datasets of their scope, else a
// *scopeError (403). Handlers under auth call it before they read a body.
func mayWrite(r *http.Request, dataset string) error {
	who, _ := r.Context().Value(holderKey{}).(holder)
	if who.admin || who.editor.Allows(dataset) {
		return nil
	}
	return &scopeError{editor: who.editor, dataset: dataset}
}

// mayWriteShared says whether the holder of r's token may write what
// belongs to no dataset and shows beside every one (articles): the
// administrator and editors of every dataset may; a scoped editor may not,
// since what they add would appear on the maps of datasets outside their
// scope.
func mayWriteShared(r *http.Request, what string) error {
	who, _ := r.Context().Value(holderKey{}).(holder)
	if who.admin || !who.editor.Scoped() {
		return nil
	}
	return &scopeError{editor: who.editor, shared: what}
}

// authorized reports whether r carries a valid bearer token, the
// administrator's or an editor's; a token the store could not check is
// not.
func (s *Server) authorized(r *http.Request) bool {
	_, err := s.authenticate(r)
	return err == nil
}

// bearerToken returns the token of an Authorization header of the Bearer
// scheme, whose name is case-insensitive (RFC 7235 section 2.1: "bearer",
// "BEARER"), and whether there is one.
func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(h, " ")
	token = strings.TrimLeft(token, " ")
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

// authenticate returns who holds r's bearer token: the administrator for
// Config.Token (compared in constant time), else the editor whose token it
// is. A missing or wrong token is errUnauthorized; a store that could not
// tell is geo.ErrUnavailable (503).
//
// Editors' tokens are not cached: every write asks the store (one indexed
// read beside the write itself), so a revocation or a change of scope
// holds on every server over the database from the next request on.
func (s *Server) authenticate(r *http.Request) (holder, error) {
	got, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		return holder{}, errUnauthorized
	}
	if s.cfg.Token != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.Token)) == 1 {
		return holder{admin: true}, nil
	}
	if s.cfg.Editors == nil {
		return holder{}, errUnauthorized
	}
	ed, err := s.cfg.Editors.EditorByToken(r.Context(), got)
	switch {
	case err == nil:
		return holder{editor: ed}, nil
	case errors.Is(err, geo.ErrNotFound):
		return holder{}, errUnauthorized
	case r.Context().Err() != nil, errors.Is(err, geo.ErrUnavailable):
		return holder{}, err
	}
	return holder{}, fmt.Errorf("%w (checking a bearer token: %w)", geo.ErrUnavailable, err)
}
