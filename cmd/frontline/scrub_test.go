package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

const deepstateSeries = "../../../shared/data/deepstate-series/deepstate-occupied-daily.tar.gz"

// loadRealSeries loads the real series into the test server's store, or skips.
func loadRealSeries(t testing.TB, s *store.Store) {
	t.Helper()
	if _, err := os.Stat(deepstateSeries); err != nil {
		t.Skipf("real series not found at %s: skipping", deepstateSeries)
	}
	if testing.Short() {
		t.Skip("imports the real series")
	}
	ctx := context.Background()
	files, err := series.Read(ctx, deepstateSeries, series.Path(deepstateSeries), series.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sr, err := series.Group(ctx, files, geojson.Defaults{Region: "deepstate-occupied", Side: geo.SideRU, Status: geo.StatusOccupied})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportDays(ctx, sr, store.ImportConfig{Dataset: "deepstate"}); err != nil {
		t.Fatal(err)
	}
}

var rendersRE = regexp.MustCompile(`frontline_tile_renders_total\{kind="png"\} (\S+)`)

func renders(t *testing.T, base string) int {
	_, m := get(t, base+"/metrics")
	sm := rendersRE.FindSubmatch(m)
	if sm == nil {
		return 0
	}
	n, _ := strconv.ParseFloat(string(sm[1]), 64) // 1e+06 past a million
	return int(n)
}

// TestScrubRendersOnlyChangedTiles moves through 30 consecutive days of the
// real series over a fixed 4x4 view near the front (z8) and checks that
// renders equal the number of distinct tile bodies, and that a tile that
// did not change comes back as 304 to the previous day's ETag.
func TestScrubRendersOnlyChangedTiles(t *testing.T) {
	base, s := testServer(t)
	loadRealSeries(t, s)
	start := geo.MustParseDay("2025-01-01")
	x0, y0 := 153, 88 // z8 around Pokrovsk and Kurakhove
	distinct := map[[32]byte]bool{}
	prev := map[string]string{}
	var notModified, unchanged int
	for d := 0; d < 30; d++ {
		day := (start + geo.Day(d)).String()
		for x := x0; x < x0+4; x++ {
			for y := y0; y < y0+4; y++ {
				path := fmt.Sprintf("/tiles/%s/8/%d/%d.png?dataset=deepstate", day, x, y)
				tile := fmt.Sprint(x, "/", y)
				if etag, ok := prev[tile]; ok {
					resp, _ := get(t, base+path, "If-None-Match", etag)
					if resp.StatusCode == http.StatusNotModified {
						notModified++
						continue
					}
				}
				resp, body := get(t, base+path)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
				}
				if prev[tile] == resp.Header.Get("ETag") {
					unchanged++
				}
				prev[tile] = resp.Header.Get("ETag")
				distinct[sha256.Sum256(body)] = true
			}
		}
	}
	got := renders(t, base)
	t.Logf("30 days x 16 tiles: %d renders, %d distinct bodies, %d answered 304", got, len(distinct), notModified)
	if got != len(distinct) {
		t.Errorf("renders: got %d, want %d (one per distinct tile body)", got, len(distinct))
	}
	if notModified == 0 || got >= 30*16/2 {
		t.Errorf("scrubbing should mostly hit: %d renders, %d not modified", got, notModified)
	}
	if unchanged != 0 {
		t.Errorf("%d tiles answered 200 with the ETag the client already had", unchanged)
	}
}
