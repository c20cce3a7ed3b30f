package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"
)

// HealthStore is what readiness asks of the store. data.Store satisfies it.
type HealthStore interface {
	// Ping checks that the database answers (readyz).
	Ping(ctx context.Context) error
}

// healthz is liveness: the process answers. It never asks the database,
// so an orchestrator does not restart servers that are serving their
// caches while the database is away (readyz tells that). While a sync's
// last run failed it says "degraded", still with 200.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if failing := s.syncFailing(); len(failing) > 0 {
		body := degraded(failing)
		body["status"] = "degraded"
		writeJSON(w, r, http.StatusOK, body)
		return
	}
	io.WriteString(w, `{"status":"ok"}`+"\n")
}

// readyz is readiness: the database answers within two seconds. While a
// sync's last run failed it stays ready (200) with a "degraded" note.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.health.Ping(ctx); err != nil {
		if !errors.Is(err, geo.ErrUnavailable) {
			err = fmt.Errorf("%w (%w)", geo.ErrUnavailable, err)
		}
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if failing := s.syncFailing(); len(failing) > 0 {
		body := degraded(failing)
		body["status"] = "ready" // serving; the note says what is stale
		writeJSON(w, r, http.StatusOK, body)
		return
	}
	io.WriteString(w, `{"status":"ready"}`+"\n")
}

// degraded is what /healthz and /readyz add when syncs fail: the status
// stays 200 (the server serves what it has), the body says which.
func degraded(failing []string) map[string]any {
	return map[string]any{"degraded": "sync failing: " + strings.Join(failing, ", "), "sync_failing": failing}
}
