package server

import (
	"context"
	"net/http"

	"github.com/frontline-map/frontline/geo"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
)

// ogcCollections serves GET /ogc/collections: a collection per dataset.
func (s *Server) ogcCollections(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ds, err := s.datasets.Datasets(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.baseURL(w, r) + "/ogc"
	cols := make([]map[string]any, 0, len(ds))
	for _, d := range ds {
		c, err := s.collectionDoc(ctx, base, d)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		cols = append(cols, c)
	}
	s.writeOGC(w, r, map[string]any{
		"title":       "Collections",
		"description": "A collection per dataset: its maps of every day as vector and map tiles.",
		"links":       docLinks(base+"/collections", "Collections"),
		"collections": cols,
	})
}

// ogcCollection serves GET /ogc/collections/{collection}.
func (s *Server) ogcCollection(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	meta, err := s.collection(ctx, mux.Vars(r)["collection"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc, err := s.collectionDoc(ctx, s.baseURL(w, r)+"/ogc", meta)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeOGC(w, r, doc)
}

// collectionDoc describes dataset d as an OGC collection: its spatial and
// temporal extent (the observed days, else its first and last change
// days), the days its map changes ("frontline:changeDays"; tiles answer
// any day), and links to its tilesets.
func (s *Server) collectionDoc(ctx context.Context, base string, d geo.Dataset) (map[string]any, error) {
	days, err := s.datasets.ChangeDays(ctx, d.Name, orb.Bound{})
	if err != nil {
		return nil, err
	}
	from, to := d.ObservedFrom, d.ObservedTo
	if len(days) > 0 {
		if from == 0 {
			from = days[0]
		}
		if to == 0 {
			to = days[len(days)-1]
		}
	}
	self := base + "/collections/" + d.Name
	c := map[string]any{
		"id":          d.Name,
		"title":       tileJSONName(d),
		"attribution": AttributionOf(d),
		"extent": map[string]any{
			"spatial": map[string]any{
				"bbox": [][]float64{{mapBounds.Min[0], mapBounds.Min[1], mapBounds.Max[0], mapBounds.Max[1]}},
				"crs":  crsCRS84,
			},
			"temporal": map[string]any{
				"interval": [][]any{{dateTime(from), dateTime(to)}},
				"trs":      "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
			},
		},
		"itemType":             "tiles",
		"crs":                  []string{crs3857},
		"frontline:changeDays": days,
		"links": append(docLinks(self, tileJSONName(d)),
			link{Href: self + "/tiles", Rel: relTilesetsVector, Type: mimeJSON, Title: "Vector tilesets (MVT)"},
			link{Href: self + "/map/tiles", Rel: relTilesetsMap, Type: mimeJSON, Title: "Map tilesets (PNG)"}),
	}
	if d.Description != "" {
		c["description"] = d.Description
	}
	if d.License != "" {
		c["license"] = d.License
	}
	if days == nil {
		c["frontline:changeDays"] = []geo.Day{}
	}
	return c, nil
}

// dateTime is day as an RFC 3339 date-time at its start (UTC), or nil
// (JSON null: open) for no day.
func dateTime(d geo.Day) any {
	if d == 0 {
		return nil
	}
	return d.String() + "T00:00:00Z"
}
