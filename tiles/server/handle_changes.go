package server

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// placeLister is a Places that can list its towns, for naming where
// changes are (geo.PlaceIndex is one).
type placeLister interface{ Places() []geo.Place }

// oblastISO are the admin-1 units changes are attributed to: Ukraine's,
// and Russia's oblasts on its border the war reaches.
func oblastUnit(iso string) bool {
	return strings.HasPrefix(iso, "UA-") || iso == "RU-BEL" || iso == "RU-BRY" || iso == "RU-KRS"
}

// changeWords are the towns and oblasts reports name places with, built
// once from the configured places and basemap.
func (s *Server) changeWords() geo.ChangeWords {
	s.wordsOnce.Do(func() {
		if pl, ok := s.cfg.Places.(placeLister); ok {
			s.words.Towns = pl.Places()
		}
		if s.cfg.Basemap != nil {
			for _, f := range s.cfg.Basemap.Features {
				if f.Layer == geo.LayerAdmin1 && oblastUnit(f.ISO) {
					s.words.Oblasts = append(s.words.Oblasts, geo.Oblast{ISO: f.ISO, Name: f.Name, NameUK: f.NameUK, Shape: f.Geometry})
				}
			}
		}
	})
	w := s.words
	w.Oblasts = append([]geo.Oblast(nil), w.Oblasts...) // NewChangeReport writes bounds into its copy
	return w
}

// changeScope is what part of the map a report covers: the shape to clip
// to (none: all of it) and its words ("within 30 km of Pokrovsk").
type changeScope struct {
	ref          geo.Reference
	text, textUK string
	key          string // the query that named it, for cache keys and ids
}

// bound is the scope's bounding box; the zero bound (everything) for the
// whole map.
func (sc changeScope) bound() orb.Bound {
	if len(sc.ref.Shape) == 0 {
		return orb.Bound{}
	}
	return sc.ref.Shape.Bound()
}

// scopeOf reads bbox=, region=, oblast= or place=NAME[&radius=KM]: at most
// one of them.
func (s *Server) scopeOf(ctx context.Context, q url.Values) (changeScope, error) {
	var sc changeScope
	n := 0
	for _, k := range []string{"bbox", "region", "oblast", "place"} {
		if q.Get(k) != "" {
			n++
			sc.key = k + "=" + q.Get(k)
		}
	}
	if n > 1 {
		return sc, geo.Invalidf("give one of bbox=, region=, oblast= and place=")
	}
	area, ok, err := s.resolvePlace(q)
	switch {
	case err != nil:
		return sc, err
	case ok:
		sc.key += fmt.Sprintf("&radius=%g", area.RadiusKm)
		sc.text = fmt.Sprintf("within %g km of %s", area.RadiusKm, area.Place.Name)
		sc.textUK = fmt.Sprintf("у радіусі %g км від н. п. %s", area.RadiusKm, cmp.Or(area.Place.NameUK, area.Place.Name))
		sc.ref = geo.NewReference(sc.text, orb.MultiPolygon{area.Bound.ToPolygon()})
	case q.Get("bbox") != "":
		b, err := geo.ParseBBox(q.Get("bbox"))
		if err != nil {
			return sc, geo.Invalidf("%v", err)
		}
		sc.text = "in the box " + q.Get("bbox")
		sc.textUK = "у прямокутнику " + q.Get("bbox")
		sc.ref = geo.NewReference(sc.text, orb.MultiPolygon{b.ToPolygon()})
	case q.Get("oblast") != "":
		v := q.Get("oblast")
		for _, o := range s.changeWords().Oblasts {
			if strings.EqualFold(o.ISO, v) || geo.PlaceKey(o.Name) == geo.PlaceKey(v) {
				sc.text, sc.key = o.Name+" oblast", "oblast="+o.ISO
				sc.textUK = cmp.Or(o.NameUK, o.Name+" oblast")
				sc.ref = geo.NewReference(sc.text, o.Shape)
				return sc, nil
			}
		}
		return sc, fmt.Errorf("oblast %s: want an ISO 3166-2 code (UA-14) or an oblast's name: %w", geo.Echo(v), geo.ErrNotFound)
	case q.Get("region") != "":
		o, err := s.regions.Outline(ctx, q.Get("region"))
		if err != nil {
			return sc, err
		}
		sc.text = q.Get("region")
		sc.textUK = sc.text
		sc.ref = geo.NewReference(sc.text, o)
	}
	return sc, nil
}

// changesBody is GET /api/changes's answer: the report, its areas as
// GeoJSON and its paragraph in each language.
type changesBody struct {
	geo.ChangeReport
	Areas *geojson.FeatureCollection `json:"areas"`
	Text  map[string]string          `json:"text"`
}

