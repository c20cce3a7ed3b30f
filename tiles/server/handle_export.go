package server

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/frontline-map/frontline/geo"
)

// Export is one export of a day's map in one format, as cmd's exporter
// (data/export) prepares it; the server keeps its bytes by Key and serves
// them.
type Export struct {
	// Key names the bytes Write makes (a hash of what they show and of the
	// writer's version): the cache key and the ETag.
	Key         string
	ContentType string
	Filename    string // offered in Content-Disposition
	Write       func(ctx context.Context, w io.Writer) error
}

// Exporter prepares the export of dataset's map at day in a format named
// as ?format= gives it ("geojson", "gpkg", "csv"; "" the default); a bad
// format is a geo.ErrInvalid error. cmd wires data/export to it.
type Exporter func(ctx context.Context, dataset string, day geo.Day, format string) (Export, error)

// apiExport serves GET /api/export?day=D[&dataset=&format=geojson|gpkg|csv]:
// the map at a day as a file a GIS opens, cached by content with an ETag
// of it (304 on If-None-Match), as tiles are.
func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	if s.cfg.Export == nil {
		writeError(w, http.StatusNotFound, "exports are not served here")
		return
	}
	dataset, err := s.dataset(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := q.Get("day")
	if v == "" {
		v = "latest"
	}
	day, latest, err := s.parseDay(ctx, dataset, v, "day")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ex, err := s.cfg.Export(ctx, dataset, day, q.Get("format"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	etag := `"` + ex.Key + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl(day, latest))
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatch(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, err := s.exportBody(ctx, ex)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h.Set("Content-Type", ex.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": ex.Filename}))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// exportBody is the bytes of ex, from the body cache or written once for
// all the requests that ask for them at the same time.
func (s *Server) exportBody(ctx context.Context, ex Export) ([]byte, error) {
	key := "export/" + ex.Key
	if body, ok := s.cache.Get(key); ok {
		return body, nil
	}
	return s.flight.Do(ctx, key, func(ctx context.Context) ([]byte, error) {
		start := time.Now()
		var b bytes.Buffer
		if err := ex.Write(ctx, &b); err != nil {
			return nil, err
		}
		s.metrics.rendered("export", time.Since(start))
		s.cache.Put(key, b.Bytes())
		return b.Bytes(), nil
	})
}
