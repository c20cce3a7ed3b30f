package tiles

import (
	"context"
	"fmt"
	"time"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// Temporal tiles come in periods of PeriodMonths calendar months (the
// quarters: January, April, July and October onwards): a period's tile
// holds every version on the map on some day of it, so a client moving
// through the days of one period filters one tile, and one that crosses
// into the next asks for that period's tiles. A whole history in one tile
// grows with every day published: DeepStateMap's archive of 1,123 days
// made 2.8 MB tiles over the front at z6; a quarter's are a tenth of it.
const PeriodMonths = 3

// Period is the period of temporal tiles that holds a day.
type Period struct{ geo.Validity }

// PeriodOf returns the period holding day d.
func PeriodOf(d geo.Day) Period {
	t := d.Time()
	m := (int(t.Month()) - 1) / PeriodMonths * PeriodMonths
	from := time.Date(t.Year(), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	return Period{geo.Validity{From: geo.DayOf(from), To: geo.DayOf(from.AddDate(0, PeriodMonths, 0))}}
}

// ParsePeriod reads a period as String writes it: YYYY-MM, the month a
// period starts (01, 04, 07 or 10).
func ParsePeriod(s string) (Period, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || t.Format("2006-01") != s {
		return Period{}, geo.Invalidf("period %q: want YYYY-MM, the first month of a period of %d months", geo.Echo(s), PeriodMonths)
	}
	p := PeriodOf(geo.DayOf(t))
	if p.From != geo.DayOf(t) {
		return Period{}, geo.Invalidf("period %q: periods of %d months start in %s", s, PeriodMonths, periodStarts())
	}
	return p, nil
}

func periodStarts() string {
	s := ""
	for m := 1; m <= 12; m += PeriodMonths {
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("%02d", m)
	}
	return s
}

// String names the period by its first month, YYYY-MM.
func (p Period) String() string { return p.From.Time().Format("2006-01") }

// PeriodSource is a Source that reads the versions of one period alone;
// data.Store satisfies it. Sources that do not are read whole and
// filtered (During).
type PeriodSource interface {
	// VersionsDuring returns the versions of a dataset on the map on some
	// day of during whose bounding box meets b.
	VersionsDuring(ctx context.Context, dataset string, during geo.Validity, b orb.Bound) ([]geo.Version, error)
}

// During returns the versions of dataset on the map on some day of p
// whose bound meets b: from src's VersionsDuring where it has it.
func During(ctx context.Context, src Source, dataset string, p Period, b orb.Bound) ([]geo.Version, error) {
	if ps, ok := src.(PeriodSource); ok {
		return ps.VersionsDuring(ctx, dataset, p.Validity, b)
	}
	vs, err := src.VersionsIn(ctx, dataset, b)
	if err != nil {
		return nil, err
	}
	out := vs[:0]
	for _, v := range vs {
		if v.Valid.Overlaps(p.Validity) {
			out = append(out, v)
		}
	}
	return out, nil
}
