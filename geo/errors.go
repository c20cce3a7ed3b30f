package geo

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Sentinel errors shared by the store and the HTTP layer, so that either
// side can classify an error without importing the other.
var (
	// ErrNotFound: a region, dataset, article or version does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: input was rejected; nothing was written.
	ErrInvalid = errors.New("invalid input")
	// ErrTooLarge: input was larger than a bound (bytes, files, vertices);
	// nothing was written.
	ErrTooLarge = errors.New("input too large")
	// ErrBusy: another writer held the database for longer than a write
	// waits; nothing was written and the write may be tried again.
	ErrBusy = errors.New("the database is busy with another write: try again later")
	// ErrAnotherImport: an import was asked not to wait while another ran.
	ErrAnotherImport = errors.New("another import is running: try again later")
	// ErrUnavailable: the database could not be reached; nothing was
	// written, and the same request may work once it is back.
	ErrUnavailable = errors.New("the database is unavailable: try again later")
)

// InputError is text that geo could not read: a malformed day, bounding
// box, side, status or region kind. It is geo.ErrInvalid, and also the
// more specific sentinel it was made with (geo.ErrBadDay for days).
type InputError struct {
	msg  string
	kind error
}

func (e *InputError) Error() string { return e.msg }

// Is makes errors.Is true for ErrInvalid and the error's own kind.
func (e *InputError) Is(target error) bool {
	return target == ErrInvalid || (e.kind != nil && target == e.kind)
}

// Invalidf makes an *InputError: input refused for the reason given, which
// errors.Is reports as ErrInvalid. Quote what the input said with Echo.
func Invalidf(format string, args ...any) error { return inputErrorf(nil, format, args...) }

// inputErrorf makes an *InputError of kind (nil for ErrInvalid alone).
func inputErrorf(kind error, format string, args ...any) error {
	return &InputError{msg: fmt.Sprintf(format, args...), kind: kind}
}

// maxEcho is how many bytes of a rejected input a message repeats.
const maxEcho = 64

// Echo quotes s for an error message, cut to a few dozen bytes so that a
// message never repeats a whole (possibly huge or hostile) input.
func Echo(s string) string {
	if len(s) <= maxEcho {
		return strconv.Quote(s)
	}
	cut := maxEcho
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("... (%d bytes)", len(s))
}

// FieldError is a refused value of one named field of an edit (a
// dataset's title, its source_url): Field is the field's name as the API
// spells it, Value the refused value as Echo quotes it (empty when the
// message need not repeat it), Why what is wrong. It is ErrInvalid, so
// that a caller can name the field its own way (the CLI's --source-url)
// without reading the text.
type FieldError struct {
	Field, Value, Why string
}

func (e *FieldError) Error() string {
	if e.Value != "" {
		return e.Field + " " + e.Value + ": " + e.Why
	}
	return e.Field + ": " + e.Why
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }
