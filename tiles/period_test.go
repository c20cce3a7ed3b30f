package tiles

import (
	"errors"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

func TestPeriods(t *testing.T) {
	for day, want := range map[string]string{"2024-01-01": "2024-01", "2024-03-31": "2024-01", "2024-04-01": "2024-04", "2025-08-03": "2025-07", "2022-12-31": "2022-10"} {
		p := PeriodOf(geo.MustParseDay(day))
		if p.String() != want || !p.Contains(geo.MustParseDay(day)) {
			t.Errorf("PeriodOf(%s): got %s %v, want %s holding the day", day, p, p.Validity, want)
		}
		back, err := ParsePeriod(want)
		if err != nil || back != p {
			t.Errorf("ParsePeriod(%s): got %v, %v, want %v", want, back, err, p)
		}
	}
	if p := PeriodOf(geo.MustParseDay("2024-11-15")); p.To != geo.MustParseDay("2025-01-01") {
		t.Errorf("the period of 2024-11-15 ends %s, want 2025-01-01", p.To)
	}
	for _, bad := range []string{"2024-02", "2024-7", "2024-13", "2024-07-01", "latest", ""} {
		if _, err := ParsePeriod(bad); !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("ParsePeriod(%q): got %v, want geo.ErrInvalid", bad, err)
		}
	}
}
