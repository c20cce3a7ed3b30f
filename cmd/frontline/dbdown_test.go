package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/data/store"
)

// TestDatabaseDown stops PostgreSQL under a running server: tiles already
// in its cache keep coming back, and so do new tiles of a day it has
// listed whose shapes it holds; what needs the database (another day's
// tile, figures) gets 503 with a JSON body, /readyz fails and /healthz does not; when PostgreSQL is back,
// serving recovers by itself.
func TestDatabaseDown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process and a PostgreSQL cluster")
	}
	pg := pgtest.Cluster(t)
	s, err := store.Open(context.Background(), store.Config{Path: pg.URL()}) // seeds it
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	base, _ := serveOn(t, pg.URL())
	const cached = "/tiles/2025-01-20/6/38/22.png"
	const uncached = "/tiles/2025-01-20/6/37/21.png"
	const otherDay = "/tiles/2024-06-01/6/37/21.png"
	resp, want := get(t, base+cached)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", cached, resp.StatusCode)
	}
	if resp, _ := get(t, base+"/readyz"); resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz with the database up: %d", resp.StatusCode)
	}

	pg.Stop()
	if resp, body := get(t, base+cached); resp.StatusCode != http.StatusOK || string(body) != string(want) {
		t.Errorf("a cached tile with the database down: %d, %d bytes", resp.StatusCode, len(body))
	}
	if resp, _ := get(t, base+uncached); resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("%s, a day listed, with the database down: %d, want 200 (from what the server holds) or 503", uncached, resp.StatusCode)
	}
	for _, p := range []string{otherDay, "/api/stats?day=2025-01-20", "/readyz"} {
		resp, body := get(t, base+p)
		var e struct{ Error string }
		if resp.StatusCode != http.StatusServiceUnavailable || json.Unmarshal(body, &e) != nil || !strings.Contains(e.Error, "unavailable") {
			t.Errorf("%s with the database down: %d %q, want 503 with a JSON error", p, resp.StatusCode, cut(body))
		}
	}
	if resp, _ := get(t, base+"/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz with the database down: %d, want 200 (liveness)", resp.StatusCode)
	}

	pg.Start()
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, _ := get(t, base+otherDay)
		ready, _ := get(t, base+"/readyz")
		if resp.StatusCode == http.StatusOK && ready.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("15 s after PostgreSQL came back: tile %d, /readyz %d", resp.StatusCode, ready.StatusCode)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
