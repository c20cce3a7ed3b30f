// Package fetch GETs http(s) URLs for imports and syncs under an address
// policy that keeps a client from turning the server against its own
// network (SSRF), with bounded time and bytes and errors safe to show.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/frontline-map/frontline/geo"
)

// Fetcher GETs http(s) URLs on behalf of a client without letting the client
// turn the server against its own network (SSRF): unless AllowPrivate is
// set, it connects only to public unicast addresses. The check is made when
// dialing, on the IP address actually connected to after DNS resolution, so
// it also covers every redirect and DNS rebinding. No proxy is used.
//
// Every failure is a *Error whose message is the same whether the
// address was refused, the port closed, the host unknown, the connection
// timed out or the status was not 200, so that the answer does not tell
// open ports from closed ones nor private addresses from dead hosts.
//
// The zero Fetcher is ready to use with the defaults below.
type Fetcher struct {
	// AllowPrivate lets the fetcher connect to loopback, private,
	// link-local and other non-public addresses (trusted use, e.g. the
	// command line or tests).
	AllowPrivate bool
	// MaxRedirects caps the redirects followed: 0 means 5, a negative
	// value means none.
	MaxRedirects int
	// Timeout bounds the whole fetch, reading the body included: 0 means
	// 10 minutes.
	Timeout time.Duration
	// MaxBytes caps the bytes of body read: 0 means unbounded. Reading
	// more fails with an error for which errors.Is(err, ErrTooLarge).
	MaxBytes int64

	// addrOK, when set, replaces the address policy (tests only).
	addrOK func(netip.Addr) bool
}

// Defaults and fixed limits of a Fetcher.
const (
	defaultFetchRedirects = 5
	defaultFetchTimeout   = 10 * time.Minute
	fetchDialTimeout      = 10 * time.Second
	fetchTLSTimeout       = 10 * time.Second
	fetchHeaderTimeout    = 30 * time.Second
	fetchMaxHeaderBytes   = 256 << 10
	maxEchoedURL          = 64 // bytes of URL echoed in error messages
)

// ErrTooLarge is matched (errors.Is) by the error a fetched body
// returns when it is larger than Fetcher.MaxBytes (from Read, or from Open
// when the Content-Length already says so). That error is a *Error, so
// errors.Is(err, geo.ErrInvalid) is true for it too.
var ErrTooLarge = errors.New("fetched body too large")

// Public reasons of an Error. reasonFailed is deliberately the one
// answer for every network-dependent failure.
const (
	reasonFailed   = "cannot fetch this URL"
	reasonBadURL   = "not a valid URL"
	reasonScheme   = "only http and https URLs can be fetched"
	reasonUserinfo = "URLs with a user name or password are not accepted"
)

// Error is the error of every failed fetch. Its message (Error) is safe
// to show to the client who supplied the URL: it says nothing of why a
// network-dependent fetch failed. Detail, for server logs, does.
//
// errors.Is(err, geo.ErrInvalid) is true for an Error (the HTTP layer
// answers 400). It unwraps to nothing but the caller's context error when
// the caller's ctx ended, so that errors.Is(err, context.Canceled) still
// works then; network causes are kept out of the chain so that no status
// mapping can tell them apart.
type Error struct {
	// URL is the URL asked for, capped at 64 bytes and with control
	// characters replaced. Redirect targets are never echoed.
	URL string
	// Reason is the public reason, e.g. "cannot fetch this URL".
	Reason string

	cause    error // the real cause, for logs only
	ctxErr   error // the caller's ctx.Err(), when that ended the fetch
	tooLarge bool
}

func (e *Error) Error() string { return "fetch " + e.URL + ": " + e.Reason }

// Detail is Error followed by the real cause: for server logs, never for
// the client.
func (e *Error) Detail() string {
	if e.cause == nil {
		return e.Error()
	}
	return e.Error() + ": " + e.cause.Error()
}

// Is makes errors.Is(err, geo.ErrInvalid) true, and errors.Is(err,
// ErrTooLarge) and errors.Is(err, geo.ErrTooLarge) true for a body
// over Fetcher.MaxBytes.
func (e *Error) Is(target error) bool {
	return target == geo.ErrInvalid || (e.tooLarge && (target == ErrTooLarge || target == geo.ErrTooLarge))
}

