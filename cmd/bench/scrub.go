package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// measureScrub moves through 30 consecutive days over a fixed 4x4 view of
// z8 tiles near the front, as a reader dragging the timeline slider does,
// with If-None-Match from the day before, and counts renders and 304s.
func measureScrub(ctx context.Context, srv *server, r *report) error {
	before, err := srv.renders()
	if err != nil {
		return err
	}
	start, _ := time.Parse("2006-01-02", "2025-02-01")
	etags := map[string]string{}
	c := &http.Client{}
	for d := 0; d < 30; d++ {
		day := start.AddDate(0, 0, d).Format("2006-01-02")
		for x := 153; x < 157; x++ {
			for y := 88; y < 92; y++ {
				key := fmt.Sprint(x, y)
				u := fmt.Sprintf("%s/tiles/%s/8/%d/%d.png?dataset=deepstate", srv.base, day, x, y)
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
				if e := etags[key]; e != "" {
					req.Header.Set("If-None-Match", e)
				}
				resp, err := c.Do(req)
				if err != nil {
					return err
				}
				resp.Body.Close()
				switch resp.StatusCode {
				case http.StatusNotModified:
					r.scrub304++
				case http.StatusOK:
					etags[key] = resp.Header.Get("ETag")
					r.scrub200++
				default:
					return fmt.Errorf("scrub %s: %s", u, resp.Status)
				}
			}
		}
	}
	after, err := srv.renders()
	if err != nil {
		return err
	}
	r.scrubRenders = after["png"] - before["png"]
	return nil
}
