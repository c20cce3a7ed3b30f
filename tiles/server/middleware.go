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
// EditorByToken returns the editor's name, an error wrapping
// geo.ErrNotFound for a token nobody (or a revoked editor) holds, or
// another error when it cannot tell (the database is away).
type Editors interface {
	EditorByToken(ctx context.Context, token string) (string, error)
}

// Actors of writes as the audit log names them.
const (
	actorAdmin        = "admin"   // the holder of Config.Token
	actorEditorPrefix = "editor:" // and the editor's name
)

// auth refuses a write without a valid bearer token (401), and runs the
// handler with the token's holder as the actor of its writes (geo.WithActor:
// the audit rows name them). A store that cannot check an editor's token
// answers 503: the database is needed for the write anyway.
func (s *Server) auth(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor, err := s.authenticate(r)
		if err != nil {
			if errors.Is(err, errUnauthorized) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="frontline"`)
			}
			s.fail(w, r, err)
			return
		}
		r = r.WithContext(geo.WithActor(r.Context(), actor))
		r.Body = &bodyReader{http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)}
		h(w, r)
	})
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

// authenticate returns who r's bearer token names: actorAdmin for
// Config.Token (compared in constant time), "editor:NAME" for an editor's
// token. A missing or wrong token is errUnauthorized; a store that could
// not tell is geo.ErrUnavailable (503).
//
// Editors' tokens are not cached: every write asks the store (one indexed
// read beside the write itself), so a revocation holds on every server
// over the database from the next request on.
func (s *Server) authenticate(r *http.Request) (string, error) {
	got, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		return "", errUnauthorized
	}
	if s.cfg.Token != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.Token)) == 1 {
		return actorAdmin, nil
	}
	if s.cfg.Editors == nil {
		return "", errUnauthorized
	}
	name, err := s.cfg.Editors.EditorByToken(r.Context(), got)
	switch {
	case err == nil:
		return actorEditorPrefix + name, nil
	case errors.Is(err, geo.ErrNotFound):
		return "", errUnauthorized
	case r.Context().Err() != nil, errors.Is(err, geo.ErrUnavailable):
		return "", err
	}
	return "", fmt.Errorf("%w (checking a bearer token: %w)", geo.ErrUnavailable, err)
}
