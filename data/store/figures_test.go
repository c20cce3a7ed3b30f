package store

import (
	"context"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// figuresTolerance is how far a stored figure may be from one measured
// anew from that day's versions alone, in km².
const figuresTolerance = 0.001

// overlayTolerance is how far a stored figure may be from overlay's
// (geo.MeasureEach), in km². Overlay cuts edges where they cross in
// lon/lat, the figures (as AreaKm2 measures areas) where they cross in the
// equal-area projection: DeepStateMap's liberated ground in May 2022 has an
// edge of 100 km across Sumy oblast's border, which bows 38 m between the
// two, and its part inside the oblast differs by 2.4 km² (both agree to
// 0.001 km² with the edge cut every 0.01°). Overlay's noding is off by as
// much as 1.3 km² besides. On every change day of the whole archive the
// largest gap is 2.99 km².
const overlayTolerance = 4.0

// checkFiguresAnew compares the stored figures of dataset on each of days
// (the whole map and each oblast) with figures measured anew from the
// versions on its map alone (a new geo.Meter) within figuresTolerance, and
// with overlay's (geo.MeasureEach) within overlayTolerance, a figure
// missing on one side counting as 0.
func checkFiguresAnew(t *testing.T, s *Store, dataset string, days []geo.Day) {
	t.Helper()
	ctx := context.Background()
	refs, areas, err := figureRefs()
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for _, day := range days {
		vs, err := s.VersionsAt(ctx, dataset, day, orb.Bound{})
		if err != nil {
			t.Fatal(err)
		}
		overlay, err := geo.MeasureEach(ctx, vs, refs)
		if err != nil {
			t.Fatal(err)
		}
		tally, err := geo.NewMeter(refs).Measure(ctx, vs)
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.Stats(ctx, dataset, day)
		if err != nil {
			t.Fatal(err)
		}
		byOblast, err := s.StatsByOblast(ctx, dataset, day)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]map[string]geo.Figure{"": {}}
		for _, f := range st.Figures {
			stored[""][f.Side.String()+" "+f.Status.String()] = f
		}
		for _, a := range byOblast.Areas {
			stored[a.ISO] = map[string]geo.Figure{}
			for _, f := range a.Figures {
				stored[a.ISO][f.Side.String()+" "+f.Status.String()] = f
			}
		}
		if len(st.Figures) != len(overlay[0]) || len(st.Figures) != len(tally.Groups) {
			t.Errorf("%s: got %d figures, want %d", day, len(st.Figures), len(overlay[0]))
		}
		for i, area := range areas {
			for k, want := range overlay[i] {
				key := want.Side.String() + " " + want.Status.String()
				got := stored[area][key]
				g := tally.Groups[k]
				if math.Abs(got.InsideKm2-g.InsideKm2[i]) > figuresTolerance ||
					(area == "" && math.Abs(got.AreaKm2-g.AreaKm2) > figuresTolerance) {
					t.Errorf("%s %q %s: got %.4f km² (inside %.4f), measured anew %.4f (inside %.4f)",
						day, area, key, got.AreaKm2, got.InsideKm2, g.AreaKm2, g.InsideKm2[i])
				}
				if d := math.Abs(got.InsideKm2 - want.InsideKm2); d > overlayTolerance ||
					(area == "" && math.Abs(got.AreaKm2-want.AreaKm2) > figuresTolerance) {
					t.Errorf("%s %q %s: got %.4f km² (inside %.4f), overlay %.4f (inside %.4f)",
						day, area, key, got.AreaKm2, got.InsideKm2, want.AreaKm2, want.InsideKm2)
				} else if d > worst {
					worst = d
				}
			}
		}
	}
	t.Logf("%d days: the largest gap to overlay %.4f km²", len(days), worst)
}

// TestFiguresOnDeepStateHistory: the figures stored at import on every
// change day of the sample of DeepStateMap's history are those measured
// anew, on the whole map and in each oblast; days between change days have
// the figures of the change day before.
func TestFiguresOnDeepStateHistory(t *testing.T) {
	needHistory(t)
	ctx := context.Background()
	s := empty(t)
	mustImportDeepState(t, s, deepstateHistory, deepStateCfg{Dataset: "ds"})
	days, err := s.ChangeDays(ctx, "ds", orb.Bound{})
	if err != nil {
		t.Fatal(err)
	}
	if len(days) < 5 {
		t.Fatalf("got %d change days, want the sample's", len(days))
	}
	checkFiguresAnew(t, s, "ds", days)
	between := days[len(days)-1] + 30
	a, err := s.Stats(ctx, "ds", between)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Stats(ctx, "ds", days[len(days)-1])
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Figures) == 0 || len(a.Figures) != len(b.Figures) || a.Figures[0].AreaKm2 != b.Figures[0].AreaKm2 {
		t.Errorf("30 days after the last change day: got %+v, want %+v", a.Figures, b.Figures)
	}
}

// TestFiguresInRuns: measured in three runs of contiguous days at once
// (as a whole archive is, a run a CPU), the sample's figures are still
// those measured anew on every change day.
func TestFiguresInRuns(t *testing.T) {
	needHistory(t)
	chunkDays, cpus := figureChunkDays, figureCPUs
	figureChunkDays, figureCPUs = 2, func() int { return 3 }
	t.Cleanup(func() { figureChunkDays, figureCPUs = chunkDays, cpus })
	ctx := context.Background()
	s := empty(t)
	mustImportDeepState(t, s, deepstateHistory, deepStateCfg{Dataset: "ds"})
	days, err := s.ChangeDays(ctx, "ds", orb.Bound{})
	if err != nil || len(days) < 6 {
		t.Fatalf("got %d change days (%v), want the sample's", len(days), err)
	}
	checkFiguresAnew(t, s, "ds", days)
}

// TestFiguresOfStore compares the stored figures of a whole database with
// figures measured anew, on every nth change day: FRONTLINE_FIGURES_DB names
// a copy of it (the figures are brought up to date in it), FRONTLINE_FIGURES_DATASET
// its dataset, FRONTLINE_FIGURES_EVERY n (default 1).
func TestFiguresOfStore(t *testing.T) {
	path := os.Getenv("FRONTLINE_FIGURES_DB")
	if path == "" {
		t.Skip("FRONTLINE_FIGURES_DB not set")
	}
	ctx := context.Background()
	s, err := Open(ctx, Config{Path: path, NoSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dataset := os.Getenv("FRONTLINE_FIGURES_DATASET")
	days, err := s.ChangeDays(ctx, dataset, orb.Bound{})
	if err != nil {
		t.Fatal(err)
	}
	every, _ := strconv.Atoi(os.Getenv("FRONTLINE_FIGURES_EVERY"))
	var some []geo.Day
	for i, d := range days {
		if every <= 1 || i%every == 0 {
			some = append(some, d)
		}
	}
	checkFiguresAnew(t, s, dataset, some)
}