// Unwrap returns the caller's context error if the caller's ctx ended the
// fetch, else nil.
func (e *Error) Unwrap() error { return e.ctxErr }

// refusedAddrError is the dial-time refusal of a non-public address.
type refusedAddrError struct{ addr string }

func (e *refusedAddrError) Error() string {
	return "address " + e.addr + " is not public: refused"
}

// Open GETs rawURL and returns its body, which must be closed (closing it
// releases the connection and everything else the fetch holds), and the
// base name of the final URL's path after redirects ("" when the path has
// none), for the caller to sniff an extension from. Only a 200 response is
// accepted. The body's Read errors are *Errors too.
func (f *Fetcher) Open(ctx context.Context, rawURL string) (body io.ReadCloser, name string, err error) {
	resp, release, fail, err := f.request(ctx, rawURL, "frontline-fetch", nil)
	if err != nil {
		return nil, "", err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		release()
		return nil, "", fail(reasonFailed, fmt.Errorf("GET %s: %s", resp.Request.URL.Redacted(), resp.Status))
	}
	if f.MaxBytes > 0 && resp.ContentLength > f.MaxBytes {
		resp.Body.Close()
		release()
		e := fail(tooLargeReason(f.MaxBytes), fmt.Errorf("Content-Length %d", resp.ContentLength))
		e.tooLarge = true
		return nil, "", e
	}
	name = path.Base(resp.Request.URL.Path)
	if name == "." || name == "/" {
		name = ""
	}
	return &fetchBody{rc: resp.Body, max: f.MaxBytes, left: f.MaxBytes, fail: fail, release: release}, name, nil
}

// transport is a fresh Transport for one fetch: no proxy, no keep-alives
// (nothing outlives the fetch), the address policy in the dialer.
func (f *Fetcher) transport() *http.Transport {
	d := &net.Dialer{Timeout: fetchDialTimeout, KeepAlive: 30 * time.Second}
	if !f.AllowPrivate {
		ok := f.addrOK
		if ok == nil {
			ok = publicAddr
		}
		d.ControlContext = func(_ context.Context, _, address string, _ syscall.RawConn) error {
			return checkDialAddr(address, ok)
		}
	}
	return &http.Transport{
		Proxy:                  nil,
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    fetchTLSTimeout,
		ResponseHeaderTimeout:  fetchHeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		DisableKeepAlives:      true,
		DisableCompression:     true, // bytes read are bytes sent; the caller sniffs gzip
		MaxResponseHeaderBytes: fetchMaxHeaderBytes,
	}
}

// checkRedirect caps redirects and allows only plain http(s) targets. The
// target's address is checked when it is dialed.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	limit := f.MaxRedirects
	if limit == 0 {
		limit = defaultFetchRedirects
	}
	switch {
	case len(via) > limit:
		return fmt.Errorf("more than %d redirects", max(limit, 0))
	case req.URL.Scheme != "http" && req.URL.Scheme != "https":
		return fmt.Errorf("redirect to scheme %q", req.URL.Scheme)
	case req.URL.User != nil:
		return errors.New("redirect to a URL with userinfo")
	}
	return nil
}

// checkDialAddr is the dial-time check: address is the literal "ip:port"
// about to be connected to.
func checkDialAddr(address string, ok func(netip.Addr) bool) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return &refusedAddrError{addr: address}
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ok(ip) {
		return &refusedAddrError{addr: host}
	}
	return nil
}

// Address ranges that pass netip's IsGlobalUnicast and !IsPrivate yet are
// not public destinations (IANA special-purpose registries).
var nonPublicPrefixes = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // "this network"
		"100.64.0.0/10",   // shared address space (CGNAT)
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // documentation
		"192.88.99.0/24",  // 6to4 relay anycast (deprecated)
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // documentation
		"203.0.113.0/24",  // documentation
		"240.0.0.0/4",     // reserved, limited broadcast
		"2001::/23",       // IETF protocol assignments, incl. Teredo
		"2001:db8::/32",   // documentation
		"2002::/16",       // 6to4: embeds an IPv4 address
		"3fff::/20",       // documentation
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

