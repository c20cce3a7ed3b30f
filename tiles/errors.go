package tiles

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"frontline/geo"
)

// status maps an error to an HTTP status: the one place that does.
func status(err error) int {
	var br *badRequest
	switch {
	case errors.As(err, &br), errors.Is(err, geo.ErrBadDay), errors.Is(err, geo.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, geo.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, errTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

var (
	errUnauthorized = errors.New("a valid bearer token is required")
	errTooLarge     = errors.New("request body too large")
)

// fail writes err as a JSON error. Server errors are logged in detail and
// answered with a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	msg := err.Error()
	if code >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = http.StatusText(code)
	}
	writeError(w, code, msg)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Del("ETag")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": msg, "status": code})
}
