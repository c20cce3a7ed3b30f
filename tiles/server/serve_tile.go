package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/frontline-map/frontline/tiles/service"
)

// Header values shared by every response: net/http only reads them, and a
// handler that sets the header again replaces the slice.
var (
	hdrPNG            = []string{"image/png"}
	hdrAcceptEncoding = []string{"Accept-Encoding"}
	hdrAnyOrigin      = []string{"*"}
	hdrExpose         = []string{"ETag, Content-Length"}
)

// serveTile answers a tile request with the tile service's answer and its
// ETag, answering If-None-Match with 304. A vector tile goes gzip'd to a
// client that accepts gzip, unpacked to others, under another ETag.
func (s *Server) serveTile(w http.ResponseWriter, r *http.Request, req service.Request, cacheControl string) {
	s.serveTileOr(w, r, req, cacheControl, func(err error) { s.fail(w, r, err) })
}

// serveTileOr is serveTile answering its errors with fail: WMTS answers
// them with OWS exception reports.
func (s *Server) serveTileOr(w http.ResponseWriter, r *http.Request, req service.Request, cacheControl string, fail func(error)) {
	t, err := s.tileSvc.Get(r.Context(), req)
	if err != nil {
		fail(err)
		return
	}
	// Headers are set by their canonical names directly: this is the path
	// of every cache hit.
	h := w.Header()
	etag := t.ETag
	decode := t.Encoding != "" && !acceptsEncoding(r, t.Encoding)
	if decode {
		etag = t.DecodedETag()
	}
	vals := make([]string, 3) // one allocation for three headers
	vals[0], vals[1] = etag, cacheControl
	h["Etag"] = vals[0:1:1]
	h["Cache-Control"] = vals[1:2:2]
	if t.Encoding != "" {
		h["Vary"] = hdrAcceptEncoding
	}
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatch(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	size := int64(len(t.Body))
	if decode {
		n, ok := t.DecodedSize()
		if !ok {
			fail(fmt.Errorf("server: tile %s: a gzip'd body without a trailer", t.Key))
			return
		}
		size = n
	}
	if t.ContentType == hdrPNG[0] {
		h["Content-Type"] = hdrPNG
	} else {
		h.Set("Content-Type", t.ContentType)
	}
	if t.Encoding != "" && !decode {
		h.Set("Content-Encoding", t.Encoding)
	}
	vals[2] = strconv.FormatInt(size, 10)
	h["Content-Length"] = vals[2:3:3]
	switch {
	case r.Method == http.MethodHead:
	case decode:
		// Unpacked as it goes out: a decoded copy per request would take
		// the memory of the tile's size once per client (issue #22).
		if _, err := t.WriteDecoded(w); err != nil {
			s.log.Error("tile gunzip", "key", t.Key, "err", err)
		}
	default:
		w.Write(t.Body)
	}
}

// acceptsEncoding says whether a request's Accept-Encoding takes enc.
func acceptsEncoding(r *http.Request, enc string) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		e, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(e) == enc && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

func etagMatch(header, etag string) bool {
	for _, part := range strings.Split(header, ",") {
		p := strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if p == etag || p == "*" {
			return true
		}
	}
	return false
}
