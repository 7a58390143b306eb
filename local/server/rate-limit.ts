// A token bucket per client address (issue 13 item 15): sign-in attempts and refused session tokens.
// In memory, one per process: enough to stop a single client guessing codes or tokens; a fleet behind a
// load balancer would need a shared store.

export interface BucketSettings {
  /** Attempts allowed in a burst. */
  capacity: number;
  /** Attempts regained per minute. */
  refillPerMinute: number;
}

export interface TokenBuckets {
  /** True when `key` has an attempt left (nothing is consumed). */
  has(key: string): boolean;
  /** Consumes one attempt; false when none is left. */
  take(key: string): boolean;
  /** Whole seconds until `key` has an attempt again (0 when it has one now). */
  retryAfter(key: string): number;
}

/** Addresses kept at most; beyond it, buckets that have refilled completely are forgotten. */
const MAX_KEYS = 10_000;

export function createTokenBuckets(settings: BucketSettings, now: () => number = Date.now): TokenBuckets {
  const perMs = settings.refillPerMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  function level(key: string): number {
    const b = buckets.get(key);
    if (!b) return settings.capacity;
    return Math.min(settings.capacity, b.tokens + (now() - b.at) * perMs);
  }
  function prune(): void {
    if (buckets.size < MAX_KEYS) return;
    for (const key of buckets.keys()) if (level(key) >= settings.capacity) buckets.delete(key);
    // Still full: drop the oldest entries (Map keeps insertion order) rather than grow without bound.
    for (const key of buckets.keys()) {
      if (buckets.size < MAX_KEYS) break;
      buckets.delete(key);
    }
  }

  return {
    has: (key) => level(key) >= 1,
    take(key) {
      const tokens = level(key);
      if (tokens < 1) return false;
      if (!buckets.has(key)) prune();
      buckets.set(key, { tokens: tokens - 1, at: now() });
      return true;
    },
    retryAfter(key) {
      const tokens = level(key);
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perMs / 1000);
    },
  };
}
