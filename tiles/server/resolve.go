package server

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// DatasetStore names and describes the datasets and their change days:
// what resolving ?dataset= and "latest" reads, and /api/datasets and
// /api/timeline. data.Store satisfies it.
type DatasetStore interface {
	Datasets(ctx context.Context) ([]geo.Dataset, error)
	DefaultDataset(ctx context.Context) (string, error)
	// Dataset describes one dataset: what its maps credit and the days
	// observed.
	Dataset(ctx context.Context, name string) (geo.Dataset, error)
	ChangeDays(ctx context.Context, dataset string, b orb.Bound) ([]geo.Day, error)
}

// resolverOf names datasets and days for pictures with the server's caches.
type resolverOf struct{ s *Server }

// Dataset checks a dataset name as requests do; "" is the default.
func (r resolverOf) Dataset(ctx context.Context, name string) (string, error) {
	return r.s.datasetNamed(ctx, name)
}

// Day reads a day parameter as requests do; "latest" is the last change.
func (r resolverOf) Day(ctx context.Context, dataset, text, name string) (geo.Day, bool, error) {
	return r.s.parseDay(ctx, dataset, text, name)
}

// parseDay parses a day parameter; "latest" is the last change day of the dataset.
func (s *Server) parseDay(ctx context.Context, dataset, v, name string) (geo.Day, bool, error) {
	if v == "latest" {
		d, err := s.latest(ctx, dataset)
		return d, true, err
	}
	d, err := geo.ParseDay(v)
	if err != nil {
		return 0, false, geo.Invalidf("%s: %s", name, err.Error())
	}
	return d, false, nil
}

// dataset returns the ?dataset= parameter or the default, checking it
// exists. The answer is remembered for a few seconds and forgotten on
// every edit, so that a cached tile costs no query.
func (s *Server) dataset(ctx context.Context, q url.Values) (string, error) {
	return s.datasetNamed(ctx, q.Get("dataset"))
}

// datasetNamed checks a dataset name; empty names the default.
func (s *Server) datasetNamed(ctx context.Context, name string) (string, error) {
	s.dsMu.RLock()
	known, fresh := s.dsKnown, time.Since(s.dsAt) < 10*time.Second
	s.dsMu.RUnlock()
	if !fresh {
		loaded, err := s.loadDatasets(ctx)
		switch {
		case err == nil:
			known = loaded
		case known != nil && errors.Is(err, geo.ErrUnavailable):
			// The database is away: the names known before still serve
			// what the caches hold.
		default:
			return "", err
		}
	}
	if name == "" {
		return known[""], nil
	}
	if !geo.ValidSlug(name) {
		return "", geo.Invalidf("bad dataset name %s: want lowercase words joined by '-'", geo.Echo(name))
	}
	if _, ok := known[name]; !ok {
		return "", fmt.Errorf("dataset %s: %w", geo.Echo(name), geo.ErrNotFound)
	}
	return name, nil
}

// datasetMeta describes the dataset name (as datasetNamed takes it: ""
// is the default) from what loadDatasets remembered: refreshed every few
// seconds and on every edit, kept while the database is away.
func (s *Server) datasetMeta(ctx context.Context, name string) (geo.Dataset, error) {
	name, err := s.datasetNamed(ctx, name)
	if err != nil {
		return geo.Dataset{}, err
	}
	s.dsMu.RLock()
	d, ok := s.dsMeta[name]
	s.dsMu.RUnlock()
	if !ok {
		d = geo.Dataset{Name: name}
	}
	return d, nil
}

// loadDatasets reads the dataset names and the default (under ""), and
// what describes each dataset.
func (s *Server) loadDatasets(ctx context.Context) (map[string]string, error) {
	ds, err := s.datasets.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	def, err := s.datasets.DefaultDataset(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]string{"": def}
	meta := make(map[string]geo.Dataset, len(ds))
	for _, d := range ds {
		known[d.Name] = d.Name
		meta[d.Name] = d
	}
	s.dsMu.Lock()
	s.dsKnown, s.dsMeta, s.dsAt = known, meta, time.Now()
	s.dsMu.Unlock()
	return known, nil
}

// latestEntry is a dataset's last change day and when it was read.
type latestEntry struct {
	day geo.Day
	at  time.Time
}

// latest returns the last change day of a dataset, remembered for a few
// seconds and forgotten on every edit.
func (s *Server) latest(ctx context.Context, dataset string) (geo.Day, error) {
	s.latestMu.Lock()
	e, ok := s.latestBy[dataset]
	s.latestMu.Unlock()
	if ok && time.Since(e.at) < 10*time.Second {
		return e.day, nil
	}
	days, err := s.datasets.ChangeDays(ctx, dataset, orb.Bound{})
	if err != nil {
		if ok && errors.Is(err, geo.ErrUnavailable) {
			return e.day, nil // the last known, while the database is away
		}
		return 0, err
	}
	d := geo.DayOf(time.Now())
	if len(days) > 0 {
		d = days[len(days)-1]
	}
	s.latestMu.Lock()
	s.latestBy[dataset] = latestEntry{d, time.Now()}
	s.latestMu.Unlock()
	return d, nil
}
