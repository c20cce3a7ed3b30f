package picture

import (
	"strconv"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// Step is the time between two frames of a timelapse: N days, weeks or
// calendar months.
type Step struct {
	N    int
	Unit byte // 'd', 'w' or 'm'
}

// DefaultStep is a week.
var DefaultStep = Step{N: 7, Unit: 'd'}

// ParseStep parses a step written Nd, Nw or Nm (days, weeks, months);
// "" is DefaultStep.
func ParseStep(s string) (Step, error) {
	if s == "" {
		return DefaultStep, nil
	}
	bad := geo.Invalidf("step %q: want Nd, Nw or Nm (days, weeks, months), such as 7d, 2w or 1m", s)
	if len(s) < 2 || len(s) > 5 {
		return Step{}, bad
	}
	unit, num := s[len(s)-1], s[:len(s)-1]
	if strings.Trim(num, "0123456789") != "" || !strings.ContainsRune("dwm", rune(unit)) {
		return Step{}, bad
	}
	n, _ := strconv.Atoi(num)
	if n < 1 || n > map[byte]int{'d': 3660, 'w': 520, 'm': 120}[unit] {
		return Step{}, geo.Invalidf("step %q is out of range: at most 3660d, 520w or 120m", s)
	}
	return Step{N: n, Unit: unit}, nil
}

func (s Step) String() string { return strconv.Itoa(s.N) + string(s.Unit) }

// At returns the day i steps after from. Months are calendar months
// counted from from, normalised as time.AddDate does (31 January and one
// month is 2 or 3 March).
func (s Step) At(from geo.Day, i int) geo.Day {
	switch s.Unit {
	case 'w':
		return from.AddDays(7 * s.N * i)
	case 'm':
		return geo.DayOf(from.Time().AddDate(0, s.N*i, 0))
	}
	return from.AddDays(max(1, s.N) * i)
}
