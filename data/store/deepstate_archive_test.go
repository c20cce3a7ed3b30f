package store

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/deepstate"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// archiveStore is DeepStateMap's whole raw history in a store, as dataset
// "ds": the database FRONTLINE_DEEPSTATE_DB names (imported with frontline
// import --format deepstate --dataset ds), else the archive
// FRONTLINE_DEEPSTATE_ARCHIVE names (a folder or a .tar.gz), else the
// archive beside the project (../shared/data/deepstate-history, a git
// bundle that its extract.sh unpacks), imported into a new SQLite store:
// minutes, so not with -short, and once (on SQLite) in make test. Nothing
// of it is ever committed here. The test skips when none is there.
func archiveStore(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	if db := os.Getenv("FRONTLINE_DEEPSTATE_DB"); db != "" {
		s, err := Open(ctx, Config{Path: db, NoSeed: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	src := os.Getenv("FRONTLINE_DEEPSTATE_ARCHIVE")
	if src == "" {
		src = extractArchive(t)
	}
	s, err := Open(ctx, Config{Path: filepath.Join(t.TempDir(), "ds.db"), NoSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	res := mustImportDeepState(t, s, src, deepStateCfg{Dataset: "ds"})
	t.Logf("%d files, %d days, %d versions; %s", res.Files, res.Snapshots, res.Inserted, res.Repairs)
	return s
}

// extractArchive unpacks the whole archive beside the project into a
// temporary folder with its extract.sh, or skips the test.
func extractArchive(t *testing.T) string {
	t.Helper()
	const dir = "../../../shared/data/deepstate-history"
	script := filepath.Join(dir, "extract.sh")
	if _, err := os.Stat(filepath.Join(dir, "deepstatemaps-history.bundle")); err != nil {
		t.Skipf("the whole DeepStateMap archive is not beside the project (%v): skipping", err)
	}
	if testing.Short() || onPostgres() {
		t.Skip("the whole archive: not with -short, and once, on SQLite")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git to unpack the archive's bundle")
	}
	out := filepath.Join(t.TempDir(), "archive")
	if b, err := exec.Command("bash", script, out).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, b)
	}
	return out
}

// incursion is the day Ukraine's forces crossed into Kursk oblast.
var incursion = geo.MustParseDay("2024-08-06")

// TestDeepStateArchive (#20) checks the whole archive against the border
// and the theatre. Border slivers: every polygon is cut at one border, and
// the strips where Natural Earth's border and DeepStateMap's disagree go to
// the country they lie in, so ground Ukraine holds in Russia is under 10
// km² on every day before the Kursk incursion, Russia never occupies its
// own Belgorod, Bryansk or Kursk oblast (under 10 km² on every day), and on
// 2024-08-20 ground Ukraine holds in Russia is that in Kursk oblast (within
// 5%). What stays: the occupied area inside Ukraine (within 0.5%) and
// ground held in Kursk oblast (within 2%). Strays: no version reaches
// outside geo.Theatre, and neither does any day's bbox.
func TestDeepStateArchive(t *testing.T) {
	s := archiveStore(t)
	ctx := context.Background()
	ua, err := s.History(ctx, "ds", deepstate.UAInRussia)
	if err != nil {
		t.Fatal(err)
	}
	var worst geo.Version
	for _, v := range ua {
		if v.Valid.From < incursion && geo.AreaKm2(v.Geometry) > geo.AreaKm2(worst.Geometry) {
			worst = v
		}
	}
	if a := geo.AreaKm2(worst.Geometry); a >= 10 {
		t.Errorf("held by Ukraine in Russia before %s: %.1f km² from %s, want under 10", incursion, a, worst.Valid.From)
	} else {
		t.Logf("held by Ukraine in Russia before %s: at most %.1f km² (from %s)", incursion, a, worst.Valid.From)
	}
	checkOwnOblasts(t, s)
	checkTheatre(t, s)
	if bad := invalidStored(t, s); len(bad) > 0 {
		t.Errorf("invalid versions stored:\n%s", strings.Join(bad, "\n"))
	}
	for day, want := range map[string]struct{ occupied, kursk float64 }{
		"2024-08-20": {107975.3, 656.0},
		"2025-01-20": {110365.5, 437.1},
	} {
		checkKept(t, s, geo.MustParseDay(day), want.occupied, want.kursk)
	}
}

// checkOwnOblasts: no version of Russian-occupied ground reaches more than
// 10 km² into Belgorod, Bryansk or Kursk oblast.
func checkOwnOblasts(t *testing.T, s *Store) {
	t.Helper()
	ob, err := oblastAreas()
	if err != nil {
		t.Fatal(err)
	}
	vs, err := s.History(context.Background(), "ds", deepstate.OccupiedRegion)
	if err != nil {
		t.Fatal(err)
	}
	most := map[string]float64{}
	for i, a := range ob.areas {
		if !contains(oblastRussia, a.ISO) {
			continue
		}
		for _, v := range vs {
			in, err := geo.Intersection(v.Geometry, ob.refs[i].Shape)
			if err != nil {
				t.Fatal(err)
			}
			km2 := geo.AreaKm2(in)
			most[a.ISO] = max(most[a.ISO], km2)
			if km2 >= 10 {
				t.Errorf("%s: ru occupied %.1f km² from %s, want under 10", a.ISO, km2, v.Valid.From)
			}
		}
	}
	t.Logf("ru occupied, the most on any day: %v km² (%d versions)", most, len(vs))
}

// checkTheatre: every version and every change day's bbox lie inside
// geo.Theatre.
func checkTheatre(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	vs, err := s.VersionsIn(ctx, "ds", orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}})
	if err != nil {
		t.Fatal(err)
	}
	inside := func(b orb.Bound) bool { return geo.Theatre.Contains(b.Min) && geo.Theatre.Contains(b.Max) }
	for _, v := range vs {
		if b := v.Geometry.Bound(); !inside(b) {
			t.Errorf("%s from %s: bound %v outside the theatre", v.Region, v.Valid.From, b)
		}
	}
	// The stray of 2023 in the Arabian Sea: the day's bbox and grey zone.
	st, err := s.Stats(ctx, "ds", geo.MustParseDay("2023-02-02"))
	if err != nil {
		t.Fatal(err)
	}
	if b := st.BBox; len(b) != 4 || !inside(orb.Bound{Min: orb.Point{b[0], b[1]}, Max: orb.Point{b[2], b[3]}}) {
		t.Errorf("2023-02-02: bbox %v, want inside the theatre", b)
	}
	for _, f := range st.Figures {
		if f.Status == geo.StatusContested && f.AreaKm2-f.InsideKm2 > 100 {
			t.Errorf("2023-02-02: grey zone %.0f km², %.0f inside Ukraine: the stray counts", f.AreaKm2, f.InsideKm2)
		}
	}
}

// checkKept: on day, Russian-occupied ground inside Ukraine is occupied
// km² (within 0.5%), ground Ukraine holds in Kursk oblast kursk km² (within
// 2%) and all the ground it holds in Russia within 5% of that.
func checkKept(t *testing.T, s *Store, day geo.Day, occupied, kursk float64) {
	t.Helper()
	ctx := context.Background()
	st, err := s.Stats(ctx, "ds", day)
	if err != nil {
		t.Fatal(err)
	}
	var inRussia float64
	for _, f := range st.Figures {
		switch {
		case f.Side == geo.SideRU && f.Status == geo.StatusOccupied:
			t.Logf("%s: ru occupied %.1f km², %.1f inside Ukraine", day, f.AreaKm2, f.InsideKm2)
			if math.Abs(f.InsideKm2-occupied) > occupied*0.005 {
				t.Errorf("%s: ru occupied inside Ukraine %.1f km², want %.1f ± 0.5%%", day, f.InsideKm2, occupied)
			}
		case f.Side == geo.SideUA && f.Status == geo.StatusOccupied:
			inRussia = f.AreaKm2
		}
	}
	by, err := s.StatsByOblast(ctx, "ds", day)
	if err != nil {
		t.Fatal(err)
	}
	var held float64
	for _, a := range by.Areas {
		for _, f := range a.Figures {
			if a.ISO == "RU-KRS" && f.Side == geo.SideUA && f.Status == geo.StatusOccupied {
				held = f.InsideKm2
			}
		}
	}
	t.Logf("%s: held by Ukraine in Russia %.1f km², in Kursk oblast %.1f", day, inRussia, held)
	if math.Abs(held-kursk) > kursk*0.02 {
		t.Errorf("%s: held by Ukraine in Kursk oblast %.1f km², want %.1f ± 2%%", day, held, kursk)
	}
	if math.Abs(inRussia-held) > held*0.05 {
		t.Errorf("%s: held by Ukraine in Russia %.1f km², want Kursk oblast's %.1f ± 5%%", day, inRussia, held)
	}
}
