// Package hashes keeps the golden hashes of a renderer's output, one file
// per version of the renderer, for the tests of tiles' packages. Caches,
// browsers and CDNs key what we draw by content and by the renderer's
// version (draw.Version, tiles.MVTVersion, picture.Version), so bytes that
// change while the version does not would be answered with 304 on the old
// ones. Set.Check makes a test fail then, and -update-hashes writes the
// file of a new version but never blesses other bytes under an old one:
//
//   - a file of the current version is rewritten only if every reference
//     it shares with the test has the same hash (references may be added
//     or dropped without a bump, but to draw other content, add another
//     reference rather than change one);
//   - or if its "with" line differs from Set.With: another version in the
//     same keys changed (pictures carry draw.Version), so every key
//     changed anyway.
//
// Files of older versions stay as the record of what each version drew.
package hashes

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update-hashes", false,
	"write testdata's hashes file of the current version (refused if a file of that version holds other hashes)")

// Set says what a test hashes and under which version.
type Set struct {
	// File is the hashes file of Version, e.g. testdata/hashes-v1.txt.
	File string
	// What changed, for the messages: "drawing", "the MVT encoding".
	What string
	// Const is the version's name, "draw.Version", and Version its value.
	Const   string
	Version int
	// With names the other versions in the same keys that the bytes depend
	// on ("draw.Version 1" for pictures), or is empty. The hashes may be
	// rewritten without a bump when With differs from the file's: the keys
	// changed anyway.
	With string
	// Update is the command that writes the file.
	Update string
}

// Check compares the SHA-256 of each of got's byte strings with the file
// of the current version, or with -update-hashes writes it.
func (s Set) Check(t *testing.T, got map[string][]byte) {
	t.Helper()
	sums := map[string]string{}
	for name, b := range got {
		if strings.ContainsAny(name, " \t\n#") || name == "" {
			t.Fatalf("reference name %q: want a word", name)
		}
		sum := sha256.Sum256(b)
		sums[name] = hex.EncodeToString(sum[:])
	}
	old, with, err := read(s.File)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	var changed []string
	for _, name := range sortedKeys(sums) {
		if h, ok := old[name]; ok && h != sums[name] {
			changed = append(changed, fmt.Sprintf("%s: %s in %s, now %s", name, h, s.File, sums[name]))
		}
	}
	if *update {
		if exists && len(changed) > 0 && with == s.With {
			t.Fatalf("refusing to overwrite %s: %s changed but %s is still %d; bump it first, then run %s\n\t%s",
				s.File, s.What, s.Const, s.Version, s.Update, strings.Join(changed, "\n\t"))
		}
		if err := s.write(sums); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", s.File)
		return
	}
	if !exists {
		t.Fatalf("%s is %d but there is no %s: run %s", s.Const, s.Version, s.File, s.Update)
	}
	switch {
	case len(changed) > 0 && with != s.With:
		t.Errorf("%s changed, and %s was written with %q, now %q: if that explains it, run %s; else bump %s too\n\t%s",
			s.What, s.File, with, s.With, s.Update, s.Const, strings.Join(changed, "\n\t"))
	case len(changed) > 0:
		t.Errorf("%s changed but %s is still %d: bump it and run %s\n\t%s",
			s.What, s.Const, s.Version, s.Update, strings.Join(changed, "\n\t"))
	}
	var added, gone []string
	for name := range sums {
		if _, ok := old[name]; !ok {
			added = append(added, name)
		}
	}
	for name := range old {
		if _, ok := sums[name]; !ok {
			gone = append(gone, name)
		}
	}
	if len(added)+len(gone) > 0 {
		slices.Sort(added)
		slices.Sort(gone)
		t.Errorf("%s lists other references (new: %v; gone: %v): run %s", s.File, added, gone, s.Update)
	}
}

// read parses a hashes file: "name sha256" lines, "with ..." and comments.
func read(file string) (map[string]string, string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, "", err
	}
	sums, with := map[string]string{}, ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if w, ok := strings.CutPrefix(line, "with "); ok {
			with = w
			continue
		}
		name, sum, ok := strings.Cut(line, " ")
		if !ok || strings.Contains(sum, " ") {
			return nil, "", fmt.Errorf("%s:%d: want \"name sha256\", got %q", file, n, line)
		}
		sums[name] = sum
	}
	return sums, with, sc.Err()
}

func (s Set) write(sums map[string]string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# SHA-256 of the reference outputs at %s %d, written by\n#\t%s\n", s.Const, s.Version, s.Update)
	fmt.Fprintf(&b, "# If they change, %s changed: bump %s and run that again, which writes the file of the new version.\n", s.What, s.Const)
	if s.With != "" {
		fmt.Fprintf(&b, "# This file is never rewritten with other hashes unless what \"with\" names changed too.\n")
	} else {
		fmt.Fprintf(&b, "# This file is never rewritten with other hashes.\n")
	}
	if s.With != "" {
		fmt.Fprintf(&b, "with %s\n", s.With)
	}
	for _, name := range sortedKeys(sums) {
		fmt.Fprintf(&b, "%s %s\n", name, sums[name])
	}
	if err := os.MkdirAll(filepath.Dir(s.File), 0o755); err != nil {
		return err
	}
	return os.WriteFile(s.File, []byte(b.String()), 0o644)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
