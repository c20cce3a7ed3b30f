package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/glyphs"

	"github.com/gorilla/mux"
)

// fonts serves GET /fonts/{fontstack}/{start}-{end}.pbf: the glyphs of
// our styles' text (package glyphs). A stack of several fonts ("Go
// Bold,Go Regular", as MapLibre asks for a text-font list) is answered
// with the first we have.
func (s *Server) fonts(w http.ResponseWriter, r *http.Request) {
	v := mux.Vars(r)
	from, to, ok := strings.Cut(v["range"], "-")
	start, err1 := strconv.Atoi(from)
	end, err2 := strconv.Atoi(to)
	if !ok || err1 != nil || err2 != nil || end != start+255 {
		s.fail(w, r, geo.Invalidf("glyph range %s: want N-(N+255), N a multiple of 256", geo.Echo(v["range"])))
		return
	}
	var body []byte
	var err error
	for _, stack := range strings.Split(v["stack"], ",") {
		if body, err = glyphs.Range(strings.TrimSpace(stack), start); !errors.Is(err, glyphs.ErrUnknownStack) {
			break
		}
	}
	switch {
	case errors.Is(err, glyphs.ErrUnknownStack):
		writeError(w, http.StatusNotFound, "no such font stack: "+geo.Echo(v["stack"])+"; we have "+strings.Join(glyphs.Stacks, ", "))
		return
	case errors.Is(err, glyphs.ErrBadRange):
		s.fail(w, r, geo.Invalidf("%v", err))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
	w.Header().Set("Cache-Control", "public, max-age=604800")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
