/**
 * The client-side rate limiter of the AWS adaptive retry mode. Until the
 * first throttling response it does nothing. After one, it measures the rate
 * the client sends at, cuts its allowed rate (multiplicative decrease, by
 * `beta`), and grows it back along a cubic curve (CUBIC, as in TCP) while
 * calls succeed; sends beyond the allowed rate wait for a token.
 *
 * Times are in seconds from Effect's `Clock`, so tests drive it with
 * `TestClock`. `acquire` never sleeps itself: it reserves a token (going into
 * debt if none is left, which queues later callers behind earlier ones) and
 * returns how long the caller must wait.
 */

const beta = 0.7
const minCapacity = 1
const minFillRate = 0.5
const scaleConstant = 0.4
const smooth = 0.8

const precise = (n: number) => Number(n.toFixed(8))

/** A client's limiter; its state is closed over, not kept in properties. */
export interface RateLimiter {
  /** Whether the limiter is pacing sends (it starts after the first throttling). */
  readonly active: boolean
  /** Reserves one send; returns the milliseconds to wait before it. */
  readonly acquire: (nowSec: number) => number
  /** Feeds the outcome of an attempt: throttled or not. */
  readonly update: (throttled: boolean, nowSec: number) => void
}

/** A limiter made at `nowSec`, idle until the first throttling. */
export const makeRateLimiter = (nowSec: number): RateLimiter => {
  let enabled = false
  let tokens = 0
  let fillRate = minFillRate
  let maxCapacity = minCapacity
  let lastRefill: number | undefined
  let lastMaxRate = 0
  let lastThrottle = nowSec
  let measuredRate = 0
  let requestCount = 0
  let lastRateBucket = Math.floor(nowSec)

  const refill = (now: number): void => {
    if (lastRefill !== undefined) tokens = Math.min(maxCapacity, tokens + (now - lastRefill) * fillRate)
    lastRefill = now
  }

  return {
    get active() {
      return enabled
    },
    acquire: (now) => {
      if (!enabled) return 0
      refill(now)
      tokens -= 1
      return tokens >= 0 ? 0 : Math.ceil(precise((-tokens / fillRate) * 1000))
    },
    update: (throttled, now) => {
      // Measure the rate the client sends at, in half-second buckets.
      const bucket = Math.floor(now * 2) / 2
      requestCount++
      if (bucket > lastRateBucket) {
        measuredRate = precise((requestCount / (bucket - lastRateBucket)) * smooth + measuredRate * (1 - smooth))
        requestCount = 0
        lastRateBucket = bucket
      }
      let rate: number
      if (throttled) {
        lastMaxRate = enabled ? Math.min(measuredRate, fillRate) : measuredRate
        lastThrottle = now
        rate = precise(lastMaxRate * beta)
        enabled = true
      } else {
        // CUBIC's time window: how long the rate takes to grow back to where it was throttled.
        const timeWindow = precise(((lastMaxRate * (1 - beta)) / scaleConstant) ** (1 / 3))
        rate = precise(scaleConstant * (now - lastThrottle - timeWindow) ** 3 + lastMaxRate)
      }
      const newRate = Math.min(rate, 2 * measuredRate)
      refill(now)
      fillRate = Math.max(newRate, minFillRate)
      maxCapacity = Math.max(newRate, minCapacity)
      tokens = Math.min(tokens, maxCapacity)
    }
  }
}
