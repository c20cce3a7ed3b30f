package tiles

import "testing"

func TestLRU(t *testing.T) {
	c := newLRU[string, int](10)
	c.put("a", 1, 4)
	c.put("b", 2, 4)
	if _, ok := c.get("a"); !ok { // a is now the most recently used
		t.Fatal("a missing")
	}
	c.put("c", 3, 4) // over 10: b, the least recently used, goes
	if _, ok := c.get("b"); ok {
		t.Error("b kept past the bound")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s dropped", k)
		}
	}
	c.put("a", 9, 4) // already there: unchanged
	if v, _ := c.get("a"); v != 1 {
		t.Errorf("a = %d after a second put, want 1", v)
	}
	c.put("big", 4, 11) // alone over the bound: not stored, nothing dropped
	if n, size := c.len(); n != 2 || size != 8 {
		t.Errorf("len = %d entries, %d cost; want 2, 8", n, size)
	}
}

func TestCacheStats(t *testing.T) {
	c := NewCache(1 << 10)
	c.Put("k", make([]byte, 100))
	c.Get("k")
	c.Get("nope")
	if n, bytes, hits, misses := c.Stats(); n != 1 || bytes != 100+1+64 || hits != 1 || misses != 1 {
		t.Errorf("Stats = %d, %d, %d, %d", n, bytes, hits, misses)
	}
}
