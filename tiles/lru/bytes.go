package lru

import "sync/atomic"

// Bytes keeps rendered bodies (tiles, pictures, figures) by content key,
// bounded in bytes, and counts its hits and misses. The same content on two
// days has one key and so one entry.
type Bytes struct {
	lru    *Map[string, []byte]
	hits   atomic.Int64
	misses atomic.Int64
}

// NewBytes makes a cache of at most maxBytes of bodies (and keys).
func NewBytes(maxBytes int64) *Bytes {
	return &Bytes{lru: New[string, []byte](maxBytes)}
}

// Get returns the body stored under key.
func (c *Bytes) Get(key string) ([]byte, bool) {
	b, ok := c.lru.Get(key)
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return b, ok
}

// Put stores body under key, evicting old entries to stay within bounds.
func (c *Bytes) Put(key string, body []byte) {
	c.lru.Put(key, body, int64(len(body)+len(key)+64))
}

// Stats returns the entries, bytes, hits and misses of the cache.
func (c *Bytes) Stats() (entries int, bytes, hits, misses int64) {
	entries, bytes = c.lru.Len()
	return entries, bytes, c.hits.Load(), c.misses.Load()
}
