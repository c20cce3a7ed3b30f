package store

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/frontline-map/frontline/geo"
)

// Problem is one rejected input: What names it (a feature, a file, an
// article), Why says what is wrong with it.
type Problem struct {
	What string `json:"what"`
	Why  string `json:"why"`
}

func (p Problem) String() string { return capText(p.What, 200) + ": " + capText(p.Why, 300) }

// capText cuts s to at most n bytes (at a rune boundary), saying so.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("... (%d bytes)", len(s))
}

// ValidationError is returned when input is rejected; nothing was written.
// It lists the first problems found (up to maxProblems) and counts the rest.
type ValidationError struct {
	Problems []Problem
	More     int // problems found beyond those listed
}

const maxProblems = 50

// Is makes errors.Is(err, geo.ErrInvalid) true for a ValidationError.
func (e *ValidationError) Is(target error) bool { return target == geo.ErrInvalid }

func (e *ValidationError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	if n == 1 {
		fmt.Fprintf(&b, "rejected: %s", e.Problems[0])
		return b.String()
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "%d problems, nothing written; the first %d:", n+e.More, n)
	} else {
		fmt.Fprintf(&b, "%d problems, nothing written:", n)
	}
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// problems collects Problems up to maxProblems and counts the rest.
type problems struct {
	list []Problem
	more int
}

func (ps *problems) add(what, format string, args ...any) {
	ps.append(Problem{What: what, Why: fmt.Sprintf(format, args...)})
}

func (ps *problems) append(list ...Problem) {
	for _, p := range list {
		if len(ps.list) < maxProblems {
			ps.list = append(ps.list, p)
		} else {
			ps.more++
		}
	}
}

func (ps *problems) len() int { return len(ps.list) + ps.more }

func (ps *problems) err() error {
	if ps.len() == 0 {
		return nil
	}
	return &ValidationError{Problems: ps.list, More: ps.more}
}
