package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// The peers under the load that misses the cache read the rows frontline
// reads: on PostgreSQL, for days around each change of three versions and
// tiles over and beside them, tegola's layer SQL (its tokens filled as
// tegola fills them), Mapnik's datasource (with the bbox Mapnik adds) and
// pg_tileserv's function find the versions the store's VersionsAt finds.
// Needs FRONTLINE_TEST_PG (make pg-start).
func TestMissPeersReadFrontlinesRows(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{Path: url, NoSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const dataset = "peers-test"
	d0 := geo.MustParseDay("2024-01-01")
	square := func(lon, lat float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{lon, lat}, {lon + 0.7, lat}, {lon + 0.7, lat + 0.7}, {lon, lat + 0.7}, {lon, lat}}}}
	}
	version := func(region string, g orb.MultiPolygon, from, to geo.Day) geo.Version {
		return geo.Version{Region: region, Side: geo.SideRU, Status: geo.StatusOccupied, Geometry: g, Valid: geo.Validity{From: from, To: to}}
	}
	vs := []geo.Version{
		version("a", square(35.3, 48.2), d0, d0+10),
		version("a", square(36.4, 48.2), d0+10, geo.Forever),
		version("b", square(37.6, 47.1), d0+5, d0+20),
	}
	if _, err := s.ImportVersions(ctx, vs, []string{"1", "2", "3"}, store.ImportConfig{Dataset: dataset}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, pgTileservFunction(dataset)); err != nil {
		t.Fatal(err)
	}
	ids := func(q string) []int64 {
		t.Helper()
		rows, err := s.DB().QueryContext(ctx, "SELECT id FROM ("+q+") q ORDER BY id")
		if err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		return out
	}
	checked := 0
	for _, day := range []geo.Day{d0 - 1, d0, d0 + 4, d0 + 5, d0 + 9, d0 + 10, d0 + 19, d0 + 20} {
		for _, tile := range frontTiles(orb.Bound{Min: orb.Point{34.5, 46.5}, Max: orb.Point{39, 49.5}}, 7, 7) {
			b := tile.Bound()
			env := fmt.Sprintf("ST_MakeEnvelope(%g, %g, %g, %g, 4326)", b.Min[0], b.Min[1], b.Max[0], b.Max[1])
			stored, err := s.VersionsAtBare(ctx, dataset, day, b)
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, v := range stored {
				want = append(want, v.ID)
			}
			slices.Sort(want)
			tegola := strings.NewReplacer("!DAY!", fmt.Sprint(int(day)), "!BBOX!", env).Replace(tegolaMissSQL(dataset))
			mapnik := "SELECT id FROM " + strings.ReplaceAll(mapnikMissTable(dataset), "@day", fmt.Sprint(int(day))) + " WHERE geom && " + env
			for name, got := range map[string][]int64{"tegola": ids(tegola), "Mapnik": ids(mapnik)} {
				if !slices.Equal(got, want) {
					t.Errorf("%s, tile %v: %s reads versions %v, frontline %v", day, tile, name, got, want)
				}
			}
			if n := pgTileservFeatures(t, s, tile, day); n != len(want) {
				t.Errorf("%s, tile %v: pg_tileserv's function draws %d features, frontline reads %d versions", day, tile, n, len(want))
			}
			if len(want) > 0 {
				checked++
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d (day, tile) pairs with versions: the test checks little", checked)
	}
}

// pgTileservFeatures is the count of features of the control layer of
// the tile pg_tileserv's function makes for tile and day.
func pgTileservFeatures(t *testing.T, s *store.Store, tile maptile.Tile, day geo.Day) int {
	t.Helper()
	var b []byte
	if err := s.DB().QueryRowContext(context.Background(), "SELECT public.control_day($1, $2, $3, $4)", int(tile.Z), int(tile.X), int(tile.Y), int(day)).Scan(&b); err != nil {
		t.Fatal(err)
	}
	layers, err := mvt.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layers {
		if l.Name == "control" {
			return len(l.Features)
		}
	}
	return 0
}
