package store

import (
	"bytes"
	"context"
	"testing"

	"github.com/paulmach/orb"
)

// TestLoadGeomsBatched: geometries missing from the memo load with one
// query per geomBatch versions, not one per version (issue #19), and a
// second read comes from the memo.
func TestLoadGeomsBatched(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	vs, err := s.VersionsIn(ctx, SeedDataset, orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) < 2 {
		t.Fatalf("got %d seed versions, want several", len(vs))
	}
	// A new store on the same database starts with a cold memo.
	s.geomMemo = newGeomCache(128 << 20)
	before := geomQueries.Load()
	again, err := s.VersionsIn(ctx, SeedDataset, orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}})
	if err != nil {
		t.Fatal(err)
	}
	want := int64((len(again) + geomBatch - 1) / geomBatch)
	if got := geomQueries.Load() - before; got != want {
		t.Errorf("geometry queries for %d versions: got %d, want %d", len(again), got, want)
	}
	for i, v := range again {
		if len(v.Geometry) == 0 || v.ID != vs[i].ID || len(v.Geometry) != len(vs[i].Geometry) {
			t.Fatalf("version %d: got %d polygons, want %d", v.ID, len(v.Geometry), len(vs[i].Geometry))
		}
	}
	before = geomQueries.Load()
	if _, err := s.VersionsIn(ctx, SeedDataset, orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}); err != nil {
		t.Fatal(err)
	}
	if got := geomQueries.Load() - before; got != 0 {
		t.Errorf("geometry queries with a warm memo: got %d, want 0", got)
	}
}

// TestGeometryEncodedOnce: an import encodes each day's shape once, for
// its hash and, when it is new, for the row (issue #19: twice before).
func TestGeometryEncodedOnce(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	fs, err := ReadSeriesStream(ctx, "s.tar.gz", bytes.NewReader(tarGz(t, series(30))), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	before := geomEncodes.Load()
	res, err := s.ImportSeries(ctx, fs, seriesCfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted == 0 {
		t.Fatalf("got %+v, want versions inserted", res)
	}
	if got, want := geomEncodes.Load()-before, int64(res.Days); got != want {
		t.Errorf("geometries encoded for %d days (%d versions inserted): got %d, want %d", res.Days, res.Inserted, got, want)
	}
}
