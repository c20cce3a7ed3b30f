package server

import (
	"net/http"
	"net/url"
)

// queryChecked refuses a request whose query does not parse (400): past
// net/url's 10,000 parameters it drops the whole query, and a bad escape
// or a semicolon drops a parameter, so that the request would be answered
// as if it had asked something else (/api/stats for the latest day).
func queryChecked(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" {
			if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
				writeError(w, http.StatusBadRequest, "bad query: "+err.Error())
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}
