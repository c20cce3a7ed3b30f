package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// deepStateDir writes a DeepStateMap history of one day: an occupied
// polygon, a grey zone and, with unknown, a polygon whose name no rule
// knows.
func deepStateDir(t *testing.T, unknown bool) string {
	dir := t.TempDir()
	poly := func(name string, lon, lat float64) string {
		b, _ := json.Marshal(map[string]any{"type": "Feature", "properties": map[string]any{"name": name},
			"geometry": map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{lon, lat}, {lon + 0.1, lat}, {lon + 0.1, lat + 0.1}, {lon, lat + 0.1}, {lon, lat}}}}})
		return string(b)
	}
	fs := []string{poly("Окуповано /// Occupied /// geoJSON.status.occupied", 37.8, 48), poly("Статус невідомий /// Unknown status /// geoJSON.status.unknown", 38, 48.2)}
	if unknown {
		fs = append(fs, poly("Щось нове /// Something new", 37, 47))
	}
	body := `{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`
	if err := os.WriteFile(filepath.Join(dir, "1737410164.geojson"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCLIImportDeepState(t *testing.T) {
	db := seededCopy(t)
	// --strict with a name no rule knows: rejected, nothing written.
	code, out, errs := runCLI(t, db, "", "import", "--dataset", "ds", "--format", "deepstate", "--strict", deepStateDir(t, true))
	if code != exitRejected || !strings.Contains(errs, "Щось нове") {
		t.Errorf("--strict: exit %d, stdout %q, stderr %q; want 3 naming the name", code, out, errs)
	}
	if code, _, errs := runCLI(t, db, "", "stats", "--dataset", "ds", "--day", "2025-01-20"); code != exitRejected || !strings.Contains(errs, "not found") {
		t.Errorf("after a rejected import: stats exit %d, %q; want the dataset not found", code, errs)
	}
	// Without --strict: imported, and the name is reported on stderr.
	code, out, errs = runCLI(t, db, "", "import", "--dataset", "ds", "--format", "deepstate", deepStateDir(t, true))
	if code != exitOK || !strings.Contains(errs, `"Щось нове /// Something new"`) || !strings.Contains(out, "2 versions inserted") {
		t.Errorf("import: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, _ = runCLI(t, db, "", "import", "--dataset", "ds", "--format", "deepstate", "--json", deepStateDir(t, true))
	var res struct {
		Inserted     int `json:"inserted"`
		SkippedDays  int `json:"skipped_days"`
		Unclassified []struct {
			Name     string `json:"name"`
			Polygons int    `json:"polygons"`
		} `json:"unclassified"`
	}
	if err := json.Unmarshal([]byte(out), &res); code != exitOK || err != nil || res.Inserted != 0 || res.SkippedDays != 1 || len(res.Unclassified) != 1 || res.Unclassified[0].Polygons != 1 {
		t.Errorf("again, --json: exit %d, %q, %v; want the day skipped, its name still reported", code, out, err)
	}
	// Issue #19: the day's file imported already is skipped, and said so.
	if code, out, _ := runCLI(t, db, "", "import", "--dataset", "ds", "--format", "deepstate", deepStateDir(t, true)); code != exitOK ||
		!strings.Contains(out, "1 days skipped: their input was imported already") || !strings.Contains(out, "nothing changed") {
		t.Errorf("again: exit %d, %q; want the day skipped, nothing changed", code, out)
	}
	code, out, _ = runCLI(t, db, "", "stats", "--dataset", "ds", "--day", "2025-01-20")
	if code != exitOK || !strings.Contains(out, "none  contested") {
		t.Errorf("stats: exit %d, %q; want the grey zone of side none", code, out)
	}
	for name, args := range map[string][]string{
		"bad format":      {"--format", "kml"},
		"strict alone":    {"--strict"},
		"region":          {"--format", "deepstate", "--region", "x"},
		"side none":       {"--side", "none"},
		"deepstate stdin": {"--format", "deepstate"},
	} {
		src := deepStateDir(t, false)
		if name == "deepstate stdin" {
			src = "-"
		}
		if code, _, errs := runCLI(t, db, "", append(append([]string{"import", "--dataset", "ds"}, args...), src)...); code != exitUsage {
			t.Errorf("%s: exit %d, %q; want 2", name, code, errs)
		}
	}
}
