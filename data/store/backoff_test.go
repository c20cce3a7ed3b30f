package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestSyncBackoff (#22): a sync that keeps failing is due less and less
// often (every, then twice as long for each further failure, at most
// MaxBackoff), and after a success every again; a run without Every (the
// CLI's sync) is never held back.
func TestSyncBackoff(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	lease := func(at time.Duration, every time.Duration) (string, bool) {
		t.Helper()
		now := t0.Add(at)
		l := Lease{Dataset: "flaky", Source: "https://example.org/{day}.geojson", Format: "series", Holder: "test",
			Now: now, Until: now.Add(time.Minute), Every: every}
		_, skipped, err := s.TakeLease(ctx, l)
		if err != nil {
			t.Fatal(err)
		}
		return skipped, skipped == ""
	}
	end := func(at time.Duration, fail bool) {
		t.Helper()
		e := RunEnd{At: t0.Add(at), Note: "ok"}
		if fail {
			e.Err = "fetch failed"
		}
		if err := s.EndRun(ctx, Lease{Dataset: "flaky", Holder: "test"}, e); err != nil {
			t.Fatal(err)
		}
	}
	h := time.Hour
	steps := []struct {
		at      time.Duration
		ran     bool
		fail    bool
		skipped string
	}{
		{0, true, true, ""},                                 // failing 1
		{1 * h, true, true, ""},                             // due after every: failing 2
		{2*h + 30*time.Minute, false, false, "backing off"}, // due after 2h
		{3 * h, true, true, ""},                             // failing 3: due after 4h
		{6 * h, false, false, "backing off"},
		{7 * h, true, false, ""}, // a success
		{7*h + 30*time.Minute, false, false, "less than"},
		{8 * h, true, false, ""},
	}
	for _, st := range steps {
		why, ran := lease(st.at, h)
		if ran != st.ran || !strings.Contains(why, st.skipped) {
			t.Fatalf("at +%s: ran %v (%q), want ran %v (%q)", st.at, ran, why, st.ran, st.skipped)
		}
		if ran {
			end(st.at, st.fail)
		}
	}
	if _, ran := lease(8*h+time.Minute, 0); !ran {
		t.Error("a run without Every (the CLI's sync) was held back")
	}
	for failing, want := range map[int64]time.Duration{0: h, 1: h, 2: 2 * h, 3: 4 * h, 6: 24 * h, 40: 24 * h} {
		if got := Backoff(h, failing); got != want {
			t.Errorf("Backoff(1h, %d): got %s, want %s", failing, got, want)
		}
	}
	if got := Backoff(48*h, 5); got != 48*h {
		t.Errorf("Backoff(48h, 5): got %s, want 48h (never less than every)", got)
	}
}
