package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
)

// Response is a response of Get: a body for 200, none for 304, 404
// and 410.
type Response struct {
	Status       int
	Body         io.ReadCloser // nil but for 200
	Name         string        // the base name of the final URL's path
	ETag         string
	LastModified string
	ContentType  string
	Final        *url.URL // the URL answered, after redirects

	fail func(cause error) *Error
}

// Fail is the *Error of a response the caller cannot use (a listing
// that names a file which then answers 404), with cause for the logs.
func (r *Response) Fail(cause error) *Error { return r.fail(cause) }

// Get is Open for a sync, with the same address policy,
// redirects, timeouts and bounds, that also sends validators (etag,
// lastModified, if set) and tells the statuses a sync reads apart: 200
// gives a body; 304 (only with a validator sent), 404 and 410 give none
// and no error; any other is a *Error.
func (f *Fetcher) Get(ctx context.Context, rawURL, etag, lastModified string) (*Response, error) {
	header := http.Header{}
	if etag != "" {
		header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		header.Set("If-Modified-Since", lastModified)
	}
	resp, release, fail, err := f.request(ctx, rawURL, "frontline-sync", header)
	if err != nil {
		return nil, err
	}
	out := &Response{Status: resp.StatusCode, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
		ContentType: resp.Header.Get("Content-Type"), Final: resp.Request.URL,
		fail: func(cause error) *Error {
			return fail(reasonFailed, fmt.Errorf("GET %s: %w", resp.Request.URL.Redacted(), cause))
		}}
	switch {
	case resp.StatusCode == http.StatusOK:
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone ||
		(resp.StatusCode == http.StatusNotModified && (etag != "" || lastModified != "")):
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		release()
		return out, nil
	default:
		resp.Body.Close()
		release()
		return nil, fail(reasonFailed, fmt.Errorf("GET %s: %s", resp.Request.URL.Redacted(), resp.Status))
	}
	if f.MaxBytes > 0 && resp.ContentLength > f.MaxBytes {
		resp.Body.Close()
		release()
		e := fail(tooLargeReason(f.MaxBytes), fmt.Errorf("Content-Length %d", resp.ContentLength))
		e.tooLarge = true
		return nil, e
	}
	out.Name = path.Base(resp.Request.URL.Path)
	if out.Name == "." || out.Name == "/" {
		out.Name = ""
	}
	out.Body = &fetchBody{rc: resp.Body, max: f.MaxBytes, left: f.MaxBytes, fail: fail, release: release}
	return out, nil
}
