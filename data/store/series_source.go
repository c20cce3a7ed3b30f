package store

import (
	"context"
	"io"
	"strings"

	dataseries "github.com/frontline-map/frontline/data/series"
)

// SeriesSource walks the GeoJSON files at src for the series and
// DeepStateMap readers: an http(s) URL of a .tar.gz or of one GeoJSON file,
// fetched with f (nil is a Fetcher that may reach any address, for the
// command line, which its user runs), or a local folder or file
// (dataseries.Path). A URL's body without an extension that is gzip is read
// as a .tar.gz.
func SeriesSource(ctx context.Context, src string, f *Fetcher) dataseries.Walk {
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		return dataseries.Path(src)
	}
	return func(add func(string, io.Reader) error) error {
		if f == nil {
			f = &Fetcher{AllowPrivate: true}
		}
		body, name, err := f.Open(ctx, src)
		if err != nil {
			return err
		}
		defer body.Close()
		r, name, err := sniffGzip(body, name)
		if err != nil {
			return err
		}
		return dataseries.Stream(name, r)(add)
	}
}
