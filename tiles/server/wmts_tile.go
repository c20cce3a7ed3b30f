package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/service"

	"github.com/gorilla/mux"
)

// wmtsTileRequest is a GetTile request, however it came.
type wmtsTileRequest struct {
	layer, style, format, tms, time string
	matrix, row, col                string
	kvp                             bool // KVP, not RESTful: errors are 400 as WMTS's table has them
}

// wmtsKVPTile serves GET /wmts?REQUEST=GetTile&LAYER=&STYLE=&FORMAT=image/png&TILEMATRIXSET=&TILEMATRIX=&TILEROW=&TILECOL=[&TIME=].
func (s *Server) wmtsKVPTile(w http.ResponseWriter, r *http.Request, q map[string]string) {
	for _, name := range []string{"LAYER", "FORMAT", "TILEMATRIXSET", "TILEMATRIX", "TILEROW", "TILECOL"} {
		if q[name] == "" {
			s.owsFail(w, r, "MissingParameterValue", name, geo.Invalidf("%s is missing", name))
			return
		}
	}
	s.wmtsTile(w, r, wmtsTileRequest{layer: q["LAYER"], style: q["STYLE"], format: q["FORMAT"], tms: q["TILEMATRIXSET"],
		time: q["TIME"], matrix: q["TILEMATRIX"], row: q["TILEROW"], col: q["TILECOL"], kvp: true})
}

// wmtsRESTTile serves GET /wmts/1.0.0/{layer}/{style}/{Time}/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png.
func (s *Server) wmtsRESTTile(w http.ResponseWriter, r *http.Request) {
	v := mux.Vars(r)
	col, ok := strings.CutSuffix(v["xext"], ".png")
	if !ok {
		s.owsFail(w, r, "InvalidParameterValue", "Format", notFoundf("tile %s: the only format is .png", geo.Echo(v["xext"])))
		return
	}
	s.wmtsTile(w, r, wmtsTileRequest{layer: v["layer"], style: v["style"], format: "image/png", tms: v["tms"],
		time: v["time"], matrix: v["z"], row: v["y"], col: col})
}

// wmtsTile answers a GetTile: the tile service's PNG tile of the layer's
// day, the bytes and ETag of /tiles/{day}/{z}/{x}/{y}.png.
func (s *Server) wmtsTile(w http.ResponseWriter, r *http.Request, q wmtsTileRequest) {
	fail := func(code, locator string, err error) {
		if q.kvp && status(err) < http.StatusInternalServerError {
			err = &owsClientError{err}
		}
		s.owsFail(w, r, code, locator, err)
	}
	switch {
	case q.style != "" && q.style != "default":
		fail("InvalidParameterValue", "STYLE", notFoundf("style %s: the only style is default", geo.Echo(q.style)))
		return
	case q.format != "image/png":
		fail("InvalidParameterValue", "FORMAT", notFoundf("format %s: the only format is image/png", geo.Echo(q.format)))
		return
	case q.tms != tmsID && q.tms != tmsAlias:
		fail("InvalidParameterValue", "TILEMATRIXSET", notFoundf("tile matrix set %s: the only one is %s", geo.Echo(q.tms), tmsID))
		return
	}
	t, err := parseMatrixTile(q.matrix, q.row, q.col)
	if err != nil {
		code := "TileOutOfRange"
		if errors.Is(err, geo.ErrInvalid) {
			code = "InvalidParameterValue"
		}
		fail(code, "TILEMATRIX", err)
		return
	}
	ctx := r.Context()
	meta, err := s.collection(ctx, q.layer)
	if err != nil {
		fail("InvalidParameterValue", "LAYER", err)
		return
	}
	text := q.time
	if strings.EqualFold(text, "default") || strings.EqualFold(text, "current") {
		text = ""
	}
	day, latest, err := s.datetimeDay(ctx, meta, text)
	if err != nil {
		fail("InvalidParameterValue", "TIME", err)
		return
	}
	req := service.Request{Dataset: meta.Name, Day: day, Tile: t, Format: service.PNG}
	s.serveTileOr(w, r, req, cacheControl(day, latest), func(err error) { fail("NoApplicableCode", "", err) })
}

// owsClientError is a KVP request's mistake: 400 whatever it is (WMTS
// 1.0.0 table 28: InvalidParameterValue, MissingParameterValue and
// TileOutOfRange are 400), where a RESTful request's missing resource is 404.
type owsClientError struct{ err error }

func (e *owsClientError) Error() string { return e.err.Error() }
func (e *owsClientError) Unwrap() error { return e.err }
func (e *owsClientError) Is(target error) bool {
	return target == geo.ErrInvalid
}

// errNotSupported is a WMTS request this server does not have (501).
func errNotSupported(req string) error {
	return fmt.Errorf("request %s: want GetCapabilities or GetTile: %w", geo.Echo(req), errNotImplemented)
}

// owsFail writes err as an OWS 1.1 exception report, its status from the
// server's one mapping (status). A server error is logged in detail and
// reported as NoApplicableCode with a generic text.
func (s *Server) owsFail(w http.ResponseWriter, r *http.Request, code, locator string, err error) {
	st := status(err)
	msg := err.Error()
	if st >= http.StatusInternalServerError && st != http.StatusNotImplemented {
		s.log.Error("wmts request failed", "path", r.URL.Path, "err", err)
		code, locator, msg = "NoApplicableCode", "", http.StatusText(st)
		if errors.Is(err, geo.ErrUnavailable) {
			w.Header().Set("Retry-After", "5")
		}
	}
	h := w.Header()
	h.Del("ETag")
	h.Set("Content-Type", "application/xml; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(st)
	loc := ""
	if locator != "" {
		loc = ` locator="` + esc(locator) + `"`
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<ExceptionReport xmlns="http://www.opengis.net/ows/1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/ows/1.1 http://schemas.opengis.net/ows/1.1.0/owsExceptionReport.xsd" version="1.0.0" xml:lang="en">
<Exception exceptionCode="%s"%s><ExceptionText>%s</ExceptionText></Exception>
</ExceptionReport>
`, esc(code), loc, esc(msg))
}
