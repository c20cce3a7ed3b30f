package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frontline-map/frontline/geo"
)

// countingServer serves body on every path but /redirect/..., counting the
// requests that reach it.
func countingServer(t *testing.T, body string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// fetchAll opens u and reads the whole body.
func fetchAll(f *Fetcher, u string) (string, string, error) {
	body, name, err := f.Open(context.Background(), u)
	if err != nil {
		return "", "", err
	}
	defer body.Close()
	b, err := io.ReadAll(body)
	return string(b), name, err
}

// asFetchError fails the test unless err is a *Error that also
// matches geo.ErrInvalid.
func asFetchError(t *testing.T, err error) *Error {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v (%T), want a *Error", err, err)
	}
	if !errors.Is(err, geo.ErrInvalid) {
		t.Errorf("errors.Is(%v, geo.ErrInvalid) = false", err)
	}
	return fe
}

// refusedAtDial reports whether the fetch failed on the address check.
func refusedAtDial(fe *Error) bool {
	var re *refusedAddrError
	return errors.As(fe.cause, &re)
}

func TestFetchRefusesLoopback(t *testing.T) {
	srv, n := countingServer(t, "hello")
	_, _, err := fetchAll(&Fetcher{}, srv.URL+"/a.geojson")
	fe := asFetchError(t, err)
	if !refusedAtDial(fe) {
		t.Errorf("not refused at dial time: %s", fe.Detail())
	}
	if fe.Reason != reasonFailed {
		t.Errorf("reason = %q", fe.Reason)
	}
	if got := n.Load(); got != 0 {
		t.Errorf("%d requests reached the loopback server", got)
	}
}

func TestFetchAllowPrivate(t *testing.T) {
	srv, n := countingServer(t, "hello")
	got, name, err := fetchAll(&Fetcher{AllowPrivate: true}, srv.URL+"/dir/a.geojson?x=1")
	if err != nil {
		t.Fatal(err)
	}
	if got != "hello" || name != "a.geojson" || n.Load() != 1 {
		t.Errorf("got %q, name %q, %d requests", got, name, n.Load())
	}
	if _, name, err = fetchAll(&Fetcher{AllowPrivate: true}, srv.URL); err != nil || name != "" {
		t.Errorf("root: name %q, err %v, want \"\", nil", name, err)
	}
}

// TestFetchLoopbackForms: other spellings of loopback and "this host" are
// refused too, and nothing reaches the servers.
func TestFetchLoopbackForms(t *testing.T) {
	srv, n := countingServer(t, "v4")
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	p := strconv.Itoa(port)

	// An IPv6 loopback server where the system has one.
	var n6 *atomic.Int64
	p6 := p
	if ln, err := net.Listen("tcp6", "[::1]:0"); err == nil {
		var c atomic.Int64
		n6 = &c
		srv6 := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c.Add(1)
			io.WriteString(w, "v6")
		}))
		srv6.Listener.Close()
		srv6.Listener = ln
		srv6.Start()
		t.Cleanup(srv6.Close)
		p6 = strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	}

	cases := []struct {
		url string
		// dial: the host is (or resolves locally to) a literal address,
		// so the refusal must come from the dial check; else a DNS
		// failure is also acceptable.
		dial bool
	}{
		{"http://127.0.0.1:" + p + "/", true},
		{"http://localhost:" + p + "/", true},
		{"http://LOCALHOST:" + p + "/", true},
		{"http://0.0.0.0:" + p + "/", true},
		{"http://[::1]:" + p6 + "/", true},
		{"http://[::ffff:127.0.0.1]:" + p + "/", true},
		{"http://[::ffff:7f00:1]:" + p + "/", true},
		{"http://[::]:" + p + "/", true},
		{"http://127.1:" + p + "/", false},
		{"http://2130706433:" + p + "/", false},
		{"http://0x7f000001:" + p + "/", false},
		{"http://017700000001:" + p + "/", false},
	}
	f := &Fetcher{Timeout: 5 * time.Second}
	for _, c := range cases {
		_, _, err := fetchAll(f, c.url)
		if err == nil {
			t.Errorf("%s: fetched", c.url)
			continue
		}
		fe := asFetchError(t, err)
		if fe.Reason != reasonFailed && fe.Reason != reasonBadURL {
			t.Errorf("%s: reason %q", c.url, fe.Reason)
		}
		if c.dial && !refusedAtDial(fe) {
			t.Errorf("%s: not refused at dial time: %s", c.url, fe.Detail())
		}
		t.Logf("%s: %s", c.url, fe.Detail())
	}
	if got := n.Load(); got != 0 {
		t.Errorf("%d requests reached the IPv4 loopback server", got)
	}
	if n6 != nil && n6.Load() != 0 {
		t.Errorf("%d requests reached the IPv6 loopback server", n6.Load())
	}

	// Control: the same names do reach the servers when allowed, so the
	// refusals above are not accidents.
	allowed := &Fetcher{AllowPrivate: true, Timeout: 5 * time.Second}
	if got, _, err := fetchAll(allowed, "http://localhost:"+p+"/"); err != nil || got != "v4" {
		t.Errorf("localhost allowed: %q, %v", got, err)
	}
	if n6 != nil {
		if got, _, err := fetchAll(allowed, "http://[::1]:"+p6+"/"); err != nil || got != "v6" {
			t.Errorf("[::1] allowed: %q, %v", got, err)
		}
	}
}

