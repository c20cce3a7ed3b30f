package store

import (
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/mattn/go-sqlite3"
)

// TestErrorsKeepTheirCause: the store marks busy and unreachable databases
// with geo's sentinels and keeps the driver's error in the chain, so that
// errors.As still finds it (issue #19: "%w (%v)" cut it off).
func TestErrorsKeepTheirCause(t *testing.T) {
	s := &Store{}
	busy := sqlite3.Error{Code: sqlite3.ErrBusy}
	down := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	tests := map[string]struct {
		err      error
		sentinel error
		cause    func(error) bool
	}{
		"busy": {s.busyError(fmt.Errorf("insert: %w", busy)), geo.ErrBusy,
			func(err error) bool { var se sqlite3.Error; return errors.As(err, &se) && se.Code == sqlite3.ErrBusy }},
		"busy twice": {s.busyError(s.busyError(busy)), geo.ErrBusy,
			func(err error) bool { var se sqlite3.Error; return errors.As(err, &se) }},
		"unavailable": {dialect{pg: true}.wrap(down), geo.ErrUnavailable,
			func(err error) bool { var oe *net.OpError; return errors.As(err, &oe) }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if !errors.Is(tc.err, tc.sentinel) {
				t.Errorf("errors.Is(%v, %v): got false, want true", tc.err, tc.sentinel)
			}
			if !tc.cause(tc.err) {
				t.Errorf("errors.As on %v: got no cause, want the driver's error", tc.err)
			}
		})
	}
	if got := s.busyError(s.busyError(busy)).Error(); got != s.busyError(busy).Error() {
		t.Errorf("busy wrapped twice: got %q, want %q", got, s.busyError(busy).Error())
	}
}
