package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// BenchmarkVersionsAt measures the map-at-a-day query over the seed, for
// the whole map and for a z8-sized bounding box.
func BenchmarkVersionsAt(b *testing.B) {
	ctx := context.Background()
	s := seeded(b)
	day := geo.MustParseDay("2025-01-20")
	for name, bound := range map[string]orb.Bound{
		"everywhere": {},
		"z8-box":     {Min: orb.Point{37.0, 47.9}, Max: orb.Point{38.4, 48.9}},
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := s.VersionsAt(ctx, SeedDataset, day, bound); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVersionsAtDeepState measures the same query on the real series.
func BenchmarkVersionsAtDeepState(b *testing.B) {
	needSeries(b)
	ctx := context.Background()
	s := empty(b)
	files, err := ReadSeries(ctx, deepstateSeries, ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportSeries(ctx, files, deepstateCfg); err != nil {
		b.Fatal(err)
	}
	first := geo.MustParseDay("2024-07-08")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		day := first + geo.Day(i%770)
		if _, err := s.VersionsAt(ctx, "deepstate", day, orb.Bound{Min: orb.Point{37.0, 47.9}, Max: orb.Point{38.4, 48.9}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportSeries measures reading and importing the full real
// series (769 daily files) into a new database.
func BenchmarkImportSeries(b *testing.B) {
	needSeries(b)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		s, err := Open(ctx, Config{Path: filepath.Join(b.TempDir(), "bench.db"), NoSeed: true})
		if err != nil {
			b.Fatal(err)
		}
		files, err := ReadSeries(ctx, deepstateSeries, ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.ImportSeries(ctx, files, deepstateCfg); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkStats measures km² per side at a day on the real series
// (overlay with Ukraine's full-resolution outline); memoised per version set,
// so the benchmark walks through different days.
func BenchmarkStatsDeepState(b *testing.B) {
	needSeries(b)
	ctx := context.Background()
	s := empty(b)
	files, _ := ReadSeries(ctx, deepstateSeries, ReadOptions{})
	if _, err := s.ImportSeries(ctx, files, deepstateCfg); err != nil {
		b.Fatal(err)
	}
	first := geo.MustParseDay("2024-07-08")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Stats(ctx, "deepstate", first+geo.Day(i%770)); err != nil {
			b.Fatal(err)
		}
	}
}
