package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/internal/flight"
	"github.com/frontline-map/frontline/tiles/service"
)

// StatusClientClosed is the status logged and counted for a request whose
// client left before the answer (nginx's 499; go-pmtiles does the same).
const StatusClientClosed = 499

// status maps an error to an HTTP status: the one place that does.
func status(err error) int {
	var be *bodyReadError
	var it *importTimeout
	switch {
	case errors.As(err, &it):
		return http.StatusRequestEntityTooLarge
	case errors.As(err, &be):
		return be.status()
	case errors.Is(err, errTooLarge), errors.Is(err, geo.ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, geo.ErrTooComplex):
		return http.StatusUnprocessableEntity
	case errors.As(err, new(*service.FormatError)), errors.Is(err, geo.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, geo.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, errNotImplemented):
		return http.StatusNotImplemented
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized
	case errors.As(err, new(*scopeError)):
		return http.StatusForbidden
	case errors.Is(err, errBusy):
		return http.StatusTooManyRequests
	case errors.Is(err, geo.ErrBusy), errors.Is(err, geo.ErrUnavailable):
		return http.StatusServiceUnavailable
	case errors.Is(err, geo.ErrAnotherImport):
		return http.StatusTooManyRequests
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

var (
	errUnauthorized   = errors.New("a valid bearer token is required")
	errTooLarge       = errors.New("request body too large")
	errBusy           = errors.New("another import is running: try again later")
	errNotImplemented = errors.New("not implemented")
	errNoCacheToken   = fmt.Errorf("nocache=1 forces a full render and needs the bearer token: %w", errUnauthorized)
)

// scopeError is a write outside the scope of the editor whose token it
// carries (403): into a dataset not theirs, or of something shared by
// every dataset (an article) by an editor of some.
type scopeError struct {
	editor  geo.Editor
	dataset string // the dataset written, or
	shared  string // what of every dataset was written
}

func (e *scopeError) Error() string {
	scope := strings.Join(e.editor.Datasets, ", ")
	if e.shared != "" {
		return fmt.Sprintf("editor %s may write only datasets %s, and %s belong to no dataset: ask an editor of every dataset or the administrator", e.editor.Name, scope, e.shared)
	}
	return fmt.Sprintf("editor %s may not write dataset %s: their datasets are %s", e.editor.Name, geo.Echo(e.dataset), scope)
}

// bodyReadError is a failure to read a request's body: the client was too
// slow, sent too much, or broke the connection.
type bodyReadError struct{ err error }

func (e *bodyReadError) Error() string { return "reading the request body: " + e.err.Error() }
func (e *bodyReadError) Unwrap() error { return e.err }

func (e *bodyReadError) status() int {
	var mbe *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(e.err, &mbe):
		return http.StatusRequestEntityTooLarge
	case errors.As(e.err, &ne) && ne.Timeout():
		return http.StatusRequestTimeout
	}
	return http.StatusBadRequest
}

// bodyReader marks the errors of reading a request body as the client's.
type bodyReader struct{ rc io.ReadCloser }

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if err != nil && err != io.EOF {
		err = &bodyReadError{err}
	}
	return n, err
}

func (b *bodyReader) Close() error { return b.rc.Close() }

// fail writes err as a JSON error. Server errors are logged in detail and
// answered with a generic message. A request its client cancelled is the
// client's doing: it is logged at debug level and counted as 499.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		s.log.Debug("client closed request", "method", r.Method, "path", r.URL.Path)
		writeError(w, StatusClientClosed, "client closed request")
		return
	}
	code := status(err)
	msg := err.Error()
	switch {
	case errors.Is(err, geo.ErrBusy):
		// Another writer held the database; nothing was written.
		w.Header().Set("Retry-After", "10")
		msg = geo.ErrBusy.Error()
	case errors.Is(err, geo.ErrAnotherImport):
		w.Header().Set("Retry-After", "10")
		msg = geo.ErrAnotherImport.Error()
	case errors.Is(err, geo.ErrUnavailable):
		// What the caches hold is still served; this needed the database.
		w.Header().Set("Retry-After", "5")
		s.log.Warn("database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusServiceUnavailable, geo.ErrUnavailable.Error())
		return
	}
	var detailed interface{ Detail() string } // a fetch failure's cause: for the operator only
	if errors.As(err, &detailed) {
		s.log.Info("request rejected", "method", r.Method, "path", r.URL.Path, "status", code, "detail", detailed.Detail())
	}
	if code >= 500 && !errors.Is(err, geo.ErrBusy) {
		var pe *flight.PanicError
		if errors.As(err, &pe) {
			s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(pe.Value), "stack", string(pe.Stack))
		} else {
			s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		msg = http.StatusText(code)
	}
	body := map[string]any{"error": msg, "status": code}
	addPlaceDetail(err, body)
	var se *scopeError
	if errors.As(err, &se) {
		// The dataset refused and the editor's scope, for the client.
		body["editor"], body["datasets"] = se.editor.Name, se.editor.Datasets
		if se.dataset != "" {
			body["dataset"] = se.dataset
		}
	}
	writeErrorBody(w, code, body)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeErrorBody(w, code, map[string]any{"error": msg, "status": code})
}

// writeErrorBody writes an error's JSON body: at least its "error" and
// "status".
func writeErrorBody(w http.ResponseWriter, code int, body map[string]any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Del("ETag")
	w.WriteHeader(code)
	encodeJSON(w, body)
}
