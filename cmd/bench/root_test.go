package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRepoRoot checks that the harness, a module of its own in cmd/bench,
// finds the product module it builds.
func TestRepoRoot(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("..", ".."); root != want {
		t.Errorf("repoRoot() = %q, want %q", root, want)
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", "frontline", "main.go")); err != nil {
		t.Errorf("no cmd/frontline under %s: %v", root, err)
	}
	for _, tc := range []struct {
		gomod string
		want  bool
	}{
		{"module github.com/frontline-map/frontline\n\ngo 1.26\n", true},
		{"module \"github.com/frontline-map/frontline\"\n", true},
		{"module github.com/frontline-map/frontline/cmd/bench\n", false},
		{"// module github.com/frontline-map/frontline\n", false},
	} {
		p := filepath.Join(t.TempDir(), "go.mod")
		os.WriteFile(p, []byte(tc.gomod), 0o644)
		if got := declares(p, productModule); got != tc.want {
			t.Errorf("declares(%q) = %v, want %v", tc.gomod, got, tc.want)
		}
	}
}
