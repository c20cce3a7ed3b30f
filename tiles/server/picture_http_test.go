package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/tiles/internal/fake"
)

// seedLikeServer is a Server over fake.SeedLike.
func seedLikeServer() (*Server, *fake.SeedStore) {
	st, bm := fake.SeedLike()
	return New(Config{Store: st, Basemap: bm, Token: "t", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}), st
}

func get(t *testing.T, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://frontline"+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestPictureHTTPCaching(t *testing.T) {
	s, _ := seedLikeServer()
	h := s.Routes()
	const path = "/snapshot.png?day=2025-01-20&bbox=22,44,41,53&width=600&height=400"
	r1 := get(t, h, path)
	etag := r1.Header().Get("ETag")
	if r1.Code != 200 || r1.Header().Get("Content-Type") != "image/png" || etag == "" ||
		!strings.Contains(r1.Header().Get("Cache-Control"), "max-age=86400") ||
		r1.Header().Get("Content-Disposition") != `inline; filename="snapshot-ukraine-2025-01-20.png"` {
		t.Fatalf("got %d %v", r1.Code, r1.Header())
	}
	r2 := get(t, h, path)
	if r2.Header().Get("ETag") != etag || !bytes.Equal(r1.Body.Bytes(), r2.Body.Bytes()) || s.metrics.renderCount("snapshot") != 1 {
		t.Errorf("a repeat: got ETag %s and %d renders, want %s from the cache", r2.Header().Get("ETag"), s.metrics.renderCount("snapshot"), etag)
	}
	if r := get(t, h, path, "If-None-Match", etag); r.Code != http.StatusNotModified || r.Body.Len() != 0 {
		t.Errorf("If-None-Match: got %d with %d bytes, want 304", r.Code, r.Body.Len())
	}
	if get(t, h, path+"&nocache=1", "Authorization", "Bearer t"); s.metrics.renderCount("snapshot") != 2 {
		t.Errorf("nocache=1: got %d renders, want 2", s.metrics.renderCount("snapshot"))
	}
	for name, other := range map[string]string{
		"another day with the same versions": strings.Replace(path, "2025-01-20", "2025-01-21", 1),
		"another title":                      path + "&title=Ukraine",
		"scale 2":                            path + "&scale=2",
	} {
		if r := get(t, h, other); r.Code != 200 || r.Header().Get("ETag") == etag {
			t.Errorf("%s: got %d and ETag %s, want another picture", name, r.Code, r.Header().Get("ETag"))
		}
	}
	if r := get(t, h, "/snapshot.png?width=300&height=200"); !strings.Contains(r.Header().Get("Cache-Control"), "max-age=60") {
		t.Errorf("latest: got Cache-Control %q, want short", r.Header().Get("Cache-Control"))
	}
	if r := get(t, h, "/timelapse.gif?from=2024-08-01&to=2024-09-01&bbox=34.6,50.9,35.9,51.5&width=300&height=200"); r.Code != 200 || r.Header().Get("Content-Type") != "image/gif" {
		t.Errorf("timelapse: got %d %s", r.Code, r.Header().Get("Content-Type"))
	}
	if r := get(t, h, "/diff.png?from=2024-08-01&to=2024-09-01&region=kursk-incursion&width=300&height=200"); r.Code != 200 {
		t.Errorf("diff: got %d %s", r.Code, r.Body)
	}
}

func TestPictureHTTPErrors(t *testing.T) {
	s, _ := seedLikeServer()
	h := s.Routes()
	type tcase struct {
		path string
		code int
		msg  string
	}
	tcases := map[string]tcase{
		"impossible day":  {"/snapshot.png?day=2024-02-30", 400, "bad day"},
		"inverted bbox":   {"/snapshot.png?bbox=41,53,22,44", 400, "inverted"},
		"oversized":       {"/snapshot.png?bbox=-180,-80,180,80", 400, "past the edge"},
		"too wide":        {"/snapshot.png?width=5000", 400, "out of range"},
		"unknown region":  {"/snapshot.png?region=atlantis", 404, "not found"},
		"unknown dataset": {"/snapshot.png?dataset=nope", 404, "not found"},
		"from after to":   {"/diff.png?from=2024-09-01&to=2024-08-01", 400, "after"},
		"diff without to": {"/diff.png?from=2024-09-01", 400, "required"},
		"too many frames": {"/timelapse.gif?from=2020-01-01&to=2024-01-01&step=1d&all=1", 400, "at most 400"},
		"too many steps":  {"/timelapse.gif?from=1900-01-01&to=2024-01-01&step=1d", 400, "steps"},
		"bad step":        {"/timelapse.gif?from=2024-01-01&to=2024-02-01&step=7", 400, "step"},
		"frame too big":   {"/timelapse.gif?from=2024-01-01&to=2024-02-01&width=3000&height=2000", 400, "frame"},
		// #22: within the frame and pixel limits, but more work than can be
		// drawn before the write timeout.
		"issue-22 timelapse work": {"/timelapse.gif?from=2022-04-03&to=2025-08-03&step=4d&all=1&width=2000&height=2000", 400, "at most 75 frames of this size"},
		"zoom past 18":            {"/snapshot.png?center=35,51&zoom=18.5", 400, "zoom"},
		"region and bbox":         {"/diff.png?from=2024-01-01&to=2024-02-01&region=crimea&bbox=1,2,3,4", 400, "one of"},
		// #20 part 7: latitude and longitude swapped would draw a blank sea.
		"lat,lon swapped":  {"/snapshot.png?day=2025-01-20&bbox=51,34,52,36", 400, "outside the map's area (lon 20..46, lat 43..57): is it lat,lon?"},
		"post not allowed": {"/snapshot.png", 405, "not allowed"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			var w *httptest.ResponseRecorder
			if tc.code == 405 {
				req := httptest.NewRequest(http.MethodPost, "http://frontline"+tc.path, nil)
				w = httptest.NewRecorder()
				h.ServeHTTP(w, req)
			} else {
				w = get(t, h, tc.path)
			}
			var e struct{ Error string }
			if w.Code != tc.code || json.Unmarshal(w.Body.Bytes(), &e) != nil || !strings.Contains(e.Error, tc.msg) {
				t.Errorf("got %d %s, want %d with a JSON error containing %q", w.Code, w.Body, tc.code, tc.msg)
			}
		})
	}
}

// fakeServer is a Server over fake.Store, with the token "t".
func fakeServer() *Server {
	return New(Config{Store: fake.NewStore(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Token: "t"})
}
