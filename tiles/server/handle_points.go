package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// MaxPoints is how many points one POST /api/points may ask about.
const MaxPoints = 1000

// maxPointsBody bounds the body of POST /api/points: a thousand points
// with their properties fit in a fraction of it.
const maxPointsBody = 1 << 20

// pointsBody is a GeoJSON FeatureCollection of points, or of features
// without geometry whose properties name a place ("place").
type pointsBody struct {
	Type     string `json:"type"`
	Features []struct {
		Type     string `json:"type"`
		Geometry *struct {
			Type        string    `json:"type"`
			Coordinates []float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties json.RawMessage `json:"properties"`
	} `json:"features"`
}

// PointsAnswer is the answer of POST /api/points: one answer per feature,
// in the order asked, each with the feature's properties.
type PointsAnswer struct {
	Dataset  string        `json:"dataset"`
	Day      geo.Day       `json:"day"`
	AsOf     geo.Day       `json:"as_of,omitempty"`
	Observed bool          `json:"observed"`
	Answers  []pointAnswer `json:"answers"`
}

type pointAnswer struct {
	geo.PointAnswer
	Properties json.RawMessage `json:"properties,omitempty"`
}

// apiPoints serves POST /api/points[?day=&dataset=]: what holds each of up
// to MaxPoints points on one day, as GET /api/point answers one (without
// since when: a history a point would cost a thousand times more).
func (s *Server) apiPoints(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	ds, day, err := s.pointDay(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := decodePoints(http.MaxBytesReader(w, r.Body, maxPointsBody))
	if err != nil {
		s.fail(w, r, bodyError(err))
		return
	}
	pts, err := s.pointsOf(ctx, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vs, err := s.dayVersions(ctx, ds, day)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := PointsAnswer{Dataset: ds.Name, Day: day, AsOf: ds.AsOf(day), Observed: ds.Observed(day), Answers: make([]pointAnswer, len(pts))}
	m := geo.NewPointMap(vs)
	for i, pt := range pts {
		a, err := s.answerPoint(ctx, ds, day, pt, m, false)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		out.Answers[i] = pointAnswer{a, in.Features[i].Properties}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, out)
}

// decodePoints reads a FeatureCollection of at most MaxPoints features.
func decodePoints(body io.Reader) (pointsBody, error) {
	var in pointsBody
	if err := json.NewDecoder(body).Decode(&in); err != nil {
		if err == io.EOF {
			return in, errEmptyBody
		}
		return in, err
	}
	if in.Type != "FeatureCollection" {
		return in, geo.Invalidf("want a GeoJSON FeatureCollection of points, got type %s", geo.Echo(in.Type))
	}
	if n := len(in.Features); n > MaxPoints {
		return in, fmt.Errorf("%d points, at most %d a request: %w", n, MaxPoints, errTooLarge)
	}
	return in, nil
}

// pointsOf is the point of each feature: its Point geometry, or the place
// its properties name.
func (s *Server) pointsOf(ctx context.Context, in pointsBody) ([]orb.Point, error) {
	pts := make([]orb.Point, len(in.Features))
	for i, f := range in.Features {
		g := f.Geometry
		switch {
		case g == nil:
			var props struct {
				Place string `json:"place"`
			}
			if json.Unmarshal(f.Properties, &props) != nil || strings.TrimSpace(props.Place) == "" {
				return nil, geo.Invalidf("feature %d: want a Point geometry or a \"place\" property", i)
			}
			if s.cfg.Places == nil {
				return nil, fmt.Errorf("feature %d: %w", i, errNoPlaces)
			}
			pl, err := s.cfg.Places.Resolve(props.Place)
			if err != nil {
				return nil, fmt.Errorf("feature %d: %w", i, err)
			}
			pts[i] = pl.Point()
			continue
		case g.Type != "Point":
			return nil, geo.Invalidf("feature %d: geometry %s, want Point", i, geo.Echo(g.Type))
		case len(g.Coordinates) < 2 || len(g.Coordinates) > 3:
			return nil, geo.Invalidf("feature %d: want [lon, lat] coordinates", i)
		}
		lon, lat := g.Coordinates[0], g.Coordinates[1]
		if math.Abs(lon) > 180 || math.Abs(lat) > 90 {
			return nil, geo.Invalidf("feature %d: [%g, %g] is not a [lon, lat] point", i, lon, lat)
		}
		pts[i] = orb.Point{lon, lat}
	}
	return pts, nil
}
