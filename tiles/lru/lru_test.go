package lru

import "testing"

func TestLRU(t *testing.T) {
	c := New[string, int](10)
	c.Put("a", 1, 4)
	c.Put("b", 2, 4)
	if _, ok := c.Get("a"); !ok { // a is now the most recently used
		t.Fatal("a missing")
	}
	c.Put("c", 3, 4) // over 10: b, the least recently used, goes
	if _, ok := c.Get("b"); ok {
		t.Error("b kept past the bound")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.Get(k); !ok {
			t.Errorf("%s dropped", k)
		}
	}
	c.Put("a", 9, 4) // already there: unchanged
	if v, _ := c.Get("a"); v != 1 {
		t.Errorf("a = %d after a second put, want 1", v)
	}
	c.Put("big", 4, 11) // alone over the bound: not stored, nothing dropped
	if n, size := c.Len(); n != 2 || size != 8 {
		t.Errorf("len = %d entries, %d cost; want 2, 8", n, size)
	}
}

func TestCacheStats(t *testing.T) {
	c := NewBytes(1 << 10)
	c.Put("k", make([]byte, 100))
	c.Get("k")
	c.Get("nope")
	if n, bytes, hits, misses := c.Stats(); n != 1 || bytes != 100+1+64 || hits != 1 || misses != 1 {
		t.Errorf("Stats = %d, %d, %d, %d", n, bytes, hits, misses)
	}
}
