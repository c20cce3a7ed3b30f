package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/internal/fake"
)

// TestExportCaching (#21): /api/export writes a file once for its key:
// asked again it comes from the cache, and with If-None-Match it is 304
// without being written; the Exporter's invalid format is a 400, and a
// server without an Exporter answers 404.
func TestExportCaching(t *testing.T) {
	var writes atomic.Int32
	exp := func(_ context.Context, dataset string, day geo.Day, format string) (Export, error) {
		if format != "" && format != "csv" {
			return Export{}, geo.Invalidf("format %s", geo.Echo(format))
		}
		write := func(_ context.Context, w io.Writer) error {
			writes.Add(1)
			_, err := fmt.Fprintf(w, "id,day\n1,%s\n", day)
			return err
		}
		return Export{Key: "k-" + dataset, ContentType: "text/csv", Filename: "x.csv", Write: write}, nil
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := New(Config{Store: fake.NewStore(), Log: log, Export: exp}).Routes()
	const path = "/api/export?day=2025-01-20&format=csv"
	for i := range 2 {
		if w := get(t, h, path); w.Code != http.StatusOK || w.Body.String() != "id,day\n1,2025-01-20\n" || w.Header().Get("ETag") != `"k-seed"` {
			t.Errorf("request %d: got %d %q ETag %s", i, w.Code, w.Body, w.Header().Get("ETag"))
		}
	}
	if w := get(t, h, path, "If-None-Match", `"k-seed"`); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match: got %d, want 304", w.Code)
	}
	if n := writes.Load(); n != 1 {
		t.Errorf("written %d times, want once", n)
	}
	if w := get(t, h, "/api/export?day=2025-01-20&format=kml"); w.Code != http.StatusBadRequest {
		t.Errorf("format kml: got %d, want 400", w.Code)
	}
	h = New(Config{Store: fake.NewStore(), Log: log}).Routes()
	if w := get(t, h, path); w.Code != http.StatusNotFound {
		t.Errorf("no exporter: got %d, want 404", w.Code)
	}
}
