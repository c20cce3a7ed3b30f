package geo

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	type tcase struct {
		in      string
		want    string
		wantErr bool
		why     string // part of the error, when set
	}
	tcases := map[string]tcase{
		"ordinary":       {in: "2025-01-20", want: "2025-01-20"},
		"leap day":       {in: "2024-02-29", want: "2024-02-29"},
		"epoch":          {in: "1970-01-01", want: "1970-01-01"},
		"before epoch":   {in: "1954-02-19", want: "1954-02-19"},
		"impossible day": {in: "2024-02-30", wantErr: true, why: "not a calendar day"},
		// #20 part 7: a day written another way is not "not a calendar day".
		"day first, slashes": {in: "20/01/2025", wantErr: true, why: `bad day "20/01/2025": want YYYY-MM-DD`},
		"day first, dashes":  {in: "20-01-2025", wantErr: true, why: `bad day "20-01-2025": want YYYY-MM-DD`},
		"not a leap year":    {in: "2023-02-29", wantErr: true},
		"month 13":           {in: "2024-13-01", wantErr: true},
		"short form":         {in: "2024-1-01", wantErr: true},
		"empty":              {in: "", wantErr: true},
		"trailing garbage":   {in: "2024-01-01x", wantErr: true},
		"time of day":        {in: "2024-01-01T00:00:00Z", wantErr: true},
		"day zero":           {in: "2024-01-00", wantErr: true},
		"letters":            {in: "yyyy-mm-dd", wantErr: true},
		"sign":               {in: "+024-01-01", wantErr: true},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			d, err := ParseDay(tc.in)
			if tc.wantErr {
				var ie *InputError
				if !errors.Is(err, ErrBadDay) || !errors.As(err, &ie) {
					t.Fatalf("ParseDay(%q) error = %v, want an *InputError that is ErrBadDay", tc.in, err)
				}
				if !strings.Contains(err.Error(), tc.why) {
					t.Errorf("ParseDay(%q) error = %q, want it to say %q", tc.in, err, tc.why)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDay(%q): %v", tc.in, err)
			}
			if got := d.String(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestDayRoundTrip(t *testing.T) {
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 200*366; i++ {
		tm := start.AddDate(0, 0, i)
		s := tm.Format("2006-01-02")
		d, err := ParseDay(s)
		if err != nil {
			t.Fatalf("ParseDay(%q): %v", s, err)
		}
		if got := d.String(); got != s {
			t.Fatalf("got %s, want %s", got, s)
		}
		if !d.Time().Equal(tm) {
			t.Fatalf("%s: Time() = %v, want %v", s, d.Time(), tm)
		}
		if i > 0 && d != DayOf(start.AddDate(0, 0, i-1))+1 {
			t.Fatalf("%s: days are not consecutive", s)
		}
	}
}

func TestValidity(t *testing.T) {
	a := Validity{From: MustParseDay("2024-01-01"), To: MustParseDay("2024-02-01")}
	if !a.Contains(a.From) || a.Contains(a.To) {
		t.Errorf("validity must be half-open: Contains(from)=%v Contains(to)=%v", a.Contains(a.From), a.Contains(a.To))
	}
	b := Validity{From: a.To, To: Forever}
	if a.Overlaps(b) || b.Overlaps(a) {
		t.Errorf("adjacent validities must not overlap")
	}
	c := Validity{From: a.To - 1, To: Forever}
	if !a.Overlaps(c) || !c.Overlaps(a) {
		t.Errorf("validities sharing a day must overlap")
	}
	if !b.Open() || a.Open() {
		t.Errorf("Open: got %v %v, want true false", b.Open(), a.Open())
	}
}

// TestParseDayRange: days outside 1900-2100 are typos or attempts to stretch
// a validity, and messages do not repeat a huge input.
func TestParseDayRange(t *testing.T) {
	for _, s := range []string{"0000-01-01", "1899-12-31", "2101-01-01", "9999-12-31"} {
		if _, err := ParseDay(s); !errors.Is(err, ErrBadDay) || !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseDay(%q) = %v, want a bad day", s, err)
		}
	}
	for _, s := range []string{"1900-01-01", "2100-12-31", "2025-01-20"} {
		if _, err := ParseDay(s); err != nil {
			t.Errorf("ParseDay(%q): %v", s, err)
		}
	}
	_, err := ParseDay(strings.Repeat("9", 1<<20))
	if err == nil || len(err.Error()) > 200 || strings.Contains(err.Error(), "geo:") {
		t.Errorf("a 1 MB day: error of %d bytes: %.100s", len(err.Error()), err)
	}
}
