package data

import (
	"fmt"
	"strings"

	"frontline/geo"
)

// Problem is one rejected input: What names it (a feature, a file, an
// article), Why says what is wrong with it.
type Problem struct {
	What string `json:"what"`
	Why  string `json:"why"`
}

func (p Problem) String() string { return p.What + ": " + p.Why }

// ValidationError is returned when input is rejected; nothing was written.
// It lists every problem found (up to maxProblems).
type ValidationError struct {
	Problems []Problem
}

const maxProblems = 50

// Is makes errors.Is(err, geo.ErrInvalid) true for a ValidationError.
func (e *ValidationError) Is(target error) bool { return target == geo.ErrInvalid }

func (e *ValidationError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	if n == 1 {
		fmt.Fprintf(&b, "data: rejected: %s", e.Problems[0])
		return b.String()
	}
	fmt.Fprintf(&b, "data: %d problems, nothing written:", n)
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// problems collects Problems up to maxProblems.
type problems []Problem

func (ps *problems) add(what, format string, args ...any) {
	if len(*ps) < maxProblems {
		*ps = append(*ps, Problem{What: what, Why: fmt.Sprintf(format, args...)})
	}
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps}
}
