package server

import (
	"net/http"
	"strings"
)

// baseURL is the absolute URL every document with links (TileJSON, the
// MapLibre style, OGC API - Tiles, WMTS capabilities) builds its URLs on:
// Config.PublicURL when set, else the scheme and host the client used to
// reach us. A base taken from the request varies by its Host and
// X-Forwarded-Proto, and the response says so for caches.
func (s *Server) baseURL(w http.ResponseWriter, r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimRight(s.cfg.PublicURL, "/")
	}
	w.Header().Add("Vary", "Host, X-Forwarded-Proto")
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
