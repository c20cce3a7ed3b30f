package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// TestLayers checks the layering that the packages' doc comments and
// README's Layout promise, from what `go list` reports of every package of
// the module:
//   - geo imports no frontline package;
//   - tiles/... and data/... never import each other (nor static or cmd);
//   - only the store (data/store), its test helper (data/pgtest) and the
//     writers of SQLite file formats (data/gpkg, data/mbtiles) import
//     database/sql or a database driver: nothing outside data/ does, and
//     nothing under tiles/ or the readers depends on one;
//   - the readers of input formats and the embedded seed depend on neither
//     net/http nor the store; under data/ only fetching (data/internal/fetch)
//     and sync (data/syncer) import net/http;
//   - the tile content, drawing, encoding, picture, publishing and tile
//     service packages do not depend on net/http.
func TestLayers(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	const mod = "github.com/frontline-map/frontline"
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", mod+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	type pkg struct {
		ImportPath    string
		Imports, Deps []string
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs[strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, mod), "/")] = p
	}
	under := func(name, dir string) bool { return name == dir || strings.HasPrefix(name, dir+"/") }
	has := func(list []string, want func(string) bool) string {
		for _, d := range list {
			if want(d) {
				return d
			}
		}
		return ""
	}
	ours := func(dir string) func(string) bool {
		return func(d string) bool {
			return under(strings.TrimPrefix(d, mod+"/"), dir) && strings.HasPrefix(d, mod+"/")
		}
	}
	database := func(d string) bool {
		return d == "database/sql" || strings.HasPrefix(d, "github.com/mattn/go-sqlite3") || strings.HasPrefix(d, "github.com/jackc/pgx")
	}
	driverUsers := map[string]bool{"data/store": true, "data/pgtest": true, "data/gpkg": true, "data/mbtiles": true}
	readers := []string{"data/geojson", "data/series", "data/deepstate", "data/feed", "data/seed"}
	noHTTP := []string{"tiles", "tiles/draw", "tiles/internal/encode", "tiles/lru", "tiles/picture", "tiles/publish",
		"tiles/glyphs", "tiles/service", "tiles/internal/flight"}
	for _, name := range []string{"geo", "data/store", "data/gpkg", "data/mbtiles", "data/export", "data/syncer", "tiles/server", "tiles/service", "data/geojson"} {
		if _, ok := pkgs[name]; !ok {
			t.Fatalf("go list has no package %s", name)
		}
	}
	for name, p := range pkgs {
		if under(name, "cmd") {
			continue
		}
		if d := has(p.Deps, ours("")); name == "geo" && d != "" {
			t.Errorf("geo depends on %s", d)
		}
		for _, pair := range [][2]string{{"tiles", "data"}, {"data", "tiles"}, {"tiles", "static"}, {"data", "static"}, {"tiles", "cmd"}, {"data", "cmd"}} {
			if d := has(p.Deps, ours(pair[1])); under(name, pair[0]) && d != "" {
				t.Errorf("%s depends on %s", name, d)
			}
		}
		if d := has(p.Imports, database); d != "" && !driverUsers[name] {
			t.Errorf("%s imports %s: only data/store, data/pgtest, data/gpkg and data/mbtiles may", name, d)
		}
		if d := has(p.Imports, func(d string) bool { return d == "net/http" }); d != "" && under(name, "data") &&
			name != "data/internal/fetch" && name != "data/syncer" {
			t.Errorf("%s imports net/http: under data only fetch and sync may", name)
		}
	}
	for _, name := range readers {
		for _, bad := range []func(string) bool{database, ours("data/store"), func(d string) bool { return d == "net/http" }} {
			if d := has(pkgs[name].Deps, bad); d != "" {
				t.Errorf("reader %s depends on %s", name, d)
			}
		}
	}
	for _, name := range noHTTP {
		if d := has(pkgs[name].Deps, func(d string) bool { return d == "net/http" }); d != "" {
			t.Errorf("%s depends on net/http", name)
		}
	}
}
