package encode

import (
	"bytes"
	"image"
	"testing"
)

func TestChangedRect(t *testing.T) {
	a := make([]byte, 12)
	b := bytes.Clone(a)
	if r := changedRect(a, b, 4, 3); !r.Empty() {
		t.Errorf("same frames: got %v", r)
	}
	b[1*4+2], b[2*4+1] = 1, 1
	if r := changedRect(a, b, 4, 3); r != image.Rect(1, 1, 3, 3) {
		t.Errorf("got %v, want (1,1)-(3,3)", r)
	}
}
