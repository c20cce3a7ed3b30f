package tiles

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayers checks the layering the packages' doc comments promise, from
// what `go list` reports: geo imports no frontline package; data and the
// tiles packages never import each other; and neither the tile content nor
// the drawing, encoding and picture packages depend on net/http.
func TestLayers(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	const mod = "github.com/frontline-map/frontline"
	deps := func(pkg string) map[string]bool {
		out, err := exec.Command("go", "list", "-deps", mod+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		m := map[string]bool{}
		for _, p := range strings.Fields(string(out)) {
			m[p] = true
		}
		return m
	}
	for _, pkg := range []string{"/tiles", "/tiles/draw", "/tiles/internal/encode", "/tiles/lru", "/tiles/picture", "/tiles/publish", "/tiles/glyphs", "/tiles/service", "/tiles/internal/flight"} {
		d := deps(pkg)
		if d["net/http"] {
			t.Errorf("%s depends on net/http", pkg)
		}
		if d[mod+"/data/store"] {
			t.Errorf("%s depends on data", pkg)
		}
	}
	if deps("/tiles/server")[mod+"/data/store"] {
		t.Error("tiles/server depends on data")
	}
	for p := range deps("/data/store") {
		if strings.HasPrefix(p, mod+"/tiles") {
			t.Errorf("data depends on %s", p)
		}
	}
	for p := range deps("/geo") {
		if strings.HasPrefix(p, mod+"/") && p != mod+"/geo" {
			t.Errorf("geo depends on %s", p)
		}
	}
}
