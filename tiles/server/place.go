package server

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// Places answers GET /api/places and resolves place= wherever a request
// takes a point or a box (geo.PlaceIndex satisfies it).
type Places interface {
	Search(q string, limit int) []geo.PlaceMatch
	Resolve(name string) (geo.Place, error)
}

// DefaultPlaceRadiusKm is the radius of place= without radius=.
const DefaultPlaceRadiusKm = 30

// MaxPlaceRadiusKm bounds radius=: about the span of the whole theatre.
const MaxPlaceRadiusKm = 1000

// PlaceArea is what ?place=NAME[&radius=KM] names: the town, the radius
// and the bounding box of the disc around it.
type PlaceArea struct {
	Place    geo.Place
	RadiusKm float64
	Bound    orb.Bound
}

// Point is the town's point, for handlers that take lat and lon.
func (a PlaceArea) Point() orb.Point { return a.Place.Point() }

// errNoPlaces answers place= and /api/places on a server without a gazetteer.
var errNoPlaces = fmt.Errorf("this server has no list of places: %w", geo.ErrNotFound)

// ResolvePlace reads ?place=NAME[&radius=KM] with places: the one helper
// every handler taking lat/lon or a bbox resolves place= with (a server's
// handlers through s.resolvePlace, the CLI's --place directly). ok is
// false when the query has no place=. An unknown name is
// *geo.UnknownPlaceError (404), an ambiguous one *geo.AmbiguousPlaceError
// (400); s.fail writes their nearest spellings and candidates.
func ResolvePlace(places Places, q url.Values) (area PlaceArea, ok bool, err error) {
	name := q.Get("place")
	if name == "" {
		if q.Has("radius") {
			return area, false, geo.Invalidf("radius goes with place=: place=NAME&radius=KM")
		}
		return area, false, nil
	}
	if places == nil {
		return area, false, errNoPlaces
	}
	area.RadiusKm = DefaultPlaceRadiusKm
	if v := q.Get("radius"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(r) || r <= 0 || r > MaxPlaceRadiusKm {
			return area, false, geo.Invalidf("radius %s: want kilometres, more than 0 and at most %d", geo.Echo(v), MaxPlaceRadiusKm)
		}
		area.RadiusKm = r
	}
	if len(name) > 200 {
		return area, false, geo.Invalidf("place %s: too long", geo.Echo(name))
	}
	if area.Place, err = places.Resolve(name); err != nil {
		return area, false, err
	}
	area.Bound = area.Place.Around(area.RadiusKm)
	return area, true, nil
}

// resolvePlace is ResolvePlace with the server's places.
func (s *Server) resolvePlace(q url.Values) (PlaceArea, bool, error) {
	return ResolvePlace(s.cfg.Places, q)
}

// placeAsBBox lets a handler that takes bbox= take place=NAME[&radius=KM]
// instead: the disc's bounding box is given to it as bbox=.
func (s *Server) placeAsBBox(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		area, ok, err := s.resolvePlace(q)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !ok {
			h(w, r)
			return
		}
		for _, k := range []string{"bbox", "center", "zoom", "region"} {
			if q.Has(k) {
				s.fail(w, r, geo.Invalidf("give place= or %s=, not both", k))
				return
			}
		}
		b := area.Bound
		q.Del("place")
		q.Del("radius")
		q.Set("bbox", fmt.Sprintf("%g,%g,%g,%g", b.Min[0], b.Min[1], b.Max[0], b.Max[1]))
		r2 := r.Clone(r.Context())
		r2.URL.RawQuery = q.Encode()
		h(w, r2)
	}
}

// placeCandidate is a town an ambiguous place= may mean.
type placeCandidate struct {
	Name   string  `json:"name"`
	Oblast string  `json:"oblast"`
	Admin1 string  `json:"admin1"`
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
}

// addPlaceDetail adds to an error's body the candidates of an ambiguous
// place name or the nearest spellings of an unknown one.
func addPlaceDetail(err error, body map[string]any) {
	var amb *geo.AmbiguousPlaceError
	var unk *geo.UnknownPlaceError
	switch {
	case errors.As(err, &amb):
		cs := make([]placeCandidate, 0, len(amb.Candidates))
		for _, p := range amb.Candidates {
			cs = append(cs, placeCandidate{p.Name, p.Oblast, p.Admin1, p.Lat, p.Lon})
		}
		body["candidates"] = cs
	case errors.As(err, &unk):
		body["nearest"] = append([]string{}, unk.Nearest...)
	}
}

// maxPlacesLimit bounds limit= of /api/places.
const maxPlacesLimit = 100

// apiPlaces serves GET /api/places?q=NAME[&limit=N]: the towns with a
// name matching q (English, Ukrainian, Russian, older spellings, Cyrillic
// read in Latin letters), equal names first, then names starting with q,
// then names containing it, each by size; and when none, the nearest
// spellings.
func (s *Server) apiPlaces(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if s.cfg.Places == nil {
		s.fail(w, r, errNoPlaces)
		return
	}
	text := q.Get("q")
	if text == "" || len(text) > 200 {
		s.fail(w, r, geo.Invalidf("q: want a name of 1 to 200 bytes, as /api/places?q=Kupiansk"))
		return
	}
	limit := 10
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPlacesLimit {
			s.fail(w, r, geo.Invalidf("limit %s: want 1 to %d", geo.Echo(v), maxPlacesLimit))
			return
		}
		limit = n
	}
	ms := s.cfg.Places.Search(text, limit)
	if ms == nil {
		ms = []geo.PlaceMatch{}
	}
	body := map[string]any{"query": text, "places": ms}
	if len(ms) == 0 {
		var unk *geo.UnknownPlaceError
		if _, err := s.cfg.Places.Resolve(text); errors.As(err, &unk) {
			body["nearest"] = append([]string{}, unk.Nearest...)
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeJSON(w, r, http.StatusOK, body)
}
