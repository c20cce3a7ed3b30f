package geo

import "errors"

// Sentinel errors shared by the store and the HTTP layer, so that either
// side can classify an error without importing the other.
var (
	// ErrNotFound: a region, dataset, article or version does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: input was rejected; nothing was written.
	ErrInvalid = errors.New("invalid input")
)
