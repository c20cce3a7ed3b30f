package tempfile

import (
	"os"
	"strings"
	"testing"
)

// TestCreate (#21): a new file each time, hidden, in the folder asked.
func TestCreate(t *testing.T) {
	dir := t.TempDir()
	a, err := Create(dir, "x")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Create(dir, "x")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if a.Name() == b.Name() || !strings.HasPrefix(a.Name(), dir+string(os.PathSeparator)+".x-") {
		t.Errorf("got %s and %s, want two files .x-* in %s", a.Name(), b.Name(), dir)
	}
	if _, err := Create(dir+"/missing", "x"); err == nil {
		t.Error("a missing folder: got no error")
	}
}
