package server

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
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
	w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS")
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

// auth refuses a write without the configured bearer token, comparing in
// constant time; with no token configured every write is refused.
func (s *Server) auth(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="frontline"`)
			s.fail(w, r, errUnauthorized)
			return
		}
		r.Body = &bodyReader{http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)}
		h(w, r)
	})
}

// authorized reports whether r carries the configured bearer token,
// compared in constant time; with no token configured nobody is.
func (s *Server) authorized(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return s.cfg.Token != "" && ok && subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.Token)) == 1
}
