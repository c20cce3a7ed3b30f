// Package tempfile creates the temporary files that the writers beneath
// data/ (data/gpkg, data/mbtiles, data/export) fill and then rename into
// place, so that a file is whole or absent: as os.CreateTemp, but with
// mode 0644 less the umask, the mode of a file any other tool writes,
// rather than 0600.
package tempfile

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// Create creates a new, empty file in dir named .PREFIX-RANDOM.tmp, with
// mode 0644 less the umask, and opens it for reading and writing.
func Create(dir, prefix string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, "."+prefix+"-"+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("tempfile: cannot create a temporary file in %s", dir)
}
