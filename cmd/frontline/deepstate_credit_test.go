package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

// TestDeepStateImportCredits (#20, 6): an import of DeepStateMap's files
// describes a dataset that says nothing of itself as DeepStateMap's, with
// no licence; what the import is given, or an editor wrote before, wins.
func TestDeepStateImportCredits(t *testing.T) {
	dir := t.TempDir()
	const occupied = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Окуповано /// Occupied /// geoJSON.status.occupied"},` +
		`"geometry":{"type":"Polygon","coordinates":[[[37.6,47.8],[38.0,47.8],[38.0,48.2],[37.6,48.2],[37.6,47.8]]]}}]}`
	if err := os.WriteFile(filepath.Join(dir, "1737410164.geojson"), []byte(occupied), 0o644); err != nil {
		t.Fatal(err)
	}
	db := seededCopy(t)
	dataset := func(name string) geo.Dataset {
		t.Helper()
		code, out, stderr := runCLI(t, db, "", "datasets", "--json")
		var list struct{ Datasets []geo.Dataset }
		if code != exitOK || json.Unmarshal([]byte(out), &list) != nil {
			t.Fatalf("datasets --json: exit %d %s%s", code, out, stderr)
		}
		for _, d := range list.Datasets {
			if d.Name == name {
				return d
			}
		}
		t.Fatalf("no dataset %s", name)
		return geo.Dataset{}
	}
	importDS := func(args ...string) {
		t.Helper()
		if code, out, stderr := runCLI(t, db, "", append(append([]string{"import", "--format", "deepstate"}, args...), dir)...); code != exitOK {
			t.Fatalf("import %v: exit %d %s%s", args, code, out, stderr)
		}
	}
	importDS("--dataset", "ds")
	if d := dataset("ds"); d.Title != "DeepStateMap" || d.Attribution != "DeepStateMap" || d.SourceURL != "https://deepstatemap.live" || d.License != "" {
		t.Errorf("a new dataset of DeepStateMap's files: got %+v, want title and attribution DeepStateMap, its site, no licence", d)
	}
	importDS("--dataset", "given", "--attribution", "DeepStateMap via us")
	if d := dataset("given"); d.Attribution != "DeepStateMap via us" || d.Title != "DeepStateMap" {
		t.Errorf("an attribution given: got %+v, want it kept", d)
	}
	if code, out, stderr := runCLI(t, db, "", "datasets", "set", "ds", "--title", "Our DeepStateMap mirror"); code != exitOK {
		t.Fatalf("datasets set: exit %d %s%s", code, out, stderr)
	}
	importDS("--dataset", "ds")
	if d := dataset("ds"); d.Title != "Our DeepStateMap mirror" {
		t.Errorf("re-import after an editor's title: got %q, want it kept", d.Title)
	}
}
