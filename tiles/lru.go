package tiles

import (
	"container/list"
	"sync"
)

// lru is a map bounded by the sum of its entries' costs (about their
// bytes), least recently used out first. It is safe for concurrent use.
type lru[K comparable, V any] struct {
	mu    sync.Mutex
	max   int64
	size  int64
	ll    *list.List
	items map[K]*list.Element
}

type lruEntry[K comparable, V any] struct {
	key  K
	val  V
	cost int64
}

func newLRU[K comparable, V any](max int64) *lru[K, V] {
	return &lru[K, V]{max: max, ll: list.New(), items: map[K]*list.Element{}}
}

// get returns the value stored under k and marks it used.
func (c *lru[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*lruEntry[K, V]).val, true
	}
	var zero V
	return zero, false
}

// put stores v under k unless k is there already or v alone costs more
// than the bound, then drops the least recently used to stay within it.
func (c *lru[K, V]) put(k K, v V, cost int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; ok || cost > c.max {
		return
	}
	c.items[k] = c.ll.PushFront(&lruEntry[K, V]{k, v, cost})
	c.size += cost
	for c.size > c.max {
		e := c.ll.Back()
		old := e.Value.(*lruEntry[K, V])
		c.ll.Remove(e)
		delete(c.items, old.key)
		c.size -= old.cost
	}
}

// len returns the entries and their summed cost.
func (c *lru[K, V]) len() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.size
}
