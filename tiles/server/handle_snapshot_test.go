package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/tiles/picture"
)

// FuzzPictureRoutes sends arbitrary queries to the picture routes over
// seedLike: bad input must give a 4xx with a JSON body, never a 5xx or a
// panic, and a picture must be an image.
func FuzzPictureRoutes(f *testing.F) {
	for _, s := range []string{
		"/snapshot.png?day=2025-01-20&bbox=22,44,41,53&width=300&height=200",
		"/snapshot.png?center=35.27,51.19&zoom=9&width=64&height=64&scale=3",
		"/diff.png?from=2024-08-10&to=2024-09-01&region=kursk-incursion&width=200&height=150",
		"/timelapse.gif?from=2024-08-01&to=2024-12-01&step=1m&bbox=34.6,50.9,35.9,51.5&width=120&height=90",
		"/timelapse.gif?from=2024-08-01&to=2024-08-01&all=1&width=64&height=64",
		"/diff.png?from=latest&to=latest&width=100&height=100",
	} {
		f.Add(s)
	}
	s, _ := seedLikeServer()
	h := s.Routes()
	f.Fuzz(func(t *testing.T, target string) {
		if !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n\t#") || len(target) > 500 {
			return
		}
		u, err := url.ParseRequestURI(target)
		if err != nil || (u.Path != "/snapshot.png" && u.Path != "/diff.png" && u.Path != "/timelapse.gif") {
			return
		}
		q := u.Query()
		if n, _ := picture.ParseQuery(picture.KindSnapshot, q); n.Width*n.Height*n.Scale*n.Scale > 200_000 {
			return // bound the work of one run
		}
		w := get(t, h, target)
		switch {
		case w.Code >= 500:
			t.Fatalf("GET %s: %d %s", target, w.Code, w.Body)
		case w.Code >= 400 && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json"):
			t.Fatalf("GET %s: %d without a JSON body", target, w.Code)
		case w.Code == http.StatusOK && !strings.HasPrefix(w.Header().Get("Content-Type"), "image/"):
			t.Fatalf("GET %s: 200 with %s", target, w.Header().Get("Content-Type"))
		}
	})
}
