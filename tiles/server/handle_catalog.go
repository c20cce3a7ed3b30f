package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/frontline-map/frontline/geo"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
)

// RegionStore is what the regions' routes read (/api/regions...).
// data.Store satisfies it.
type RegionStore interface {
	Regions(ctx context.Context) ([]geo.Region, error)
	Region(ctx context.Context, slug string) (geo.Region, error)
	Outline(ctx context.Context, slug string) (orb.MultiPolygon, error)
	History(ctx context.Context, dataset, slug string) ([]geo.Version, error)
}

// ArticleStore is what the articles' routes and the timeline read.
// data.Store satisfies it.
type ArticleStore interface {
	Articles(ctx context.Context, q geo.ArticleQuery) ([]geo.Article, error)
	Article(ctx context.Context, id int64) (geo.Article, error)
}

// apiDatasets serves GET /api/datasets: every dataset and the default.
func (s *Server) apiDatasets(w http.ResponseWriter, r *http.Request) {
	ds, err := s.datasets.Datasets(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	def, err := s.datasets.DefaultDataset(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, map[string]any{"default": def, "datasets": ds})
}

// apiDataset serves GET /api/datasets/{name}: one dataset, as
// /api/datasets lists it.
func (s *Server) apiDataset(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	if !geo.ValidSlug(name) {
		s.fail(w, r, geo.Invalidf("bad dataset name %s: want lowercase words joined by '-'", geo.Echo(name)))
		return
	}
	d, err := s.datasets.Dataset(r.Context(), name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, d)
}

func (s *Server) apiRegions(w http.ResponseWriter, r *http.Request) {
	rs, err := s.regions.Regions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]geo.RegionInfo, 0, len(rs))
	for _, reg := range rs {
		out = append(out, geo.InfoOf(reg))
	}
	writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) apiRegion(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	reg, err := s.regions.Region(ctx, mux.Vars(r)["slug"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := geo.InfoOf(reg)
	if o, err := s.regions.Outline(ctx, reg.Slug); err == nil && len(o) > 0 {
		b := o.Bound()
		out.BBox = []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	}
	writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	dataset, err := s.dataset(ctx, r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	slug := mux.Vars(r)["slug"]
	vs, err := s.regions.History(ctx, dataset, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, geo.NewHistory(dataset, slug, vs))
}

// apiArticles serves GET /api/articles[?region=&from=&to=&day=].
func (s *Server) apiArticles(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	aq := geo.ArticleQuery{Region: q.Get("region")}
	var err error
	if v := q.Get("day"); v != "" {
		if aq.From, _, err = s.parseDay(ctx, "", v, "day"); err != nil {
			s.fail(w, r, err)
			return
		}
		aq.To = aq.From
	}
	for name, dst := range map[string]*geo.Day{"from": &aq.From, "to": &aq.To} {
		if v := q.Get(name); v != "" {
			if *dst, _, err = s.parseDay(ctx, "", v, name); err != nil {
				s.fail(w, r, err)
				return
			}
		}
	}
	as, err := s.articles.Articles(ctx, aq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if as == nil {
		as = []geo.Article{}
	}
	writeJSON(w, r, http.StatusOK, as)
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(mux.Vars(r)["id"], 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, geo.Invalidf("article id %q is not a positive number", mux.Vars(r)["id"]))
		return
	}
	a, err := s.articles.Article(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, a)
}