// redirectServer: /r/N redirects to /r/N-1, /r/1 to /data/final.geojson;
// so /r/N takes N redirects. /to?u=URL redirects to URL.
func redirectServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if r.URL.Path == "/to" {
			http.Redirect(w, r, r.URL.Query().Get("u"), http.StatusFound)
			return
		}
		if k, ok := strings.CutPrefix(r.URL.Path, "/r/"); ok {
			i, _ := strconv.Atoi(k)
			next := fmt.Sprintf("/r/%d", i-1)
			if i <= 1 {
				next = "/data/final.geojson"
			}
			http.Redirect(w, r, next, http.StatusFound)
			return
		}
		io.WriteString(w, "final")
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestFetchRedirects(t *testing.T) {
	srv, _ := redirectServer(t)
	cases := []struct {
		max, hops int
		ok        bool
	}{
		{3, 3, true},
		{3, 4, false},
		{0, 5, true}, // default 5
		{0, 6, false},
		{-1, 0, true}, // no redirects allowed, none taken
		{-1, 1, false},
		{1, 20, false},
	}
	for _, c := range cases {
		f := &Fetcher{AllowPrivate: true, MaxRedirects: c.max}
		u := fmt.Sprintf("%s/r/%d", srv.URL, c.hops)
		if c.hops == 0 {
			u = srv.URL + "/data/final.geojson"
		}
		got, name, err := fetchAll(f, u)
		if !c.ok {
			fe := asFetchError(t, err)
			if fe.Reason != reasonFailed {
				t.Errorf("max %d, %d hops: reason %q", c.max, c.hops, fe.Reason)
			}
			continue
		}
		if err != nil || got != "final" || name != "final.geojson" {
			t.Errorf("max %d, %d hops: %q, name %q, %v", c.max, c.hops, got, name, err)
		}
	}

	// Redirects only to http(s).
	for _, to := range []string{"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/"} {
		_, _, err := fetchAll(&Fetcher{AllowPrivate: true}, srv.URL+"/to?u="+to)
		if fe := asFetchError(t, err); fe.Reason != reasonFailed {
			t.Errorf("redirect to %s: %s", to, fe.Detail())
		}
	}
	// ... and without credentials.
	_, _, err := fetchAll(&Fetcher{AllowPrivate: true}, srv.URL+"/to?u="+strings.Replace(srv.URL, "://", "://u:p@", 1)+"/x")
	if fe := asFetchError(t, err); !strings.Contains(fe.Detail(), "userinfo") {
		t.Errorf("redirect with userinfo: %s", fe.Detail())
	}
}

