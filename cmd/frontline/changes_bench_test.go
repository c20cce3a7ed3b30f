package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/tiles/server"
)

// archiveServer is a server on the whole DeepStateMap archive imported
// into the SQLite file $FRONTLINE_ARCHIVE_DB (dataset deepstate), fresh
// (no cached report) for each call; the benchmark skips without it.
func archiveServer(b *testing.B, s **store.Store) http.Handler {
	b.Helper()
	ctx := context.Background()
	if *s == nil {
		path := os.Getenv("FRONTLINE_ARCHIVE_DB")
		if path == "" {
			b.Skip("FRONTLINE_ARCHIVE_DB names no copy of the whole archive's database")
		}
		st, err := store.Open(ctx, store.Config{Path: path})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		*s = st
	}
	srv, err := newServer(ctx, *s, server.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, importOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return srv.Routes()
}

func benchGet(b *testing.B, h http.Handler, u string) {
	b.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", u, rec.Code, rec.Body)
	}
}

// benchReport measures GET u on a fresh server each time: the report
// computed, never read from the cache.
func benchReport(b *testing.B, u string) {
	var s *store.Store
	for b.Loop() {
		b.StopTimer()
		h := archiveServer(b, &s)
		b.StartTimer()
		benchGet(b, h, u)
	}
}

// BenchmarkChangeReportWeek: a week's report over the whole map (#25: under 300 ms).
func BenchmarkChangeReportWeek(b *testing.B) {
	benchReport(b, "/api/changes?dataset=deepstate&from=2025-07-27&to=2025-08-03")
}

// BenchmarkChangeReportWeekText: the same as a paragraph in Ukrainian.
func BenchmarkChangeReportWeekText(b *testing.B) {
	benchReport(b, "/api/changes?dataset=deepstate&from=2025-07-27&to=2025-08-03&format=text&lang=uk")
}

// BenchmarkChangeReport4Years: the archive's whole span (#25: under 3 s).
func BenchmarkChangeReport4Years(b *testing.B) {
	benchReport(b, "/api/changes?dataset=deepstate&from=2022-04-03&to=2025-08-03")
}

// BenchmarkChangeFeedCached: the daily Atom feed once its reports are
// computed (#25: under 100 ms).
func BenchmarkChangeFeedCached(b *testing.B) {
	var s *store.Store
	h := archiveServer(b, &s)
	u := "/feeds/changes.atom?dataset=deepstate"
	benchGet(b, h, u)
	for b.Loop() {
		benchGet(b, h, u)
	}
}
