package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// heavyMap is a day's map at the geometry budgets: jagged discs of 1,000
// vertices across Donbas, one side and status, side by side (shapes whose
// edges cross each other thousands of times cost more than their
// vertices say: see the README's limits).
func heavyMap() []byte {
	const each = 1000
	n := 30_000 / each // heavy enough to outlast its client by far, and a step of it short
	fs := make([]string, n)
	for i := range fs {
		lon, lat := 36+float64(i%8)*0.4, 47+float64(i/8)*0.3
		var b strings.Builder
		for k := 0; k < each-1; k++ {
			r := 0.18
			if k%2 == 1 {
				r = 0.17
			}
			a := 2 * math.Pi * float64(k) / float64(each-1)
			fmt.Fprintf(&b, "[%.5f,%.5f],", lon+r*math.Cos(a), lat+r*math.Sin(a))
		}
		fmt.Fprintf(&b, "[%.5f,%.5f]", lon+0.18, lat)
		fs[i] = fmt.Sprintf(`{"type":"Feature","properties":{"region":"heavy-%d","side":"ru","status":"occupied","valid_from":"2024-01-01"},"geometry":{"type":"Polygon","coordinates":[[%s]]}}`, i, b.String())
	}
	return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`)
}

// cpu is the CPU time (user and system) this process has used.
func cpu(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestStatsStopWhenClientLeaves (#22): /api/stats?by=oblast on a heavy map
// whose stored figures are behind (as after a write by SQL) measures them
// first, and stops when its client leaves: under 0.5 s of CPU in the 2 s
// after.
func TestStatsStopWhenClientLeaves(t *testing.T) {
	if testing.Short() {
		t.Skip("measures CPU over seconds")
	}
	base, s := testServer(t)
	if resp, b := postWith(t, base+"/api/import?dataset=heavy", heavyMap()); resp.StatusCode != http.StatusOK {
		t.Fatalf("import: %d %s", resp.StatusCode, cut(b))
	}
	for _, q := range []string{`DELETE FROM figures`, `DELETE FROM figure_days`, `DELETE FROM figures_revision`} {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	// The oblasts' outlines are read once a process, on the first figures
	// by oblast: not work of the request measured.
	if resp, b := get(t, base+"/api/stats?by=oblast&day=2024-06-01"); resp.StatusCode != http.StatusOK {
		t.Fatalf("stats of the seed: %d %s", resp.StatusCode, cut(b))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/stats?by=oblast&dataset=heavy&day=2024-06-01", nil)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("the stats answered %d in 500 ms: the map is not heavy enough to test", resp.StatusCode)
	}
	time.Sleep(50 * time.Millisecond) // the server notices the closed connection
	before := cpu(t)
	time.Sleep(2 * time.Second)
	if used := cpu(t) - before; used > 500*time.Millisecond {
		t.Errorf("got %v of CPU in the 2 s after the client left, want under 0.5 s", used)
	}
}

// starsMap is a day's map of two jagged stars of 10,000 vertices each,
// laid over each other (within the import budgets): their edges cross
// some ten million times, and uniting them ran for over ten minutes.
func starsMap() []byte {
	const each = 10_000
	fs := make([]string, 2)
	for i := range fs {
		var b strings.Builder
		for k := 0; k <= each; k++ {
			r := 0.5
			if k%2 == 1 {
				r = 0.1
			}
			a := 2*math.Pi*float64(k%each)/float64(each) + 0.001*float64(i)
			if k > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "[%.6f,%.6f]", 37+0.01*float64(i)+r*math.Cos(a), 48+0.01*float64(i)+r*math.Sin(a))
		}
		fs[i] = fmt.Sprintf(`{"type":"Feature","properties":{"region":"star-%d","side":"ru","status":"occupied","valid_from":"2024-01-01"},"geometry":{"type":"Polygon","coordinates":[[%s]]}}`, i, b.String())
	}
	return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`)
}

// TestStarsOverStars (#22): figures, a diff, a change report and a picture with figures over
// planted shapes whose edges cross millions of times are refused with 422
// naming the overlay budget, instead of running for minutes; the map
// itself still draws.
func TestStarsOverStars(t *testing.T) {
	base, _ := testServer(t)
	if resp, b := postWith(t, base+"/api/import?dataset=stars", starsMap()); resp.StatusCode != http.StatusOK {
		t.Fatalf("import: %d %s", resp.StatusCode, cut(b))
	}
	for _, path := range []string{
		"/api/stats?dataset=stars&day=2024-06-01",
		"/api/stats?dataset=stars&day=2024-06-01&by=oblast",
		"/api/diff?dataset=stars&from=2023-06-01&to=2024-06-01",
		"/api/changes?dataset=stars&from=2023-06-01&to=2024-06-01",
		"/api/changes?dataset=stars&from=2023-06-01&to=2024-06-01&format=text&place=Pokrovsk",
		"/snapshot.png?dataset=stars&day=2024-06-01&bbox=36,47,38,49&width=300&height=300",
	} {
		resp, b := get(t, base+path)
		var body struct{ Error string }
		if resp.StatusCode != http.StatusUnprocessableEntity || json.Unmarshal(b, &body) != nil || !strings.Contains(body.Error, "8000 times") {
			t.Errorf("%s: %d %s, want 422 naming the overlay budget", path, resp.StatusCode, cut(b))
		}
	}
	resp, b := get(t, base+"/snapshot.png?dataset=stars&day=2024-06-01&bbox=36,47,38,49&width=300&height=300&figures=0")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the map without figures: %d %s", resp.StatusCode, cut(b))
	}
}
