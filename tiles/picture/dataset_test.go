package picture

import (
	"context"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/internal/fake"
)

// TestDatasetInPictures: a picture's footer credits the dataset's
// attribution and licence, and its stamp says "map as of" the last
// observed day for a day after it; both are in the key, so the same
// versions drawn with another credit or another observed range have
// another ETag.
func TestDatasetInPictures(t *testing.T) {
	ctx := context.Background()
	st, bm := fake.SeedLike()
	s := New(Config{Source: st, Builder: tiles.NewBuilder(bm, 64<<20)})
	day := geo.MustParseDay
	render := func(req Request) *Picture {
		t.Helper()
		req.Width, req.Height = 600, 400
		pic, err := s.Render(ctx, req, nil)
		if err != nil {
			t.Fatal(err)
		}
		return pic
	}
	snap := Request{Kind: KindSnapshot, Day: "2025-03-01", View: ukraineBBox}

	plain := render(snap)
	// A dataset without an attribution is credited by its name (#20).
	if plain.Stamp != "1 MAR 2025" || plain.Figures.AsOf != 0 || !strings.HasPrefix(plain.Attribution, "Data: seed · ") {
		t.Errorf("no metadata: stamp %q, as of %s, credits %q", plain.Stamp, plain.Figures.AsOf, plain.Attribution)
	}

	st.SetDataset(geo.Dataset{Name: "seed", Attribution: "DeepStateMap", License: "GPL-3.0", ObservedFrom: day("2014-01-01"), ObservedTo: day("2025-01-20")})
	past := render(snap)
	if past.Stamp != "map as of 20 Jan 2025" || past.Figures.AsOf != day("2025-01-20") {
		t.Errorf("a day after the last observed: stamp %q, as of %s; want map as of 20 Jan 2025", past.Stamp, past.Figures.AsOf)
	}
	if !strings.HasPrefix(past.Attribution, "Data: DeepStateMap (GPL-3.0) · ") || !strings.Contains(past.Attribution, "Basemap: Natural Earth") {
		t.Errorf("credits %q: want the dataset's attribution and licence first", past.Attribution)
	}
	if past.Key == plain.Key {
		t.Errorf("the attribution and the observed range left the key as it was")
	}

	// The same versions, the day now within the observed range.
	st.SetDataset(geo.Dataset{Name: "seed", Attribution: "DeepStateMap", License: "GPL-3.0", ObservedFrom: day("2014-01-01"), ObservedTo: day("2025-06-01")})
	within := render(snap)
	if within.Stamp != "1 MAR 2025" || within.Figures.AsOf != 0 {
		t.Errorf("a day within the observed range: stamp %q, as of %s", within.Stamp, within.Figures.AsOf)
	}
	if within.Key == past.Key {
		t.Errorf("as of and not as of the last observed day: the same key %s", past.Key)
	}
	// Another licence, another key.
	st.SetDataset(geo.Dataset{Name: "seed", Attribution: "DeepStateMap", License: "CC-BY-4.0", ObservedFrom: day("2014-01-01"), ObservedTo: day("2025-06-01")})
	if other := render(snap); other.Key == within.Key || !strings.HasPrefix(other.Attribution, "Data: DeepStateMap (CC-BY-4.0)") {
		t.Errorf("another licence: key %s (was %s), credits %q", other.Key, within.Key, other.Attribution)
	}

	// A diff's stamp and a timelapse's last frame say it too.
	st.SetDataset(geo.Dataset{Name: "seed", ObservedFrom: day("2014-01-01"), ObservedTo: day("2024-11-30")})
	diff := render(Request{Kind: KindDiff, From: "2024-08-01", To: "2024-12-31", View: View{Region: "kursk-incursion"}})
	if diff.Stamp != "1 AUG → 31 DEC 2024 · map as of 30 Nov 2024" || diff.Figures.AsOf != day("2024-11-30") {
		t.Errorf("diff: stamp %q, as of %s", diff.Stamp, diff.Figures.AsOf)
	}
	tl := render(Request{Kind: KindTimelapse, From: "2024-08-01", To: "2024-12-31", Step: Step{2, 'w'}, View: sudzhaBBox})
	if tl.Stamp != "map as of 30 Nov 2024" || tl.Figures.AsOf != day("2024-11-30") {
		t.Errorf("timelapse: last stamp %q, as of %s", tl.Stamp, tl.Figures.AsOf)
	}
}
