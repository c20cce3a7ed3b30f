package syncer

import (
	"errors"
	"strings"
	"testing"
)

// TestJobError: a job that cannot run is a *JobError whose Why the CLI
// shows under its own flag names, without editing the error's text
// (issue #19); its text still starts "sync: ".
func TestJobError(t *testing.T) {
	tests := map[string]struct {
		job Job
		why string
	}{
		"no dataset":       {Job{Source: "/x"}, "no dataset named"},
		"bad format":       {Job{Dataset: "d", Source: "/x", Format: "csv"}, "format"},
		"feed template":    {Job{Dataset: "d", Source: "https://h/{day}.xml", Format: FormatFeed}, "a feed is one document"},
		"deepstate region": {Job{Dataset: "d", Source: "/x", Format: FormatDeepState, Region: "r"}, "region, side and status do not apply to DeepStateMap"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := tc.job.Check()
			var je *JobError
			if !errors.As(err, &je) {
				t.Fatalf("got %v (%T), want a *JobError", err, err)
			}
			if !strings.HasPrefix(je.Why, tc.why) || err.Error() != "sync: "+je.Why {
				t.Errorf("got why %q, text %q; want why starting %q and text \"sync: \"+why", je.Why, err, tc.why)
			}
		})
	}
}
