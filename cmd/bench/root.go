package main

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// productModule is the module of frontline itself. The harness is a module
// of its own (cmd/bench/go.mod, so that its baselines stay out of the
// product's go.mod) and builds ./cmd/frontline of this module's folder.
const productModule = "github.com/frontline-map/frontline"

// repoRoot returns the folder of the product module, relative to the
// working directory: the nearest folder upwards whose go.mod declares
// productModule ("../.." in cmd/bench, "." at the root).
func repoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if declares(filepath.Join(dir, "go.mod"), productModule) {
			if rel, err := filepath.Rel(wd, dir); err == nil {
				return rel, nil
			}
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod of " + productModule + " in the working directory or above it (run the harness inside the repository, or pass -bin and -series)")
		}
		dir = parent
	}
}

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
