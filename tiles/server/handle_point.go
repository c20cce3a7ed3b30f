package server

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
)

// PointStore is what answers about a point read: the versions on the map
// at a day, and every version whose bound holds a point. data.Store
// satisfies it.
type PointStore interface {
	VersionsAt(ctx context.Context, dataset string, day geo.Day, b orb.Bound) ([]geo.Version, error)
	VersionsIn(ctx context.Context, dataset string, b orb.Bound) ([]geo.Version, error)
}

// landOf is the basemap's countries, what says land from sea.
func landOf(b *tiles.Basemap) *geo.Land {
	if b == nil {
		return nil
	}
	return geo.NewLand(b.Features)
}

// pointOf reads the point a request asks about: lat and lon in degrees
// (WGS84), or place=NAME (the town's point; ResolvePlace). The one place
// that does, for every route about a point.
func (s *Server) pointOf(q url.Values) (orb.Point, error) {
	area, ok, err := s.resolvePlace(q)
	if err != nil {
		return orb.Point{}, err
	}
	if ok {
		if q.Has("lat") || q.Has("lon") {
			return orb.Point{}, geo.Invalidf("give place= or lat and lon, not both")
		}
		return area.Point(), nil
	}
	lat, err := degrees(q, "lat", 90)
	if err != nil {
		return orb.Point{}, err
	}
	lon, err := degrees(q, "lon", 180)
	if err != nil {
		return orb.Point{}, err
	}
	return orb.Point{lon, lat}, nil
}

func degrees(q url.Values, name string, limit float64) (float64, error) {
	s := q.Get(name)
	if s == "" {
		return 0, geo.Invalidf("lat and lon (or place=NAME) are required")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, geo.Invalidf("%s %s: not a number", name, geo.Echo(s))
	}
	if v < -limit || v > limit {
		return 0, geo.Invalidf("%s %s: out of range (-%g to %g)", name, geo.Echo(s), limit, limit)
	}
	return v, nil
}

// pointDay is the dataset and day a point is asked of (?dataset=, ?day=,
// "latest" by default), with what describes the dataset.
func (s *Server) pointDay(ctx context.Context, q url.Values) (geo.Dataset, geo.Day, error) {
	meta, err := s.datasetMeta(ctx, q.Get("dataset"))
	if err != nil {
		return meta, 0, err
	}
	v := q.Get("day")
	if v == "" {
		v = "latest"
	}
	day, _, err := s.parseDay(ctx, meta.Name, v, "day")
	return meta, day, err
}

// answerPoint is what holds pt on day in ds, from the map of the day (or
// of the last observed day past it), with since when if since.
func (s *Server) answerPoint(ctx context.Context, ds geo.Dataset, day geo.Day, pt orb.Point, m *geo.PointMap, since bool) (geo.PointAnswer, error) {
	a, err := geo.AnswerPoint(ctx, geo.PointQuery{Dataset: ds, Day: day, Point: pt}, m, s.land)
	if err != nil || !since || a.Status == geo.PointOutside || a.Status == geo.PointUnknown {
		return a, err
	}
	h, err := s.pointHistory(ctx, ds, pt)
	if err != nil {
		return a, err
	}
	if d, ok := h.Since(mapDay(ds, day)); ok {
		a.Since = &d
	}
	return a, nil
}

// mapDay is the day whose map answers for day (Dataset.AsOf).
func mapDay(ds geo.Dataset, day geo.Day) geo.Day {
	if as := ds.AsOf(day); as != 0 {
		return as
	}
	return day
}

// dayVersions is the map of day in ds, every version of it (the nearest
// ground may lie far), none before the observed range.
func (s *Server) dayVersions(ctx context.Context, ds geo.Dataset, day geo.Day) ([]geo.Version, error) {
	if !ds.Observed(day) {
		return nil, nil
	}
	return s.points.VersionsAt(ctx, ds.Name, mapDay(ds, day), orb.Bound{})
}

// pointHistory is every change of hands at pt in ds.
func (s *Server) pointHistory(ctx context.Context, ds geo.Dataset, pt orb.Point) (geo.PointHistory, error) {
	var vs []geo.Version
	if geo.Theatre.Contains(pt) {
		var err error
		if vs, err = s.points.VersionsIn(ctx, ds.Name, orb.Bound{Min: pt, Max: pt}); err != nil {
			return geo.PointHistory{}, err
		}
	}
	return geo.NewPointHistory(ctx, ds, pt, vs, s.land)
}

// apiPoint serves GET /api/point?lat=&lon=[&day=&dataset=]: what holds
// the point that day, since when, and how far the front is.
func (s *Server) apiPoint(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	pt, err := s.pointOf(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ds, day, err := s.pointDay(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vs, err := s.dayVersions(ctx, ds, day)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.answerPoint(ctx, ds, day, pt, geo.NewPointMap(vs), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, a)
}

// apiPointHistory serves GET /api/point/history?lat=&lon=[&dataset=]:
// every change of hands at the point.
func (s *Server) apiPointHistory(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	pt, err := s.pointOf(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ds, err := s.datasetMeta(ctx, q.Get("dataset"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.pointHistory(ctx, ds, pt)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, h)
}
