package geojson

import "io"

// maxSpace is how many bytes of one run of whitespace between JSON tokens
// spaceReader passes on.
const maxSpace = 1 << 10

// spaceReader cuts every run of whitespace between JSON tokens (not inside
// strings) to maxSpace bytes. encoding/json's Decoder, between tokens
// (Token, More), scans its buffer from the last token on every refill, so
// that megabytes of spaces cost time quadratic in their length (16 MiB:
// 3 s); cut, they cost nothing. Line numbers in errors after a run longer
// than maxSpace may be off by the newlines cut.
type spaceReader struct {
	r        io.Reader
	buf      []byte
	inString bool
	escaped  bool
	run      int // whitespace bytes of the current run passed on
}

func (s *spaceReader) Read(p []byte) (int, error) {
	for {
		if len(s.buf) < len(p) {
			s.buf = make([]byte, len(p))
		}
		n, err := s.r.Read(s.buf[:len(p)])
		out := s.filter(p, s.buf[:n])
		if out > 0 || err != nil {
			return out, err
		}
	}
}

// filter copies in to p less the whitespace past maxSpace of a run, and
// returns how many bytes it copied.
func (s *spaceReader) filter(p, in []byte) int {
	k := 0
	for _, c := range in {
		switch {
		case s.inString:
			s.inString = s.escaped || c != '"'
			s.escaped = !s.escaped && c == '\\'
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if s.run++; s.run > maxSpace {
				continue
			}
		default:
			s.run = 0
			s.inString = c == '"'
		}
		p[k] = c
		k++
	}
	return k
}
