// Decorators that cache a function's result, as data: a function wearing one of them runs
// its body once per distinct argument set (or per instance), not on every call.

export const CACHE_DECORATORS: ReadonlySet<string> = new Set([
  'functools.lru_cache',
  'functools.cache',
  'functools.cached_property',
  'cachetools.cached',
  'cachetools.func.lru_cache',
  'cachetools.func.ttl_cache',
  'cachetools.func.lfu_cache',
  'cachetools.func.fifo_cache',
  'cachetools.func.rr_cache',
  'cachetools.func.mru_cache',
  'async_lru.alru_cache',
  'aiocache.cached',
]);