// TestFetchRedirectCheckedAtDial: a redirect (or a re-resolved name, as in
// DNS rebinding) is checked again when dialed. No public host is available
// in tests, so the policy here allows the first dial only.
func TestFetchRedirectCheckedAtDial(t *testing.T) {
	a, na := redirectServer(t)
	b, nb := countingServer(t, "secret")
	var dials atomic.Int64
	f := &Fetcher{addrOK: func(ip netip.Addr) bool {
		return dials.Add(1) == 1 && ip == netip.MustParseAddr("127.0.0.1")
	}}
	_, _, err := fetchAll(f, a.URL+"/to?u="+b.URL+"/secret")
	fe := asFetchError(t, err)
	if !refusedAtDial(fe) {
		t.Errorf("not refused at dial time: %s", fe.Detail())
	}
	if na.Load() != 1 || nb.Load() != 0 {
		t.Errorf("requests: %d to the allowed host, %d to the refused one; want 1, 0", na.Load(), nb.Load())
	}
	// Same-host redirects are re-checked too: every fetch dials anew.
	dials.Store(0)
	_, _, err = fetchAll(f, a.URL+"/r/1")
	if fe := asFetchError(t, err); !refusedAtDial(fe) {
		t.Errorf("same-host redirect: %s", fe.Detail())
	}
}

func TestFetchPublicAddr(t *testing.T) {
	cases := map[string]bool{
		"8.8.8.8":              true,
		"1.1.1.1":              true,
		"93.184.216.34":        true,
		"2001:4860:4860::8888": true,
		"2606:4700:4700::1111": true,
		"::ffff:8.8.8.8":       true,

		"0.0.0.0":                  false,
		"0.1.2.3":                  false,
		"127.0.0.1":                false,
		"127.255.255.254":          false,
		"10.0.0.1":                 false,
		"172.16.0.1":               false,
		"172.31.255.255":           false,
		"192.168.1.1":              false,
		"169.254.169.254":          false,
		"100.64.0.1":               false,
		"100.127.255.255":          false,
		"192.0.0.8":                false,
		"192.0.2.1":                false,
		"198.18.0.1":               false,
		"198.51.100.1":             false,
		"203.0.113.1":              false,
		"224.0.0.1":                false,
		"239.255.255.250":          false,
		"240.0.0.1":                false,
		"255.255.255.255":          false,
		"::":                       false,
		"::1":                      false,
		"::127.0.0.1":              false,
		"::ffff:127.0.0.1":         false,
		"::ffff:10.0.0.1":          false,
		"::ffff:169.254.169.254":   false,
		"::ffff:0:127.0.0.1":       false,
		"64:ff9b::7f00:1":          false,
		"64:ff9b:1::1":             false,
		"100::1":                   false,
		"fc00::1":                  false,
		"fd00::2":                  false,
		"fe80::1":                  false,
		"fe80::1%eth0":             false,
		"fec0::1":                  false,
		"ff02::1":                  false,
		"2001::1":                  false,
		"2001:db8::1":              false,
		"2002:7f00:1::1":           false,
		"3fff::1":                  false,
		"5f00::1":                  false,
		"172.15.255.255":           true,
		"172.32.0.0":               true,
		"100.63.255.255":           true,
		"100.128.0.0":              true,
		"2600:1f18::1":             true,
		"2a00:1450:4001:82a::200e": true,
	}
	for s, want := range cases {
		if got := publicAddr(netip.MustParseAddr(s)); got != want {
			t.Errorf("publicAddr(%s) = %v, want %v", s, got, want)
		}
	}

	dial := map[string]bool{
		"8.8.8.8:443":               true,
		"[2001:4860:4860::8888]:80": true,
		"10.0.0.1:80":               false,
		"[fe80::1%eth0]:80":         false,
		"[::ffff:127.0.0.1]:8080":   false,
		"169.254.169.254:80":        false,
		"localhost:80":              false, // not a literal: fail closed
		"8.8.8.8":                   false, // no port
		"":                          false,
	}
	for addr, want := range dial {
		if got := checkDialAddr(addr, publicAddr) == nil; got != want {
			t.Errorf("checkDialAddr(%q) allowed = %v, want %v", addr, got, want)
		}
	}
}

