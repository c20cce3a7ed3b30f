package geo

import (
	"testing"
)

func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2025-01-20", "2024-02-29", "2024-02-30", "0000-01-01", "9999-12-31", "", "2024-1-1", "２０２４-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDay(s)
		if err != nil {
			return
		}
		// A day that parses formats back to the same text.
		if got := d.String(); got != s {
			t.Fatalf("ParseDay(%q) = %s", s, got)
		}
	})
}

func FuzzParseBBox(f *testing.F) {
	for _, s := range []string{"22,44,41,53", "-180,-90,180,90", "1,2,3", "40,50,30,45", "NaN,1,2,3", "1e400,0,1,1", " 1 , 2 , 3 , 4 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBBox(s)
		if err != nil {
			return
		}
		if !(b.Min[0] < b.Max[0] && b.Min[1] < b.Max[1]) || b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
			t.Fatalf("ParseBBox(%q) accepted %v", s, b)
		}
	})
}