// ipv6Global is the only IPv6 range allocated for global unicast; anything
// else (::/8 with IPv4-compatible and translated forms, NAT64 64:ff9b::/96,
// discard 100::/64, site-local fec0::/10, ...) is refused.
var ipv6Global = netip.MustParsePrefix("2000::/3")

// publicAddr reports whether ip is a public unicast address, the only kind
// a Fetcher connects to unless AllowPrivate. IPv4-mapped IPv6 addresses are
// judged as the IPv4 address they map.
func publicAddr(ip netip.Addr) bool {
	ip = ip.WithZone("").Unmap()
	if !ip.IsValid() || !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return false // loopback, link-local, multicast, unspecified, RFC 1918, fc00::/7
	}
	if ip.Is6() && !ipv6Global.Contains(ip) {
		return false
	}
	for _, p := range nonPublicPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// fetchBody is a fetched body: capped at max bytes (when max > 0), its
// errors turned into *Errors, its Close releasing the whole fetch.
type fetchBody struct {
	rc        io.ReadCloser
	max, left int64
	fail      func(reason string, cause error) *Error
	release   func()
	err       error // sticky too-large error
	once      sync.Once
}

func (b *fetchBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.max > 0 {
		if b.left <= 0 {
			// At the cap: one more byte means too large.
			var one [1]byte
			n, err := b.rc.Read(one[:])
			if n > 0 {
				e := b.fail(tooLargeReason(b.max), fmt.Errorf("body over %d bytes", b.max))
				e.tooLarge = true
				b.err = e
				return 0, e
			}
			return 0, b.wrap(err)
		}
		if int64(len(p)) > b.left {
			p = p[:b.left]
		}
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, b.wrap(err)
}

func (b *fetchBody) wrap(err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	return b.fail(reasonFailed, err)
}

func (b *fetchBody) Close() error {
	b.once.Do(func() {
		b.rc.Close()
		b.release()
	})
	return nil
}

func tooLargeReason(max int64) string {
	return fmt.Sprintf("response is larger than %d bytes", max)
}

// echoURL is rawURL made safe to echo: control characters and invalid
// UTF-8 replaced, capped at maxEchoedURL bytes.
func echoURL(rawURL string) string {
	var b strings.Builder
	for s := rawURL; s != ""; {
		if b.Len() >= maxEchoedURL {
			b.WriteString("...")
			break
		}
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case r == utf8.RuneError && size <= 1, r < 0x20, r >= 0x7f && r < 0xa0:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// request does the GET of Open (and of a sync, which adds validators):
// the URL's checks, the address policy in the dialer, the redirects and
// the timeout. The caller owns resp and calls release when done with it;
// fail makes the one error of every failure.
func (f *Fetcher) request(ctx context.Context, rawURL, agent string, header http.Header) (resp *http.Response, release func(), fail func(string, error) *Error, err error) {
	shown := echoURL(rawURL)
	fail = func(reason string, cause error) *Error {
		e := &Error{URL: shown, Reason: reason, cause: cause}
		if ctx.Err() != nil {
			e.ctxErr = ctx.Err()
		}
		return e
	}
	u, err := url.Parse(rawURL)
	switch {
	case err != nil:
		return nil, nil, fail, fail(reasonBadURL, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, nil, fail, fail(reasonScheme, fmt.Errorf("scheme %q", u.Scheme))
	case u.User != nil:
		return nil, nil, fail, fail(reasonUserinfo, errors.New("userinfo in URL"))
	case u.Hostname() == "":
		return nil, nil, fail, fail(reasonBadURL, errors.New("no host"))
	}
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = defaultFetchTimeout
	}
	fctx, cancel := context.WithTimeout(ctx, timeout)
	tr := f.transport()
	client := &http.Client{Transport: tr, CheckRedirect: f.checkRedirect}
	release = func() {
		cancel()
		tr.CloseIdleConnections()
	}
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, u.String(), nil)
	if err != nil {
		release()
		return nil, nil, fail, fail(reasonBadURL, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", agent)
	resp, err = client.Do(req)
	if err != nil {
		release()
		return nil, nil, fail, fail(reasonFailed, err)
	}
	return resp, release, fail, nil
}
