package server

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// static serves the web app from cfg.Static; http.FS refuses paths that
// leave the file system, so nothing outside it can be read.
// A path that names no file gets a JSON 404 like every other route.
func (s *Server) static() http.Handler {
	files := http.FileServer(http.FS(s.cfg.Static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		if _, err := fs.Stat(s.cfg.Static, name); err != nil {
			writeError(w, http.StatusNotFound, "no such path: "+geo.Echo(r.URL.Path))
			return
		}
		files.ServeHTTP(w, r)
	})
}
