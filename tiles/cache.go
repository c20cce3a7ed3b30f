package tiles

import "sync/atomic"

// Cache keeps rendered tile bodies by content key, bounded in bytes,
// least recently used out first. The same content on two days has one key
// and so one entry.
type Cache struct {
	lru    *lru[string, []byte]
	hits   atomic.Int64
	misses atomic.Int64
}

// NewCache makes a cache of at most maxBytes of bodies (and keys).
func NewCache(maxBytes int64) *Cache {
	return &Cache{lru: newLRU[string, []byte](maxBytes)}
}

// Get returns the body stored under key.
func (c *Cache) Get(key string) ([]byte, bool) {
	b, ok := c.lru.get(key)
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return b, ok
}

// Put stores body under key, evicting old entries to stay within bounds.
func (c *Cache) Put(key string, body []byte) {
	c.lru.put(key, body, int64(len(body)+len(key)+64))
}

// Stats returns the entries, bytes, hits and misses of the cache.
func (c *Cache) Stats() (entries int, bytes, hits, misses int64) {
	entries, bytes = c.lru.len()
	return entries, bytes, c.hits.Load(), c.misses.Load()
}
