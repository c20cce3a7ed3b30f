package tiles

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// snapshotPNG serves GET /snapshot.png: the map at a day, for publication.
func (s *Server) snapshotPNG(w http.ResponseWriter, r *http.Request) { s.picture(w, r, KindSnapshot) }

// diffPNG serves GET /diff.png: the map at to with each side's gains and
// losses since from.
func (s *Server) diffPNG(w http.ResponseWriter, r *http.Request) { s.picture(w, r, KindDiff) }

// timelapseGIF serves GET /timelapse.gif: the map from from to to.
func (s *Server) timelapseGIF(w http.ResponseWriter, r *http.Request) { s.picture(w, r, KindTimelapse) }

// picture serves a picture, cached by content: its key (and ETag) hashes
// the request as resolved (view, size, title, days) and the ids of the
// versions it draws, so it is known before drawing, a repeat is answered
// from the cache or with 304, and an edit in view changes it.
func (s *Server) picture(w http.ResponseWriter, r *http.Request, kind PictureKind) {
	req, err := ParsePictureQuery(kind, r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if req.NoCache && !s.authorized(r) {
		// A forced render of a 400-frame timelapse is seconds of CPU:
		// only the token holder may ask for one.
		w.Header().Set("WWW-Authenticate", `Bearer realm="frontline"`)
		s.fail(w, r, errNoCacheToken)
		return
	}
	ctx := r.Context()
	p, err := s.plan(ctx, req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	key := p.key()
	etag := `"` + key + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl(p.day, p.latest))
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatch(match, etag) && !req.NoCache {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, err := s.pictureBody(ctx, p, key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ct := "image/png"
	if kind == KindTimelapse {
		ct = "image/gif"
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", `inline; filename="`+p.fileName()+`"`)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// pictureBody returns a picture's bytes from the cache, or renders them
// once however many ask at the same time. NoCache renders regardless.
func (s *Server) pictureBody(ctx context.Context, p *plan, key string) ([]byte, error) {
	render := func(ctx context.Context) ([]byte, error) {
		start := time.Now()
		pic, err := s.renderPicture(ctx, p, nil)
		if err != nil {
			return nil, err
		}
		s.metrics.rendered(p.req.Kind.String(), time.Since(start))
		return pic.Body, nil
	}
	if p.req.NoCache {
		return render(ctx)
	}
	if body, ok := s.cache.Get(key); ok {
		return body, nil
	}
	body, err := s.flight.do(ctx, key, func(ctx context.Context) ([]byte, error) {
		body, err := render(ctx)
		if err == nil {
			s.cache.Put(key, body)
		}
		return body, err
	})
	return body, err
}

// fileName is what a browser saves the picture as:
// snapshot-ukraine-2025-01-20.png, diff-kursk-incursion-2024-08-01-2024-08-31.png.
func (p *plan) fileName() string {
	name := strings.ToLower(strings.ReplaceAll(p.name, " ", "-"))
	if p.req.View.Region != "" {
		name = p.req.View.Region
	}
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, name)
	switch p.req.Kind {
	case KindDiff:
		return "diff-" + name + "-" + p.from.String() + "-" + p.day.String() + ".png"
	case KindTimelapse:
		return "timelapse-" + name + "-" + p.from.String() + "-" + p.day.String() + ".gif"
	}
	return "snapshot-" + name + "-" + p.day.String() + ".png"
}
