package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"

	"github.com/gorilla/mux"
)

// EditStore is what the routes of edits write (POST /api/articles,
// PATCH /api/datasets/{name}). data.Store satisfies it.
type EditStore interface {
	AddArticle(ctx context.Context, a geo.Article) (geo.Article, error)
	// EditDataset changes a dataset's title, description, attribution,
	// licence or source URL, auditing the change under the request's
	// actor.
	EditDataset(ctx context.Context, name string, e geo.DatasetEdit) (geo.Dataset, error)
}

// articleInput is the JSON body of POST /api/articles.
type articleInput struct {
	Title     string   `json:"title"`
	URL       string   `json:"url"`
	Outlet    string   `json:"outlet"`
	Published string   `json:"published"`
	Summary   string   `json:"summary"`
	Regions   []string `json:"regions"`
}

// apiAddArticle serves POST /api/articles (bearer token required; not an
// editor scoped to datasets: an article belongs to no dataset and shows
// beside every one).
func (s *Server) apiAddArticle(w http.ResponseWriter, r *http.Request) {
	if err := mayWriteShared(r, "articles"); err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := decodeArticle(r.Body)
	if err != nil {
		s.fail(w, r, bodyError(err))
		return
	}
	day, err := geo.ParseDay(in.Published)
	if err != nil {
		s.fail(w, r, geo.Invalidf("published: %s", err.Error()))
		return
	}
	a, err := s.edits.AddArticle(r.Context(), geo.Article{Title: in.Title, URL: in.URL, Outlet: in.Outlet, Published: day, Summary: in.Summary, Regions: in.Regions})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusCreated, a)
}

// articleFields are the members an article body may have.
var articleFields = map[string]bool{"title": true, "url": true, "outlet": true, "published": true, "summary": true, "regions": true}

// decodeArticle reads an article body, refusing members it does not know
// (a typo such as "titel" would otherwise store an untitled article).
func decodeArticle(body io.Reader) (articleInput, error) {
	var in articleInput
	b, err := io.ReadAll(body)
	if err != nil {
		return in, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return in, errEmptyBody
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return in, err
	}
	for k := range members {
		if !articleFields[k] {
			return in, geo.Invalidf("bad JSON body: unknown member %s (want title, url, outlet, published, summary, regions)", geo.Echo(k))
		}
	}
	return in, json.Unmarshal(b, &in)
}

// maxDatasetBody bounds the body of PATCH /api/datasets/{name}: five
// fields of at most geo.MaxDatasetText characters, escaped.
const maxDatasetBody = 64 << 10

// datasetFields are the members a dataset edit may have.
var datasetFields = []string{"title", "description", "attribution", "license", "source_url"}

// apiEditDataset serves PATCH /api/datasets/{name} (bearer token
// required; an editor's scope must hold the dataset): a JSON object of the fields to change (title, description,
// attribution, license, source_url; each a string, "" to clear it), the
// others left as they are. It answers the dataset as stored; the change is
// audited under the token's holder. Unknown datasets are 404; unknown
// members, values that are not strings, over-long or malformed values 400.
func (s *Server) apiEditDataset(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	if !geo.ValidSlug(name) {
		s.fail(w, r, geo.Invalidf("bad dataset name %s: want lowercase words joined by '-'", geo.Echo(name)))
		return
	}
	if err := mayWrite(r, name); err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := decodeDatasetEdit(http.MaxBytesReader(w, r.Body, maxDatasetBody))
	if err != nil {
		s.fail(w, r, bodyError(err))
		return
	}
	d, err := s.edits.EditDataset(r.Context(), name, e)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Changed(name)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, d)
}

// decodeDatasetEdit reads the body of a dataset edit: an object of known
// members whose values are strings, at least one of them.
func decodeDatasetEdit(body io.Reader) (geo.DatasetEdit, error) {
	var e geo.DatasetEdit
	b, err := io.ReadAll(body)
	if err != nil {
		return e, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return e, errEmptyBody
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return e, err
	}
	dst := map[string]**string{"title": &e.Title, "description": &e.Description, "attribution": &e.Attribution,
		"license": &e.License, "source_url": &e.SourceURL}
	for k, raw := range members {
		p, ok := dst[k]
		if !ok {
			return e, geo.Invalidf("bad JSON body: unknown member %s (want %s)", geo.Echo(k), strings.Join(datasetFields, ", "))
		}
		var v string
		if err := json.Unmarshal(raw, &v); err != nil || !bytes.HasPrefix(raw, []byte(`"`)) {
			return e, geo.Invalidf("bad JSON body: %s: want a string", k)
		}
		*p = &v
	}
	if e.Empty() {
		return e, geo.Invalidf("nothing to change: give one or more of %s", strings.Join(datasetFields, ", "))
	}
	return e, nil
}

// apiImport serves POST /api/import?dataset=NAME[&series=1&url=&region=&side=&status=&source=]
// (bearer token required; an editor's scope must hold the dataset). The body is a GeoJSON FeatureCollection, or a
// .tar.gz series with series=1, or empty with url= naming a series.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Import == nil {
		s.fail(w, r, geo.Invalidf("imports are not enabled on this server"))
		return
	}
	q := r.URL.Query()
	req := ImportRequest{
		Dataset: q.Get("dataset"), Series: q.Get("series") == "1" || q.Get("series") == "true" || q.Get("url") != "",
		URL: q.Get("url"), Region: q.Get("region"), Side: q.Get("side"), Status: q.Get("status"),
		Source: q.Get("source"), Body: r.Body, MaxBody: s.cfg.MaxBody,
	}
	if req.Dataset == "" {
		s.fail(w, r, geo.Invalidf("dataset is required: imports never go into a dataset by accident"))
		return
	}
	if !geo.ValidSlug(req.Dataset) {
		s.fail(w, r, geo.Invalidf("bad dataset name %s: want lowercase words joined by '-'", geo.Echo(req.Dataset)))
		return
	}
	if err := mayWrite(r, req.Dataset); err != nil {
		s.fail(w, r, err)
		return
	}
	// One import at a time: an import holds its input's shapes in memory
	// and the database's write lock; others are told when to come back.
	select {
	case s.importing <- struct{}{}:
		defer func() { <-s.importing }()
	default:
		w.Header().Set("Retry-After", "10")
		s.fail(w, r, errBusy)
		return
	}
	// The import runs under the request's context (a client that leaves
	// rolls it back) and a deadline shorter than the server's write
	// timeout, so that it commits and answers, or rolls back.
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.ImportTimeout)
	defer cancel()
	res, err := s.cfg.Import(ctx, req)
	if err != nil {
		if r.Context().Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			err = &importTimeout{s.cfg.ImportTimeout}
		}
		s.fail(w, r, bodyError(err))
		return
	}
	s.Changed(req.Dataset)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, res)
}

// importTimeout is an HTTP import that did not finish in time; nothing was
// written.
type importTimeout struct{ d time.Duration }

func (e *importTimeout) Error() string {
	return fmt.Sprintf("the import did not finish within %s and nothing was written: import input this large with the command line (frontline import)", e.d)
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
		return geo.Invalidf("bad JSON body: %v", err)
	case errors.Is(err, errEmptyBody):
		return geo.Invalidf("empty body")
	}
	return err
}

var errEmptyBody = errors.New("empty body")
