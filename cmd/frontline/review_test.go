package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRealHistoryReviewPictures (#20) imports the raw DeepStateMap sample
// beside the project and draws the pictures a reporter would publish of
// its edges: the Kharkiv-Belgorod border on 2025-01-20 and the Kursk
// incursion on 2024-08-20. They are written to testdata/review/ (ignored
// by git: nothing derived from the shared data is committed) for a person
// to look at, and checked for what must never show: ground held across
// the border along Belgorod, Russia occupying its own land.
func TestRealHistoryReviewPictures(t *testing.T) {
	const sample = "../../../shared/data/deepstate-history/deepstate-history-sample.tar.gz"
	if _, err := os.Stat(sample); err != nil {
		t.Skipf("the DeepStateMap sample is not beside the project: %v", err)
	}
	db := filepath.Join(t.TempDir(), "ds.db")
	if code, out, stderr := runCLI(t, db, "", "import", "--db", db, "--format", "deepstate", "--dataset", "ds", sample); code != exitOK {
		t.Fatalf("import: exit %d %s%s", code, out, stderr)
	}
	review := filepath.Join("testdata", "review")
	if err := os.MkdirAll(review, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		day, bbox string
		check     func(t *testing.T, pj pictureJSON)
	}{
		"kharkiv-belgorod-2025-01-20.png": {"2025-01-20", "35.6,49.8,38.6,50.9", func(t *testing.T, pj pictureJSON) {
			for _, f := range pj.Figures.InView {
				if f.Side == "ua" && f.Status == "occupied" && f.Km2 >= 10 {
					t.Errorf("along the Kharkiv-Belgorod border: %.1f km² Ukrainian-held in Russia, want under 10 (border slivers)", f.Km2)
				}
			}
		}},
		"kursk-2024-08-20.png": {"2024-08-20", "34.3,50.9,36.0,51.8", func(t *testing.T, pj pictureJSON) {
			held := 0.0
			for _, f := range pj.Figures.InView {
				if f.Side == "ua" && f.Status == "occupied" {
					held += f.Km2
				}
			}
			if held < 500 || held > 800 {
				t.Errorf("the Kursk incursion on 2024-08-20: %.0f km² Ukrainian-held in view, want about 650", held)
			}
		}},
	} {
		t.Run(name, func(t *testing.T) {
			body, pj := snapshotCLI(t, db, name, "--db", db, "--dataset", "ds", "--day", c.day, "--bbox", c.bbox, "--width", "1200", "--height", "800")
			if err := os.WriteFile(filepath.Join(review, name), body, 0o644); err != nil {
				t.Fatal(err)
			}
			c.check(t, pj)
		})
	}
}
