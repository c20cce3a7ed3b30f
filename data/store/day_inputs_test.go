package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/frontline-map/frontline/data/deepstate"
	"github.com/frontline-map/frontline/data/internal/dsfixture"
	dataseries "github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// reimportStamps are the days of reimportFixture (12:00 UTC, 2025-04-01
// on).
var reimportStamps = []int64{1743508800, 1743595200, 1743681600, 1743768000, 1743854400}

// reimportBodies are the maps of five days: each day's own but for days 2
// and 3, which are the same (one version of each region over both).
func reimportBodies() []string {
	var out []string
	for i := range reimportStamps {
		r := 0.1 + 0.01*float64(min(i, 2))
		if i == 4 {
			r = 0.2
		}
		out = append(out, dsfixture.Collection(
			dsfixture.Polygon("Окуповано /// Occupied /// geoJSON.status.occupied", dsfixture.Square(37.8, 48.0, r)),
			dsfixture.Polygon("Статус невідомий /// Unknown status /// geoJSON.status.unknown", dsfixture.Grey),
			dsfixture.Polygon("Звільнено 25.03 /// Liberated 25.03 /// geoJSON.status.dismissed_at {{at:25.03}}", dsfixture.Square(36.9, 49.9, r/2)),
			dsfixture.Polygon("Звільнено /// Liberated /// geoJSON.status.dismissed", dsfixture.Kursk)))
	}
	return out
}

