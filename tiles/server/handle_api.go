package server

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// StatsStore is what the figures of /api/stats and /api/series and the
// versions /api/diff compares are read from. data.Store satisfies it.
type StatsStore interface {
	Stats(ctx context.Context, dataset string, day geo.Day) (geo.Stats, error)
	StatsByOblast(ctx context.Context, dataset string, day geo.Day) (geo.StatsByArea, error)
	VersionsAt(ctx context.Context, dataset string, day geo.Day, b orb.Bound) ([]geo.Version, error)
	Series(ctx context.Context, dataset string, from, to geo.Day, byOblast bool) (geo.FigureSeries, error)
}

// writeJSON writes v as JSON; reads are cacheable for a short while.
func writeJSON(w http.ResponseWriter, r *http.Request, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "public, max-age=30")
	}
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		encodeJSON(w, v)
	}
}

// encodeJSON writes v as JSON and a newline, without HTML escaping: what
// we write is read as JSON, never pasted into HTML, and a style's "<="
// escaped as "\u003c=" is an unknown expression to strict readers
// (MapLibre's gl-style-validate).
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// apiTimeline serves GET /api/timeline[?bbox=&dataset=]: the days on which
// the map changes, with the articles of each, and the articles of other days.
func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	dataset, err := s.dataset(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b orb.Bound
	if v := q.Get("bbox"); v != "" {
		if b, err = geo.ParseBBox(v); err != nil {
			s.fail(w, r, geo.Invalidf("%v", err))
			return
		}
	}
	days, err := s.datasets.ChangeDays(ctx, dataset, b)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	arts, err := s.articles.Articles(ctx, geo.ArticleQuery{Limit: 10000})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, geo.NewTimeline(dataset, days, arts))
}

// apiStats serves GET /api/stats?day=D[&dataset=&by=oblast], under an
// ETag (writeTagged).
func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	dataset, err := s.dataset(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := q.Get("day")
	if v == "" {
		v = "latest"
	}
	day, _, err := s.parseDay(ctx, dataset, v, "day")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch q.Get("by") {
	case "":
	case "oblast":
		st, err := s.stats.StatsByOblast(ctx, dataset, day)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if err := writeJSONTagged(w, r, st); err != nil {
			s.fail(w, r, err)
		}
		return
	default:
		s.fail(w, r, geo.Invalidf("by %s: want oblast", geo.Echo(q.Get("by"))))
		return
	}
	st, err := s.stats.Stats(ctx, dataset, day)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := writeJSONTagged(w, r, st); err != nil {
		s.fail(w, r, err)
	}
}

// apiDiff serves GET /api/diff?from=D1&to=D2[&dataset=].
func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	dataset, err := s.dataset(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if q.Get("from") == "" || q.Get("to") == "" {
		s.fail(w, r, geo.Invalidf("from and to are required"))
		return
	}
	from, _, err := s.parseDay(ctx, dataset, q.Get("from"), "from")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to, _, err := s.parseDay(ctx, dataset, q.Get("to"), "to")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	changes, err := s.diffChanges(ctx, dataset, from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, geo.DiffReport{Dataset: dataset, From: from, To: to, Changes: changes})
}

// diffChanges is what changed between two days, remembered in the body
// cache by content: versions never change shape once written, so the ids
// of the versions on the map at from and at to name the result. A diff
// over big polygons takes seconds; asked again, it takes a lookup.
func (s *Server) diffChanges(ctx context.Context, dataset string, from, to geo.Day) ([]geo.Change, error) {
	before, err := s.stats.VersionsAt(ctx, dataset, from, orb.Bound{})
	if err != nil {
		return nil, err
	}
	after, err := s.stats.VersionsAt(ctx, dataset, to, orb.Bound{})
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	var buf []byte
	buf = append(buf, "diff/1|"...)
	for _, vs := range [][]geo.Version{before, after} {
		buf = binary.AppendUvarint(buf, uint64(len(vs)))
		for _, v := range vs {
			buf = binary.AppendVarint(buf, v.ID)
		}
	}
	h.Write(buf)
	key := "diff/" + hex.EncodeToString(h.Sum(nil)[:16])
	body, ok := s.cache.Get(key)
	if !ok {
		body, err = s.flight.Do(ctx, key, func(ctx context.Context) ([]byte, error) {
			start := time.Now()
			changes, err := geo.Diff(ctx, before, after, geo.Reference{})
			if err != nil {
				return nil, fmt.Errorf("diff %s..%s: %w", from, to, err)
			}
			s.metrics.rendered("api-diff", time.Since(start))
			b, err := json.Marshal(changes)
			if err != nil {
				return nil, err
			}
			s.cache.Put(key, b)
			return b, nil
		})
		if err != nil {
			return nil, err
		}
	}
	var changes []geo.Change
	if err := json.Unmarshal(body, &changes); err != nil {
		return nil, err
	}
	return changes, nil
}
