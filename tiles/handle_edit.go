package tiles

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"frontline/geo"
)

// articleInput is the JSON body of POST /api/articles.
type articleInput struct {
	Title     string   `json:"title"`
	URL       string   `json:"url"`
	Outlet    string   `json:"outlet"`
	Published string   `json:"published"`
	Summary   string   `json:"summary"`
	Regions   []string `json:"regions"`
}

// apiAddArticle serves POST /api/articles (bearer token required).
func (s *Server) apiAddArticle(w http.ResponseWriter, r *http.Request) {
	var in articleInput
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		s.fail(w, r, bodyError(err))
		return
	}
	day, err := geo.ParseDay(in.Published)
	if err != nil {
		s.fail(w, r, badf("published: %s", strings.TrimPrefix(err.Error(), "geo: ")))
		return
	}
	a, err := s.store.AddArticle(r.Context(), geo.Article{Title: in.Title, URL: in.URL, Outlet: in.Outlet, Published: day, Summary: in.Summary, Regions: in.Regions})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusCreated, a)
}

// apiImport serves POST /api/import?dataset=NAME[&series=1&url=&region=&side=&status=&source=]
// (bearer token required). The body is a GeoJSON FeatureCollection, or a
// .tar.gz series with series=1, or empty with url= naming a series.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Import == nil {
		s.fail(w, r, badf("imports are not enabled on this server"))
		return
	}
	q := r.URL.Query()
	req := ImportRequest{
		Dataset: q.Get("dataset"), Series: q.Get("series") == "1" || q.Get("series") == "true" || q.Get("url") != "",
		URL: q.Get("url"), Region: q.Get("region"), Side: q.Get("side"), Status: q.Get("status"),
		Source: q.Get("source"), Actor: "http:" + r.RemoteAddr, Body: r.Body,
	}
	if req.Dataset == "" {
		s.fail(w, r, badf("dataset is required: imports never go into a dataset by accident"))
		return
	}
	res, err := s.cfg.Import(r.Context(), req)
	if err != nil {
		s.fail(w, r, bodyError(err))
		return
	}
	s.edited(req.Dataset)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, res)
}

// bodyError classifies errors reading a request body.
func bodyError(err error) error {
	var mbe *http.MaxBytesError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return errTooLarge
	case errors.As(err, &se), errors.As(err, &te):
		return badf("bad JSON body: %v", err)
	case err != nil && strings.HasPrefix(err.Error(), "json: unknown field"):
		return badf("bad JSON body: %v", err)
	case errors.Is(err, errEmptyBody):
		return badf("empty body")
	}
	return err
}

var errEmptyBody = errors.New("empty body")
