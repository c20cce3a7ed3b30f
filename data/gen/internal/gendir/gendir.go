// Package gendir locates the data/gen module, so that the generators'
// default paths (data/seed, data/gen/seed/areas.txt) are right whichever
// folder of the module they are run from.
package gendir

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// Module is the module path of the generators.
const Module = "github.com/frontline-map/frontline/data/gen"

// Dir returns the data/gen folder, relative to the working directory: the
// nearest folder upwards whose go.mod declares Module ("." in data/gen,
// ".." in data/gen/seed). Outside the module it returns "data/gen", right
// from the repository root.
func Dir() string {
	wd, err := os.Getwd()
	if err != nil {
		return filepath.Join("data", "gen")
	}
	for dir := wd; ; {
		if declares(filepath.Join(dir, "go.mod"), Module) {
			if rel, err := filepath.Rel(wd, dir); err == nil {
				return rel
			}
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return filepath.Join("data", "gen")
		}
		dir = parent
	}
}

// Seed returns the repository's data/seed folder, relative to the working
// directory: where the generated files go.
func Seed() string { return filepath.Join(Dir(), "..", "seed") }

// declares reports whether the go.mod file at path declares module mod.
func declares(path, mod string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`) == mod
		}
	}
	return false
}
