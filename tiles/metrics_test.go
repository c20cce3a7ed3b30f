package tiles

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestMetricsCountEveryRequest sends requests from many goroutines and
// checks /metrics counts each one by route and code, in the counter and
// in the latency histogram.
func TestMetricsCountEveryRequest(t *testing.T) {
	h := fakeServer().Routes()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/tiles/2015-01-01/6/38/22.png", nil))
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/tiles/2015-13-01/6/38/22.png", nil))
			}
		})
	}
	wg.Wait()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatal(rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`frontline_http_requests_total{route="tile",code="200"} 200`,
		`frontline_http_requests_total{route="tile",code="400"} 200`,
		`frontline_http_request_duration_seconds_count{route="tile"} 400`,
		`frontline_http_request_duration_seconds_bucket{route="tile",le="+Inf"} 400`,
		fmt.Sprintf(`frontline_tile_renders_total{kind="png"} %d`, 1),
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