// TestFetchErrorsLookAlike: the message does not tell a refused address
// from a closed port, a dead host, a timeout or an HTTP error.
func TestFetchErrorsLookAlike(t *testing.T) {
	srv, _ := countingServer(t, "ok")
	notFound := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(notFound.Close)
	serverError := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	t.Cleanup(serverError.Close)
	stall := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stall:
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(stall) }) // runs before slow.Close
	redirects, _ := redirectServer(t)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/a.geojson"
	ln.Close()

	allowed := &Fetcher{AllowPrivate: true, Timeout: 3 * time.Second}
	cases := []struct {
		name string
		f    *Fetcher
		url  string
	}{
		{"refused loopback", &Fetcher{}, srv.URL + "/a.geojson"},
		{"refused metadata", &Fetcher{Timeout: 3 * time.Second}, "http://169.254.169.254/latest/meta-data/"},
		{"closed port", allowed, closed},
		{"404", allowed, notFound.URL + "/a.geojson"},
		{"500", allowed, serverError.URL + "/a.geojson"},
		{"timeout", &Fetcher{AllowPrivate: true, Timeout: 200 * time.Millisecond}, slow.URL + "/a.geojson"},
		{"unknown host", allowed, "http://no-such-host.invalid/a.geojson"},
		{"too many redirects", &Fetcher{AllowPrivate: true, MaxRedirects: 1}, redirects.URL + "/r/2"},
	}
	var want string
	details := map[string]bool{}
	for _, c := range cases {
		_, _, err := fetchAll(c.f, c.url)
		fe := asFetchError(t, err)
		msg := strings.Replace(err.Error(), c.url, "URL", 1)
		if want == "" {
			want = msg
		}
		if msg != want || msg != "fetch URL: "+reasonFailed {
			t.Errorf("%s: %q, want %q", c.name, msg, want)
		}
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || errors.Unwrap(err) != nil {
			t.Errorf("%s: the cause leaks through the error chain: %v", c.name, errors.Unwrap(err))
		}
		var ne net.Error
		if errors.As(err, &ne) {
			t.Errorf("%s: a net.Error in the chain", c.name)
		}
		if fe.Detail() == fe.Error() {
			t.Errorf("%s: Detail says nothing more than Error", c.name)
		}
		details[fe.Detail()] = true
		t.Logf("%s: %s", c.name, fe.Detail())
	}
	if len(details) != len(cases) {
		t.Errorf("Detail does not tell the causes apart: %d distinct of %d", len(details), len(cases))
	}

	// The caller's own cancellation stays visible to the caller.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = allowed.Open(ctx, srv.URL)
	asFetchError(t, err)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("caller cancelled: errors.Is(err, context.Canceled) = false: %v", err)
	}
}

