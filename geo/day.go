// Package geo holds frontline's domain: days and validity, regions, control
// versions, articles, geodesic measures, polygon overlay and the gazetteer.
// It is pure: no I/O, no SQL, no HTTP. Coordinates are [lon, lat] in WGS84.
package geo

import (
	"errors"
	"math"
	"time"
)

// Day is a calendar day in UTC, counted from 1970-01-01 (day 0).
type Day int32

// Forever is the open end of a validity: a version valid "until further notice".
const Forever Day = math.MaxInt32

// ErrBadDay is returned (wrapped) for text that is not a possible YYYY-MM-DD day.
var ErrBadDay = errors.New("bad day")

const dayLayout = "2006-01-02"

// The range of days ParseDay accepts: anything outside is a typo (0000-01-01)
// or an attempt to stretch a validity to the end of time (9999-12-31; an
// open validity is written by leaving valid_to out).
const (
	minYear = 1900
	maxYear = 2100
)

// ParseDay parses a day written YYYY-MM-DD between 1900-01-01 and
// 2100-12-31. Impossible dates such as 2024-02-30 are errors.
func ParseDay(s string) (Day, error) {
	if !dayShaped(s) {
		return 0, inputErrorf(ErrBadDay, "bad day %s: want YYYY-MM-DD", Echo(s))
	}
	t, err := time.Parse(dayLayout, s)
	if err != nil {
		return 0, inputErrorf(ErrBadDay, "bad day %s: not a calendar day", Echo(s))
	}
	if y := t.Year(); y < minYear || y > maxYear {
		return 0, inputErrorf(ErrBadDay, "bad day %s: out of range (%d-01-01 to %d-12-31)", Echo(s), minYear, maxYear)
	}
	return DayOf(t), nil
}

// dayShaped reports whether s is written as YYYY-MM-DD: four digits, two
// and two, joined by '-' (20/01/2025 and 20-01-2025 are not; 2024-02-30 is,
// and is then not a calendar day).
func dayShaped(s string) bool {
	if len(s) != len(dayLayout) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if dayLayout[i] == '-' {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MustParseDay is ParseDay for constants known to be valid; it panics otherwise.
func MustParseDay(s string) Day {
	d, err := ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DayOf returns the UTC day of t.
func DayOf(t time.Time) Day {
	return Day(t.UTC().Unix() / 86400)
}

// Time returns the start of d (00:00 UTC).
func (d Day) Time() time.Time {
	return time.Unix(int64(d)*86400, 0).UTC()
}

// String formats d as YYYY-MM-DD, or "open" for Forever.
func (d Day) String() string {
	if d == Forever {
		return "open"
	}
	return d.Time().Format(dayLayout)
}

// AppendFormat appends d as String formats it to b.
func (d Day) AppendFormat(b []byte) []byte {
	if d == Forever {
		return append(b, "open"...)
	}
	return d.Time().AppendFormat(b, dayLayout)
}

// AddDays returns d moved by n days.
func (d Day) AddDays(n int) Day { return d + Day(n) }

// MarshalText implements encoding.TextMarshaler.
func (d Day) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Day) UnmarshalText(b []byte) error {
	v, err := ParseDay(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Validity is the half-open day range [From, To) in which a version is on
// the map. To is Forever while the version is still valid.
type Validity struct {
	From Day
	To   Day
}

// Contains reports whether d lies in [From, To).
func (v Validity) Contains(d Day) bool { return v.From <= d && d < v.To }

// Overlaps reports whether v and o share at least one day.
func (v Validity) Overlaps(o Validity) bool { return v.From < o.To && o.From < v.To }

// Open reports whether v has no end.
func (v Validity) Open() bool { return v.To == Forever }

// Valid reports whether v is a non-empty range.
func (v Validity) Valid() bool { return v.From < v.To }

func (v Validity) String() string { return "[" + v.From.String() + ", " + v.To.String() + ")" }