// reimportFixture writes the files of the days in days.
func reimportFixture(t *testing.T, bodies []string, days ...int) string {
	t.Helper()
	dir := t.TempDir()
	for _, i := range days {
		name := strconv.FormatInt(reimportStamps[i], 10) + ".geojson"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(bodies[i]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// reimport imports a DeepStateMap history as the command line does: with
// what the store has of the dataset. It returns the files parsed.
func reimport(t *testing.T, s *Store, dataset, src string) (ImportResult, []string) {
	t.Helper()
	im, err := s.Imported(context.Background(), dataset)
	if err != nil {
		t.Fatal(err)
	}
	return importWith(t, s, dataset, src, im)
}

// importWith imports a DeepStateMap history, skipping what im says.
func importWith(t *testing.T, s *Store, dataset, src string, im *geo.Imported) (ImportResult, []string) {
	t.Helper()
	ctx := context.Background()
	var parsed []string
	opt := deepstate.Options{Options: dataseries.Options{Imported: im, Parsing: func(n string) { parsed = append(parsed, n) }}}
	h, err := deepstate.ReadPath(ctx, src, opt)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.ImportDays(ctx, h.Series(""), ImportConfig{Dataset: dataset})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(parsed)
	return res, parsed
}

// writes are what tells that a dataset was written: its revision, and the
// rows of the audit log and of day_inputs.
func writes(t *testing.T, s *Store, dataset string) [3]int64 {
	t.Helper()
	var w [3]int64
	ctx := context.Background()
	err := s.db.QueryRowContext(ctx, `SELECT revision, (SELECT count(*) FROM audit), (SELECT count(*) FROM day_inputs)
		FROM datasets WHERE name = ?`, dataset).Scan(&w[0], &w[1], &w[2])
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// versionsOf are a dataset's versions without their ids.
func versionsOf(t *testing.T, s *Store, dataset string) []geo.Version {
	t.Helper()
	vs, err := s.VersionsIn(context.Background(), dataset, world)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatalf("%s: no versions", dataset)
	}
	for i := range vs {
		vs[i].ID, vs[i].Dataset = 0, ""
	}
	return vs
}

// TestReimportSkipsUnchanged (issue #19): a re-import of a history that
// changed nothing parses none of its days and writes nothing; with one
// day's file changed, that day and the next are parsed, and the versions
// are those of a fresh import of the changed history; after an import of
// part of it, and after an edit of the versions, the days it no longer
// vouches for are read again.
func TestReimportSkipsUnchanged(t *testing.T) {
	s := empty(t)
	bodies := reimportBodies()
	all := []int{0, 1, 2, 3, 4}
	res, parsed := reimport(t, s, "ds", reimportFixture(t, bodies, all...))
	if len(parsed) != 5 || res.SkippedDays != 0 || !res.Changed() {
		t.Fatalf("first import: parsed %v, %+v; want 5 days parsed and written", parsed, res)
	}
	before := writes(t, s, "ds")
	res, parsed = reimport(t, s, "ds", reimportFixture(t, bodies, all...))
	if len(parsed) != 0 || res.SkippedDays != 5 || res.Changed() || res.Days != 0 {
		t.Errorf("again: parsed %v, %+v; want none parsed, 5 days skipped, nothing changed", parsed, res)
	}
	if after := writes(t, s, "ds"); after != before {
		t.Errorf("again: revision, audit rows, digests %v, want %v (nothing written)", after, before)
	}

	changed := slices.Clone(bodies)
	changed[2] = dsfixture.Collection(dsfixture.Polygon("Окуповано /// Occupied /// geoJSON.status.occupied", dsfixture.Square(37.8, 48.0, 0.3)))
	res, parsed = reimport(t, s, "ds", reimportFixture(t, changed, all...))
	if want := []string{"1743681600.geojson", "1743768000.geojson"}; !slices.Equal(parsed, want) || res.SkippedDays != 3 {
		t.Errorf("one day changed: parsed %v, %d skipped; want %v, 3", parsed, res.SkippedDays, want)
	}
	reimport(t, s, "fresh", reimportFixture(t, changed, all...))
	if got, want := versionsOf(t, s, "ds"), versionsOf(t, s, "fresh"); !reflect.DeepEqual(got, want) {
		t.Errorf("one day changed: versions\n%+v\nwant a fresh import's\n%+v", got, want)
	}

	// Day 2 back as it was, alone: its version goes on over day 3, whose
	// digest the store drops, so that the whole history reads day 3 again.
	// Change detection splits versions as it goes: ref is what imports
	// that skip nothing make of the same imports.
	ref := func(src string) { importWith(t, s, "ref", src, nil) }
	ref(reimportFixture(t, bodies, all...))
	ref(reimportFixture(t, changed, all...))
	reimport(t, s, "ds", reimportFixture(t, bodies, 2))
	ref(reimportFixture(t, bodies, 2))
	_, parsed = reimport(t, s, "ds", reimportFixture(t, bodies, all...))
	if want := []string{"1743768000.geojson", "1743854400.geojson"}; !slices.Equal(parsed, want) {
		t.Errorf("after a part: parsed %v, want %v", parsed, want)
	}
	ref(reimportFixture(t, bodies, all...))
	if got, want := versionsOf(t, s, "ds"), versionsOf(t, s, "ref"); !reflect.DeepEqual(got, want) {
		t.Errorf("after a part: versions\n%+v\nwant those of imports that skip nothing\n%+v", got, want)
	}

	// An edit of the versions makes the digests stale.
	for _, ds := range []string{"ds", "ref"} {
		id := versionsIDs(t, s, ds)[0]
		err := s.Load(context.Background(), nil, func(w *Writer) error { return w.DeleteVersion(context.Background(), id) })
		if err != nil {
			t.Fatal(err)
		}
	}
	if im, err := s.Imported(context.Background(), "ds"); err != nil || len(im.Digests) != 0 || len(im.Regions) == 0 {
		t.Errorf("after an edit: %+v, %v; want no digests, the regions", im, err)
	}
	if _, parsed = reimport(t, s, "ds", reimportFixture(t, bodies, all...)); len(parsed) != 5 {
		t.Errorf("after an edit: parsed %v, want all 5", parsed)
	}
	ref(reimportFixture(t, bodies, all...))
	if got, want := versionsOf(t, s, "ds"), versionsOf(t, s, "ref"); !reflect.DeepEqual(got, want) {
		t.Errorf("after an edit: versions differ from those of imports that skip nothing")
	}
}

func versionsIDs(t *testing.T, s *Store, dataset string) []int64 {
	t.Helper()
	vs, err := s.VersionsIn(context.Background(), dataset, world)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, v := range vs {
		ids = append(ids, v.ID)
	}
	return ids
}

// TestReimportSeriesSkipsUnchanged (issue #19): the same of a snapshot
// series.
func TestReimportSeriesSkipsUnchanged(t *testing.T) {
	s := empty(t)
	ctx := context.Background()
	files := map[string]string{"2025-01-01.geojson": square(37), "2025-01-02.geojson": square(37.5),
		"2025-01-03.geojson": square(37.5), "2025-01-04.geojson": square(38)}
	run := func(dataset string, files map[string]string) (ImportResult, int) {
		t.Helper()
		dir := t.TempDir()
		for n, b := range files {
			os.WriteFile(filepath.Join(dir, n), []byte(b), 0o644)
		}
		im, err := s.Imported(ctx, dataset)
		if err != nil {
			t.Fatal(err)
		}
		cfg := importCfg{Dataset: dataset, Region: "r", Side: geo.SideRU, Status: geo.StatusOccupied}
		parsed := 0
		opt := ReadOptions{Imported: im, Defaults: cfg.defaults(), Parsing: func(string) { parsed++ }}
		fs, err := ReadSeries(ctx, dir, opt)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.ImportSeries(ctx, fs, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return res, parsed
	}
	run("ds", files)
	before := writes(t, s, "ds")
	if res, parsed := run("ds", files); parsed != 0 || res.SkippedDays != 4 || res.Changed() || writes(t, s, "ds") != before {
		t.Errorf("again: parsed %d, %+v; want none parsed, 4 skipped, nothing written", parsed, res)
	}
	files["2025-01-02.geojson"] = square(37.2)
	if res, parsed := run("ds", files); parsed != 2 || res.SkippedDays != 2 {
		t.Errorf("one day changed: parsed %d, %+v; want 2 parsed, 2 skipped", parsed, res)
	}
	run("fresh", files)
	if got, want := versionsOf(t, s, "ds"), versionsOf(t, s, "fresh"); !reflect.DeepEqual(got, want) {
		t.Errorf("one day changed: versions\n%+v\nwant a fresh import's\n%+v", got, want)
	}
}

// square is a one-feature FeatureCollection of a box whose east edge is
// east.
func square(east float64) string {
	e := strconv.FormatFloat(east, 'f', -1, 64)
	return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[36,47],[` +
		e + `,47],[` + e + `,48],[36,48],[36,47]]]}}]}`
}

var world = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
