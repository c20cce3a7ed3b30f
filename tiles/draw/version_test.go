package draw

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

// TestStyleKeyStable checks that a Style's Key does not depend on the
// order of its Control map (Go randomises it) or on the copy.
func TestStyleKeyStable(t *testing.T) {
	want := DefaultStyle().Key()
	if len(want) != 32 {
		t.Fatalf("key %q: want 32 hex digits", want)
	}
	for i := range 50 {
		st := DefaultStyle()
		// Rebuild the map in another insertion order each time.
		keys := slices.Collect(maps.Keys(st.Control))
		slices.SortFunc(keys, func(a, b ControlKey) int { return int(a.Status)*7 + int(a.Side) - int(b.Status)*7 - int(b.Side) })
		m := map[ControlKey]Area{}
		for j := range keys {
			k := keys[(i+j)%len(keys)]
			m[k] = st.Control[k]
		}
		st.Control = m
		if got := st.Key(); got != want {
			t.Fatalf("copy %d: key %s, want %s", i, got, want)
		}
	}
	st := DefaultStyle()
	st.Admin1Width = 0
	neg := DefaultStyle()
	neg.Admin1Width = negZero() // drawn as 0
	if st.Key() != neg.Key() {
		t.Errorf("0 and -0 widths have different keys")
	}
}

func negZero() float64 { z := 0.0; return -z }

// TestStyleKeyCoversEveryField changes every field of a Style, one at a
// time (each Control entry's and each place style's too), and checks that
// the Key changes: a field added to Style but not to Key fails here.
func TestStyleKeyCoversEveryField(t *testing.T) {
	st := DefaultStyle()
	base := st.Key()
	leaves := 0
	// walk perturbs every leaf under v; put writes v back where it lives
	// (for a copy of a map's value).
	var walk func(path string, v reflect.Value, put func())
	walk = func(path string, v reflect.Value, put func()) {
		check := func(restore func()) {
			put()
			if st.Key() == base {
				t.Errorf("changing %s does not change the style's Key", path)
			}
			restore()
			put()
			if st.Key() != base {
				t.Fatalf("%s: restored, the key is not the same", path)
			}
			leaves++
		}
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				walk(path+"."+v.Type().Field(i).Name, v.Field(i), put)
			}
		case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			old := v.Uint()
			v.SetUint(old + 1)
			check(func() { v.SetUint(old) })
		case reflect.Float64:
			old := v.Float()
			v.SetFloat(old + 0.25)
			check(func() { v.SetFloat(old) })
		case reflect.Bool:
			old := v.Bool()
			v.SetBool(!old)
			check(func() { v.SetBool(old) })
		case reflect.Slice:
			for i := range v.Len() {
				walk(path+"["+strconv.Itoa(i)+"]", v.Index(i), put)
			}
			old := v.Interface()
			v.Set(v.Slice(0, v.Len()-1))
			check(func() { v.Set(reflect.ValueOf(old)) })
		case reflect.Map:
			for _, k := range v.MapKeys() {
				e := reflect.New(v.Type().Elem()).Elem()
				e.Set(v.MapIndex(k))
				walk(path+"["+formatKey(k)+"]", e, func() { v.SetMapIndex(k, e) })
			}
		default:
			t.Fatalf("%s is a %s: teach Style.Key (and this test) about it", path, v.Kind())
		}
	}
	walk("Style", reflect.ValueOf(st).Elem(), func() {})
	if leaves < 60 {
		t.Errorf("changed %d fields, want every field of the default style (60 or more)", leaves)
	}
	// Entries of Control moved, added or removed.
	ru := ControlKey{geo.SideRU, geo.StatusOccupied}
	ua := ControlKey{geo.SideUA, geo.StatusOccupied}
	for name, change := range map[string]func(m map[ControlKey]Area){
		"swapped":  func(m map[ControlKey]Area) { m[ru], m[ua] = m[ua], m[ru] },
		"removed":  func(m map[ControlKey]Area) { delete(m, ru) },
		"added":    func(m map[ControlKey]Area) { m[ControlKey{geo.SideNone, geo.StatusOccupied}] = m[ru] },
		"re-keyed": func(m map[ControlKey]Area) { m[ControlKey{geo.SideNone, geo.StatusOccupied}] = m[ru]; delete(m, ru) },
	} {
		st := DefaultStyle()
		change(st.Control)
		if st.Key() == base {
			t.Errorf("Control entry %s: the key did not change", name)
		}
	}
	st = DefaultStyle()
	st.Places = append(st.Places, PlaceStyle{})
	if st.Key() == base {
		t.Errorf("a zero place style appended: the key did not change")
	}
}

func formatKey(k reflect.Value) string {
	if ck, ok := k.Interface().(ControlKey); ok {
		return ck.Side.String() + "/" + ck.Status.String()
	}
	return strings.TrimSpace(k.String())
}

// TestRendererKey checks that a Renderer's Key is draw.Version and its
// style's Key, taken when it is made.
func TestRendererKey(t *testing.T) {
	st := DefaultStyle()
	r := NewRenderer(st)
	want := "draw/" + strconv.Itoa(Version) + "/" + st.Key()
	if r.Key() != want || NewRenderer(nil).Key() != want {
		t.Errorf("key %s (nil style: %s), want %s", r.Key(), NewRenderer(nil).Key(), want)
	}
	st.Sea.R++
	if r.Key() != want {
		t.Errorf("a change of the style after NewRenderer changed the renderer's key")
	}
	if NewRenderer(st).Key() == want {
		t.Errorf("another sea colour: the same renderer key")
	}
}
