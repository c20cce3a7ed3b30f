package store

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// deepstateSeries is the real series beside the project (GPL-3.0, never
// committed here); tests that need it skip where it is absent.
const deepstateSeries = "../../../shared/data/deepstate-series/deepstate-occupied-daily.tar.gz"

var deepstateCfg = importCfg{Dataset: "deepstate", Region: "deepstate-occupied", Side: geo.SideRU, Status: geo.StatusOccupied}

func needSeries(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(deepstateSeries); err != nil {
		t.Skipf("real series not found at %s: skipping", deepstateSeries)
	}
	if testing.Short() {
		t.Skip("imports the full real series")
	}
}

func TestDeepStateSeries(t *testing.T) {
	needSeries(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ds.db")
	s, err := Open(ctx, Config{Path: path, NoSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	files, err := ReadSeries(ctx, deepstateSeries, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	read := time.Since(start)
	res, err := s.ImportSeries(ctx, files, deepstateCfg)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	t.Logf("read %d files in %s, imported in %s: %+v; database %d bytes", len(files), read, time.Since(start)-read, res, st.Size())
	if len(files) != 769 || res.Days != 769 {
		t.Errorf("got %d files, %d days; want 769", len(files), res.Days)
	}
	res2, err := s.ImportSeries(ctx, files, deepstateCfg)
	if err != nil || res2.Changed() {
		t.Errorf("re-import: got %+v, %v; want no change", res2, err)
	}
	// The series' README gives the raw (unclipped) area on the WGS84
	// ellipsoid: about 109,361 km² on 2024-07-08 and 116,995 on 2026-08-22.
	for day, want := range map[string]float64{"2024-07-08": 109361, "2026-08-22": 116995} {
		vs, err := s.VersionsAt(ctx, "deepstate", geo.MustParseDay(day), orb.Bound{})
		if err != nil || len(vs) != 1 {
			t.Fatalf("%s: got %d versions, %v", day, len(vs), err)
		}
		if got := geo.AreaKm2(vs[0].Geometry); math.Abs(got-want) > want*0.001 {
			t.Errorf("%s: raw area %.0f km², want %.0f ± 0.1%%", day, got, want)
		}
	}
	start = time.Now()
	stats, err := s.Stats(ctx, "deepstate", geo.MustParseDay("2025-01-20"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stats in %s: %+v", time.Since(start), stats.Figures)
}
