package series

import (
	"archive/tar"
	"compress/flate"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// Walk calls add with each GeoJSON file of a source, its name and its
// body, in the source's order, and returns the first error add returns.
// The body is valid only until add returns.
type Walk func(add func(name string, r io.Reader) error) error

// Path walks a local file or folder: a folder's .geojson and .json files
// in order of name (not its subfolders), or a file as Stream walks it.
func Path(p string) Walk {
	return func(add func(string, io.Reader) error) error {
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		if st.IsDir() {
			return readDir(p, add)
		}
		return readFile(p, add)
	}
}

func readDir(dir string, add func(string, io.Reader) error) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !IsGeoJSONName(e.Name()) {
			continue
		}
		if err := readFile(filepath.Join(dir, e.Name()), add); err != nil {
			return err
		}
	}
	return nil
}

func readFile(p string, add func(string, io.Reader) error) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	return readStream(p, f, add)
}

// Stream walks r, named name: the GeoJSON files of a .tar.gz (or .tgz), the
// file a .gz holds, or a plain GeoJSON file. A damaged archive is a
// *geo.ValidationError.
func Stream(name string, r io.Reader) Walk {
	return func(add func(string, io.Reader) error) error { return readStream(name, r, add) }
}

func readStream(name string, r io.Reader, add func(string, io.Reader) error) error {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".tar.gz") || strings.HasSuffix(lower, ".tgz"):
		return readTarGz(name, r, add)
	case strings.HasSuffix(lower, ".gz"):
		zr, err := gzip.NewReader(r)
		if err != nil {
			return notArchive(name, "not gzip", err)
		}
		return add(strings.TrimSuffix(name, path.Ext(name)), &corruptReader{r: zr, name: name})
	}
	return add(name, r)
}

// notArchive is an input that is not the archive it claims to be.
func notArchive(name, why string, err error) error {
	return geo.Reject(geo.Cut(path.Base(name), 100), why+": "+geo.Cut(err.Error(), 200))
}

// corruptReader turns a decompressor's errors (a damaged stream) into
// rejections of the input; the errors of the reader beneath pass as they are.
type corruptReader struct {
	r    io.Reader
	name string
}

func (c *corruptReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil && err != io.EOF && isCorrupt(err) {
		return n, notArchive(c.name, "corrupt archive", err)
	}
	return n, err
}

// isCorrupt reports whether err comes from damaged gzip or tar data.
func isCorrupt(err error) bool {
	var ce flate.CorruptInputError
	return errors.As(err, &ce) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, tar.ErrHeader) ||
		errors.Is(err, tar.ErrFieldTooLong) // a PAX header past archive/tar's 1 MiB
}

func readTarGz(name string, r io.Reader, add func(string, io.Reader) error) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return notArchive(name, "not a .tar.gz (gzip)", err)
	}
	tr := tar.NewReader(&corruptReader{r: zr, name: name})
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var ve *geo.ValidationError
			if errors.As(err, &ve) {
				return err
			}
			if isCorrupt(err) {
				return notArchive(name, "not a .tar.gz (tar)", err)
			}
			return err
		}
		if h.Typeflag != tar.TypeReg || !IsGeoJSONName(h.Name) {
			continue
		}
		if err := add(h.Name, tr); err != nil {
			return err
		}
	}
}
