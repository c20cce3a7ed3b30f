// Package source opens what an import or a sync reads, as its user names
// it: a local file or folder, or an http(s) URL fetched under the address
// policy of data/internal/fetch (only public addresses for a server's
// clients; any for the command line, which its user runs).
package source

import (
	"bytes"
	"context"
	"io"
	"strings"
	"time"

	"github.com/frontline-map/frontline/data/internal/fetch"
	"github.com/frontline-map/frontline/data/series"
)

// Options bound how a URL is fetched. The zero value may reach any address
// with the fetcher's default timeout and no bound on bytes.
type Options struct {
	// PublicOnly connects only to public unicast addresses (checked at
	// dial time, after DNS, on every redirect): for URLs a server's client
	// gives.
	PublicOnly bool
	// MaxBytes bounds the bytes of a body read; 0: unbounded.
	MaxBytes int64
	// Timeout bounds a whole fetch, its body read; 0: 10 minutes.
	Timeout time.Duration
}

// Fetcher is the fetcher of opt, for the packages beneath data that fetch
// on their own (sync).
func (opt Options) Fetcher() *fetch.Fetcher {
	return &fetch.Fetcher{AllowPrivate: !opt.PublicOnly, MaxBytes: opt.MaxBytes, Timeout: opt.Timeout}
}

// IsURL reports whether src is an http(s) URL rather than a path.
func IsURL(src string) bool {
	return strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://")
}

// Open GETs rawURL and returns its body, which must be closed, and the base
// name of the final URL's path ("" when it has none). Every failure is an
// error safe to show to whoever gave the URL (errors.Is(err,
// geo.ErrInvalid)); a body over MaxBytes is also geo.ErrTooLarge.
func Open(ctx context.Context, rawURL string, opt Options) (io.ReadCloser, string, error) {
	return opt.Fetcher().Open(ctx, rawURL)
}

// Walk walks the GeoJSON files at src for the series and DeepStateMap
// readers: an http(s) URL of a .tar.gz or of one GeoJSON file (a body
// without an extension that is gzip is read as a .tar.gz), or a local
// folder or file (series.Path).
func Walk(ctx context.Context, src string, opt Options) series.Walk {
	if !IsURL(src) {
		return series.Path(src)
	}
	return func(add func(string, io.Reader) error) error {
		body, name, err := Open(ctx, src, opt)
		if err != nil {
			return err
		}
		defer body.Close()
		r, name, err := SniffGzip(body, name)
		if err != nil {
			return err
		}
		return series.Stream(name, r)(add)
	}
}

// SniffGzip names a body without an extension .tar.gz when it is gzip.
func SniffGzip(body io.Reader, name string) (io.Reader, string, error) {
	if strings.Contains(name, ".") {
		return body, name, nil
	}
	buf := make([]byte, 2)
	n, err := io.ReadFull(body, buf)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, "", err
	}
	if n == 2 && buf[0] == 0x1f && buf[1] == 0x8b {
		name += ".tar.gz"
	}
	return io.MultiReader(bytes.NewReader(buf[:n]), body), name, nil
}
