package tiles

import (
	"container/list"
	"sync"
	"sync/atomic"
)

// Cache keeps rendered tile bodies by content key, bounded in bytes,
// least recently used out first. The same content on two days has one key
// and so one entry.
type Cache struct {
	mu     sync.Mutex
	max    int64
	size   int64
	ll     *list.List
	items  map[string]*list.Element
	hits   atomic.Int64
	misses atomic.Int64
}

type cacheEntry struct {
	key  string
	body []byte
}

// NewCache makes a cache of at most maxBytes of bodies (and keys).
func NewCache(maxBytes int64) *Cache {
	return &Cache{max: maxBytes, ll: list.New(), items: map[string]*list.Element{}}
}

// Get returns the body stored under key.
func (c *Cache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	e, ok := c.items[key]
	if ok {
		c.ll.MoveToFront(e)
	}
	c.mu.Unlock()
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	c.hits.Add(1)
	return e.Value.(*cacheEntry).body, true
}

// Put stores body under key, evicting old entries to stay within bounds.
func (c *Cache) Put(key string, body []byte) {
	n := int64(len(body) + len(key) + 64)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; ok || n > c.max {
		return
	}
	c.items[key] = c.ll.PushFront(&cacheEntry{key, body})
	c.size += n
	for c.size > c.max {
		e := c.ll.Back()
		ce := e.Value.(*cacheEntry)
		c.ll.Remove(e)
		delete(c.items, ce.key)
		c.size -= int64(len(ce.body) + len(ce.key) + 64)
	}
}

// Stats returns the entries, bytes, hits and misses of the cache.
func (c *Cache) Stats() (entries int, bytes, hits, misses int64) {
	c.mu.Lock()
	entries, bytes = len(c.items), c.size
	c.mu.Unlock()
	return entries, bytes, c.hits.Load(), c.misses.Load()
}