// changeReport is the report of what changed between from and to in
// scope, as the JSON body of /api/changes, remembered in the body cache
// by the versions compared (as diffChanges is).
func (s *Server) changeReport(ctx context.Context, ds geo.Dataset, from, to geo.Day, sc changeScope) ([]byte, error) {
	bound := sc.bound()
	before, err := s.stats.VersionsAt(ctx, ds.Name, from, bound)
	if err != nil {
		return nil, err
	}
	after, err := s.stats.VersionsAt(ctx, ds.Name, to, bound)
	if err != nil {
		return nil, err
	}
	key := changesKey(ds, from, to, sc, before, after)
	if body, ok := s.cache.Get(key); ok {
		return body, nil
	}
	return s.flight.Do(ctx, key, func(ctx context.Context) ([]byte, error) {
		start := time.Now()
		changes, turns, err := geo.ChangesBetween(ctx, before, after, sc.ref)
		if err != nil {
			return nil, fmt.Errorf("changes %s..%s: %w", from, to, err)
		}
		rep, err := geo.NewChangeReport(ctx, changes, turns, s.changeWords(), geo.DefaultSliverKm2)
		if err != nil {
			return nil, fmt.Errorf("changes %s..%s: %w", from, to, err)
		}
		rep.Dataset, rep.From, rep.To, rep.Scope, rep.ScopeUK = ds.Name, from, to, sc.text, sc.textUK
		rep.Credit, rep.AsOf = ds.CreditOrName(), ds.AsOf(to)
		body := changesBody{ChangeReport: rep, Areas: geojson.NewFeatureCollection(),
			Text: map[string]string{"en": rep.Text("en"), "uk": rep.Text("uk")}}
		for _, a := range rep.Areas {
			f := geojson.NewFeature(a.Shape)
			f.Properties = geojson.Properties{"side": a.Side.String(), "km2": a.Km2, "oblast": a.Oblast,
				"oblast_iso": a.OblastISO, "near": a.Near, "where": a.Where}
			body.Areas.Append(f)
		}
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		s.metrics.rendered("api-changes", time.Since(start))
		s.cache.Put(key, b)
		return b, nil
	})
}

// changesKey names a report by the versions it compares, its scope and
// the dataset's credit and end (which its text says).
func changesKey(ds geo.Dataset, from, to geo.Day, sc changeScope, vss ...[]geo.Version) string {
	var buf []byte
	buf = fmt.Appendf(buf, "changes/1|%s|%s|%s|%d|%s|%s|", ds.Name, from, to, ds.AsOf(to), ds.CreditOrName(), sc.key)
	for _, vs := range vss {
		buf = binary.AppendUvarint(buf, uint64(len(vs)))
		for _, v := range vs {
			buf = binary.AppendVarint(buf, v.ID)
		}
	}
	h := sha256.Sum256(buf)
	return "changes/" + hex.EncodeToString(h[:16])
}

// changesRange reads from= and to= (required; "latest" allowed).
func (s *Server) changesRange(ctx context.Context, ds string, q url.Values) (from, to geo.Day, err error) {
	if q.Get("from") == "" || q.Get("to") == "" {
		return 0, 0, geo.Invalidf("from and to are required")
	}
	if from, _, err = s.parseDay(ctx, ds, q.Get("from"), "from"); err != nil {
		return 0, 0, err
	}
	if to, _, err = s.parseDay(ctx, ds, q.Get("to"), "to"); err != nil {
		return 0, 0, err
	}
	if from > to {
		return 0, 0, geo.Invalidf("from %s is after to %s", from, to)
	}
	return from, to, nil
}

// langOf is lang= ("en" or "uk"), else the first of them the reader's
// Accept-Language names, else English.
func langOf(r *http.Request) (string, error) {
	switch v := r.URL.Query().Get("lang"); v {
	case "en", "uk":
		return v, nil
	case "":
	default:
		return "", geo.Invalidf("lang %s: want en or uk", geo.Echo(v))
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		switch strings.ToLower(strings.SplitN(tag, "-", 2)[0]) {
		case "uk":
			return "uk", nil
		case "en":
			return "en", nil
		}
	}
	return "en", nil
}

// ChangeReport is the body of GET /api/changes for query q (from=, to=,
// dataset=, and bbox=, region=, oblast= or place=): the report as JSON,
// and lang's paragraph ("en" or "uk"). frontline changes prints it.
func (s *Server) ChangeReport(ctx context.Context, q url.Values, lang string) (body []byte, text string, err error) {
	ds, err := s.datasetMeta(ctx, q.Get("dataset"))
	if err != nil {
		return nil, "", err
	}
	from, to, err := s.changesRange(ctx, ds.Name, q)
	if err != nil {
		return nil, "", err
	}
	sc, err := s.scopeOf(ctx, q)
	if err != nil {
		return nil, "", err
	}
	if body, err = s.changeReport(ctx, ds, from, to, sc); err != nil {
		return nil, "", err
	}
	text, err = textOf(body, lang)
	return body, text, err
}

// apiChanges serves GET /api/changes?from=&to=[&dataset=&bbox=|region=|
// oblast=|place=&format=text&lang=]: the change report (geo.ChangeReport)
// as JSON with its areas as GeoJSON, or with format=text its paragraph.
func (s *Server) apiChanges(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	lang, err := langOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body, text, err := s.ChangeReport(ctx, q, lang)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch q.Get("format") {
	case "", "json":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "public, max-age=30")
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(body)
			w.Write([]byte("\n"))
		}
	case "text":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Language", lang)
		w.Header().Add("Vary", "Accept-Language")
		w.Header().Set("Cache-Control", "public, max-age=30")
		if r.Method != http.MethodHead {
			fmt.Fprintln(w, text)
		}
	default:
		s.fail(w, r, geo.Invalidf("format %s: want json or text", geo.Echo(q.Get("format"))))
	}
}

// textOf is the paragraph in lang of a changesBody.
func textOf(body []byte, lang string) (string, error) {
	var b struct {
		Text map[string]string `json:"text"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return "", err
	}
	return b.Text[lang], nil
}
