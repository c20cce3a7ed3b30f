package server

import (
	"net/http"
	"time"

	"github.com/frontline-map/frontline/geo"

	"github.com/prometheus/client_golang/prometheus"
)

// SyncState is a dataset's sync as the server reports it: cmd fills it
// from the store's sync state, which every server over a database shares
// (data.SyncState), so every server reports the same.
type SyncState struct {
	Dataset     string    `json:"dataset"`
	Source      string    `json:"source"`
	Format      string    `json:"format"`
	LastDay     geo.Day   `json:"last_day,omitempty"` // the last day imported
	Runs        int64     `json:"runs"`
	Failures    int64     `json:"failures"` // failed runs, ever, by any server
	LastRun     time.Time `json:"last_run,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastNote    string    `json:"last_note,omitempty"`
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	Failing     bool      `json:"failing"` // the last run failed
	Running     bool      `json:"running"` // a run holds the lease now
	// ErrorsSeen counts the failed runs this process has seen since it
	// started (frontline_sync_errors_total).
	ErrorsSeen int64 `json:"-"`
}

// syncStates returns the sync states, none when the server has no hook.
func (s *Server) syncStates() []SyncState {
	if s.cfg.SyncStates == nil {
		return nil
	}
	return s.cfg.SyncStates()
}

// syncFailing names the datasets whose last sync run failed.
func (s *Server) syncFailing() []string {
	var out []string
	for _, st := range s.syncStates() {
		if st.Failing {
			out = append(out, st.Dataset)
		}
	}
	return out
}

// apiSync lists the datasets' sync states.
func (s *Server) apiSync(w http.ResponseWriter, r *http.Request) {
	states := s.syncStates()
	if states == nil {
		states = []SyncState{}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, map[string]any{"sync": states})
}

var (
	syncSuccessDesc = prometheus.NewDesc("frontline_sync_last_success_timestamp_seconds",
		"Unix time of the last successful sync run of a dataset (by any server over the database).", []string{"dataset"}, nil)
	syncErrorsDesc = prometheus.NewDesc("frontline_sync_errors_total",
		"Failed sync runs of a dataset seen by this process since it started (by any server over the database).", []string{"dataset"}, nil)
	syncLastDayDesc = prometheus.NewDesc("frontline_sync_last_day",
		"The last day a dataset's sync imported, in days since 1970-01-01 (times 86400: its Unix time).", []string{"dataset"}, nil)
)

// syncCollector reports the sync states at each scrape.
type syncCollector struct{ states func() []SyncState }

func (c syncCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- syncSuccessDesc
	ch <- syncErrorsDesc
	ch <- syncLastDayDesc
}

func (c syncCollector) Collect(ch chan<- prometheus.Metric) {
	for _, st := range c.states() {
		if !st.LastSuccess.IsZero() {
			ch <- prometheus.MustNewConstMetric(syncSuccessDesc, prometheus.GaugeValue, float64(st.LastSuccess.UnixMilli())/1000, st.Dataset)
		}
		ch <- prometheus.MustNewConstMetric(syncErrorsDesc, prometheus.CounterValue, float64(st.ErrorsSeen), st.Dataset)
		if st.LastDay != 0 {
			ch <- prometheus.MustNewConstMetric(syncLastDayDesc, prometheus.GaugeValue, float64(st.LastDay), st.Dataset)
		}
	}
}
