package main

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"sync"
	"time"
)

// newLogger is serve's JSON log on w: credentials redacted from every
// message and value (redactHandler), and each message written at most
// once a second (rateHandler), so that an outage of the database, failing
// every request, writes a line a second rather than one a request.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})
	return slog.New(newRateHandler(redactHandler{h}, time.Second, time.Now))
}

// Credentials as they show in logged text: the password of a URL's
// userinfo (postgres://user:PASSWORD@host, https://user:PASSWORD@host),
// query parameters that carry secrets (password=, token=), and the
// credentials of an Authorization header or a bearer token.
var (
	secretUserinfo = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^/?#@\s:"']*):[^/?#@\s"']*@`)
	secretParam    = regexp.MustCompile(`(?i)((?:^|[?&;\s"'])(?:password|passwd|pass|pwd|token|access_token|secret|api_key|apikey|key)=)[^&;\s"'#]*`)
	secretAuth     = regexp.MustCompile(`(?i)(authorization"?\s*[:=]\s*"?\[?"?(?:bearer|basic|token)?\s*)[^\s"',\]]+|(\b(?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]{8,}`)
)

// redactText replaces the credentials in s with "REDACTED".
func redactText(s string) string {
	s = secretUserinfo.ReplaceAllString(s, "${1}:REDACTED@")
	s = secretParam.ReplaceAllString(s, "${1}REDACTED")
	return secretAuth.ReplaceAllString(s, "${1}${2}REDACTED")
}

// redactHandler redacts credentials from the message and from
// every value of a string, an error or a Stringer, in groups too
// (redactText).
type redactHandler struct{ h slog.Handler }

func (r redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return r.h.Enabled(ctx, l) }

func (r redactHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, redactText(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return r.h.Handle(ctx, out)
}

func (r redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = redactAttr(a)
	}
	return redactHandler{r.h.WithAttrs(red)}
}

func (r redactHandler) WithGroup(name string) slog.Handler { return redactHandler{r.h.WithGroup(name)} }

func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, redactText(v.String()))
	case slog.KindGroup:
		g := v.Group()
		red := make([]any, len(g))
		for i, a := range g {
			red[i] = redactAttr(a)
		}
		return slog.Group(a.Key, red...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, redactText(x.Error()))
		case interface{ String() string }:
			return slog.String(a.Key, redactText(x.String()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// rateHandler writes each message (by level and text) at most once an
// interval and drops the rest; the next line of a message after drops says
// how many with "dropped". Its clones (WithAttrs, WithGroup) share the
// counts.
type rateHandler struct {
	h     slog.Handler
	every time.Duration
	now   func() time.Time
	st    *rateState
}

type rateState struct {
	mu   sync.Mutex
	seen map[rateKey]*rateEntry
}

type rateKey struct {
	level slog.Level
	msg   string
}

type rateEntry struct {
	last    time.Time
	dropped int
}

// maxRateKeys bounds the messages remembered; past it, those not written
// for an interval are forgotten.
const maxRateKeys = 4096

func newRateHandler(h slog.Handler, every time.Duration, now func() time.Time) *rateHandler {
	return &rateHandler{h: h, every: every, now: now, st: &rateState{seen: map[rateKey]*rateEntry{}}}
}

func (r *rateHandler) Enabled(ctx context.Context, l slog.Level) bool { return r.h.Enabled(ctx, l) }

func (r *rateHandler) Handle(ctx context.Context, rec slog.Record) error {
	dropped, ok := r.admit(rateKey{rec.Level, rec.Message})
	if !ok {
		return nil
	}
	if dropped > 0 {
		rec = rec.Clone()
		rec.AddAttrs(slog.Int("dropped", dropped))
	}
	return r.h.Handle(ctx, rec)
}

// admit says whether a line of k is written now, and how many of k were
// dropped since the last one written.
func (r *rateHandler) admit(k rateKey) (int, bool) {
	now := r.now()
	st := r.st
	st.mu.Lock()
	defer st.mu.Unlock()
	e := st.seen[k]
	if e == nil {
		if len(st.seen) >= maxRateKeys {
			for k, e := range st.seen {
				if now.Sub(e.last) >= r.every {
					delete(st.seen, k)
				}
			}
		}
		st.seen[k] = &rateEntry{last: now}
		return 0, true
	}
	if now.Sub(e.last) < r.every {
		e.dropped++
		return 0, false
	}
	n := e.dropped
	e.last, e.dropped = now, 0
	return n, true
}

func (r *rateHandler) WithAttrs(as []slog.Attr) slog.Handler {
	c := *r
	c.h = r.h.WithAttrs(as)
	return &c
}

func (r *rateHandler) WithGroup(name string) slog.Handler {
	c := *r
	c.h = r.h.WithGroup(name)
	return &c
}