func TestFetchBadURLs(t *testing.T) {
	cases := map[string]string{
		"ftp://127.0.0.1/a":           reasonScheme,
		"file:///etc/passwd":          reasonScheme,
		"gopher://127.0.0.1:70/":      reasonScheme,
		"127.0.0.1/a":                 reasonScheme,
		"http://u:p@127.0.0.1/a":      reasonUserinfo,
		"https://user@example.com/a":  reasonUserinfo,
		"http:///a":                   reasonBadURL,
		"http://[::1/a":               reasonBadURL,
		"http://exa mple.com/a":       reasonBadURL,
		"http://example.com/\x00\n/a": reasonBadURL,
	}
	for u, reason := range cases {
		_, _, err := (&Fetcher{AllowPrivate: true}).Open(context.Background(), u)
		fe := asFetchError(t, err)
		if fe.Reason != reason {
			t.Errorf("%q: reason %q, want %q (%s)", u, fe.Reason, reason, fe.Detail())
		}
		if strings.ContainsAny(err.Error(), "\x00\n") {
			t.Errorf("%q: control characters echoed: %q", u, err.Error())
		}
	}

	long := "http://no-such-host.invalid/" + strings.Repeat("a", 5000)
	_, _, err := (&Fetcher{Timeout: 2 * time.Second}).Open(context.Background(), long)
	fe := asFetchError(t, err)
	if len(fe.URL) > maxEchoedURL+3 || len(err.Error()) > maxEchoedURL+50 {
		t.Errorf("echoed URL not capped: %d bytes", len(fe.URL))
	}
	if !strings.HasPrefix(fe.URL, "http://no-such-host.invalid/aaa") || !strings.HasSuffix(fe.URL, "...") {
		t.Errorf("echoed URL: %q", fe.URL)
	}
}

func TestFetchMaxBytes(t *testing.T) {
	const size = 1000
	payload := strings.Repeat("x", size)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			// No Content-Length: the cap must hold while reading.
			for i := 0; i < size; i += 100 {
				io.WriteString(w, payload[i:i+100])
				w.(http.Flusher).Flush()
			}
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(size))
		io.WriteString(w, payload)
	}))
	t.Cleanup(srv.Close)

	for _, path := range []string{"/sized", "/chunked"} {
		for _, max := range []int64{0, size, size + 1} {
			got, _, err := fetchAll(&Fetcher{AllowPrivate: true, MaxBytes: max}, srv.URL+path)
			if err != nil || len(got) != size {
				t.Errorf("%s, MaxBytes %d: %d bytes, %v", path, max, len(got), err)
			}
		}
		for _, max := range []int64{1, size - 1} {
			f := &Fetcher{AllowPrivate: true, MaxBytes: max}
			body, _, err := f.Open(context.Background(), srv.URL+path)
			var n int
			if err == nil {
				var b []byte
				b, err = io.ReadAll(body)
				n = len(b)
				body.Close()
				if int64(n) > max {
					t.Errorf("%s, MaxBytes %d: read %d bytes", path, max, n)
				}
			} else if path == "/chunked" {
				t.Errorf("%s: Open failed without a Content-Length: %v", path, err)
			}
			if !errors.Is(err, ErrTooLarge) || !errors.Is(err, geo.ErrInvalid) {
				t.Errorf("%s, MaxBytes %d: err = %v, want ErrTooLarge", path, max, err)
				continue
			}
			if want := fmt.Sprintf("larger than %d bytes", max); !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q does not say %q", path, err, want)
			}
		}
	}
}

// TestFetchCloseReleases: Close is idempotent and ends the fetch.
func TestFetchCloseReleases(t *testing.T) {
	srv, _ := countingServer(t, strings.Repeat("y", 1<<20))
	body, _, err := (&Fetcher{AllowPrivate: true}).Open(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if err := body.Close(); err != nil {
		t.Fatal(err)
	}
	if err := body.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(body); err == nil {
		t.Error("read after Close succeeded")
	}
}

// TestFetchRefusesLoopbackTLS: https is dialed through the same check.
func TestFetchRefusesLoopbackTLS(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1) }))
	t.Cleanup(srv.Close)
	_, _, err := fetchAll(&Fetcher{}, srv.URL+"/a.geojson")
	if fe := asFetchError(t, err); !refusedAtDial(fe) {
		t.Errorf("not refused at dial time: %s", fe.Detail())
	}
	if n.Load() != 0 {
		t.Errorf("%d requests reached the server", n.Load())
	}
}
