package store

import (
	"fmt"
	"io"

	"github.com/frontline-map/frontline/geo"
)

// Limits bound what one import may read; a zero field is no bound. The
// CLI imports without bounds; the HTTP server sets them, so that a small
// compressed upload cannot unpack into gigabytes.
type Limits struct {
	Files     int   // GeoJSON files in a series
	Bytes     int64 // decompressed bytes of all files together
	FileBytes int64 // decompressed bytes of one file
}

// LimitError is input that went past one of its Limits; nothing was
// written. errors.Is(err, geo.ErrTooLarge) is true for it.
type LimitError struct {
	What  string // "file x.geojson", "the series"
	Limit int64
	Unit  string // "bytes" or "files"
}

func (e *LimitError) Error() string {
	limit := fmt.Sprintf("%d %s", e.Limit, e.Unit)
	if e.Unit == "bytes" && e.Limit >= 1<<20 {
		limit = fmt.Sprintf("%d MiB", e.Limit>>20)
	}
	return fmt.Sprintf("%s is over the limit of %s", e.What, limit)
}

// Is makes errors.Is(err, geo.ErrTooLarge) true.
func (e *LimitError) Is(target error) bool { return target == geo.ErrTooLarge }

// limitReader reads at most n bytes from r and fails with a *LimitError
// past them, instead of ending quietly as io.LimitReader does (a cut file
// would read as broken JSON). counter, if not nil, is a shared total with
// a bound of its own.
type limitReader struct {
	r     io.Reader
	left  int64 // bytes this reader may still return; <0 for no bound
	what  string
	limit int64
	total *byteBudget
}

// byteBudget is a bound on bytes shared by several readers.
type byteBudget struct {
	left  int64
	limit int64
	what  string
}

func newLimitReader(r io.Reader, limit int64, what string, total *byteBudget) io.Reader {
	if limit <= 0 && total == nil {
		return r
	}
	left := limit
	if limit <= 0 {
		left = -1
	}
	return &limitReader{r: r, left: left, what: what, limit: limit, total: total}
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left == 0 {
		// Past the bound only if there is more to read.
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			return 0, &LimitError{What: l.what, Limit: l.limit, Unit: "bytes"}
		}
		return 0, io.EOF
	}
	if l.left > 0 && int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	if l.left > 0 {
		l.left -= int64(n)
	}
	if l.total != nil && l.total.limit > 0 {
		l.total.left -= int64(n)
		if l.total.left < 0 {
			return n, &LimitError{What: l.total.what, Limit: l.total.limit, Unit: "bytes"}
		}
	}
	return n, err
}
