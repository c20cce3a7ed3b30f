package gendir

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDir(t *testing.T) {
	// The test runs in data/gen/internal/gendir.
	if got, want := Dir(), filepath.Join("..", ".."); got != want {
		t.Errorf("Dir() = %q, want %q", got, want)
	}
	seed := Seed()
	if _, err := os.Stat(filepath.Join(seed, "places.json")); err != nil {
		t.Errorf("Seed() = %q: %v", seed, err)
	}
}

func TestDeclares(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		gomod string
		want  bool
	}{
		{"module " + Module + "\n\ngo 1.26\n", true},
		{"// a comment\nmodule \"" + Module + "\"\n", true},
		{"module " + Module + "/seed\n", false},
		{"module github.com/frontline-map/frontline\n", false},
		{"modules " + Module + "\n", false},
	} {
		p := filepath.Join(dir, "go.mod")
		if err := os.WriteFile(p, []byte(tc.gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := declares(p, Module); got != tc.want {
			t.Errorf("declares(%q) = %v, want %v", tc.gomod, got, tc.want)
		}
	}
	if declares(filepath.Join(dir, "missing"), Module) {
		t.Error("a missing go.mod declares the module")
	}
}
