package geojson

import (
	"io"

	"github.com/frontline-map/frontline/geo"
)

// Limits bound what one import may read; a zero field is no bound. The
// CLI imports without bounds; the HTTP server and sync set them, so that a
// small compressed upload cannot unpack into gigabytes. They live here
// because every reader reads its GeoJSON through this package: one file
// (ReadVersions), a series of them or a DeepStateMap history.
type Limits struct {
	Files     int   // GeoJSON files in a series
	Bytes     int64 // decompressed bytes of all files together
	FileBytes int64 // decompressed bytes of one file
}

// Budget is a bound on bytes shared by several readers (Limits.Bytes).
type Budget struct {
	left  int64
	limit int64
	what  string
}

// NewBudget is a bound of limit bytes named what ("the series unpacked");
// nil when limit is not positive (no bound).
func NewBudget(limit int64, what string) *Budget {
	if limit <= 0 {
		return nil
	}
	return &Budget{left: limit, limit: limit, what: what}
}

// LimitReader reads at most limit bytes from r (no bound when limit is not
// positive) and fails with a *geo.LimitError naming what past them,
// instead of ending quietly as io.LimitReader does (a cut file would read
// as broken JSON). total, if not nil, is a bound shared with other readers.
func LimitReader(r io.Reader, limit int64, what string, total *Budget) io.Reader {
	if limit <= 0 && total == nil {
		return r
	}
	left := limit
	if limit <= 0 {
		left = -1
	}
	return &limitReader{r: r, left: left, what: what, limit: limit, total: total}
}

type limitReader struct {
	r     io.Reader
	left  int64 // bytes this reader may still return; <0 for no bound
	what  string
	limit int64
	total *Budget
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left == 0 {
		// Past the bound only if there is more to read.
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			return 0, &geo.LimitError{What: l.what, Limit: l.limit, Unit: "bytes"}
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
	if l.total != nil {
		l.total.left -= int64(n)
		if l.total.left < 0 {
			return n, &geo.LimitError{What: l.total.what, Limit: l.total.limit, Unit: "bytes"}
		}
	}
	return n, err
}
