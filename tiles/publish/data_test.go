package publish

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFile: a file is written whole under its slash-separated name,
// its folder made, an old file replaced, and no temporary file left.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	for _, body := range []string{"first\n", "second\n"} {
		if err := WriteFile(dir, "js/deep/app.js", []byte(body)); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "js", "deep", "app.js"))
		if err != nil || string(b) != body {
			t.Errorf("got %q (%v), want %q", b, err, body)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, "js", "deep", ".*"))
	if len(left) != 0 {
		t.Errorf("got temporary files %v, want none", left)
	}
	st, err := os.Stat(filepath.Join(dir, "js", "deep", "app.js"))
	if err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("got mode %v (%v), want 0644", st.Mode(), err)
	}
}
