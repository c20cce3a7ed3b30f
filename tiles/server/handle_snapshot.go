package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/frontline-map/frontline/tiles/picture"
)

// snapshotPNG serves GET /snapshot.png: the map at a day, for publication.
func (s *Server) snapshotPNG(w http.ResponseWriter, r *http.Request) {
	s.picture(w, r, picture.KindSnapshot)
}

// diffPNG serves GET /diff.png: the map at to with each side's gains and
// losses since from.
func (s *Server) diffPNG(w http.ResponseWriter, r *http.Request) { s.picture(w, r, picture.KindDiff) }

// timelapseGIF serves GET /timelapse.gif: the map from from to to.
func (s *Server) timelapseGIF(w http.ResponseWriter, r *http.Request) {
	s.picture(w, r, picture.KindTimelapse)
}

// picture serves a picture, cached by content: its key (and ETag) hashes
// how it is drawn (picture.Version, draw.Version, the style's Key), the
// request as resolved (view, size, title, days) and the ids of the
// versions it draws, so it is known before drawing, a repeat is answered
// from the cache or with 304, and an edit in view or a new look changes it.
func (s *Server) picture(w http.ResponseWriter, r *http.Request, kind picture.Kind) {
	req, err := picture.ParseQuery(kind, r.URL.Query())
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
	p, err := s.pics.Plan(ctx, req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	key := p.Key()
	etag := `"` + key + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl(p.Day(), p.Latest()))
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
	if kind == picture.KindTimelapse {
		ct = "image/gif"
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", `inline; filename="`+p.FileName()+`"`)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// pictureBody returns a picture's bytes from the cache, or renders them
// once however many ask at the same time. NoCache renders regardless.
func (s *Server) pictureBody(ctx context.Context, p *picture.Plan, key string) ([]byte, error) {
	render := func(ctx context.Context) ([]byte, error) {
		pic, err := s.pics.Draw(ctx, p, nil)
		if err != nil {
			return nil, err
		}
		return pic.Body, nil
	}
	if p.Request().NoCache {
		return render(ctx)
	}
	if body, ok := s.cache.Get(key); ok {
		return body, nil
	}
	body, err := s.flight.Do(ctx, key, func(ctx context.Context) ([]byte, error) {
		body, err := render(ctx)
		if err == nil {
			s.cache.Put(key, body)
		}
		return body, err
	})
	return body, err
}
