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

export class RateLimiter {
  private enabled = false
  private tokens = 0
  private fillRate = minFillRate
  private maxCapacity = minCapacity
  private lastRefill: number | undefined
  private lastMaxRate = 0
  private lastThrottle: number
  private timeWindow = 0
  private measuredRate = 0
  private requestCount = 0
  private lastRateBucket: number

  constructor(nowSec: number) {
    this.lastThrottle = nowSec
    this.lastRateBucket = Math.floor(nowSec)
  }

  /** Whether the limiter is pacing sends (it starts after the first throttling). */
  get active(): boolean {
    return this.enabled
  }

  /** Reserves one send; returns the milliseconds to wait before it. */
  acquire(nowSec: number): number {
    if (!this.enabled) return 0
    this.refill(nowSec)
    this.tokens -= 1
    return this.tokens >= 0 ? 0 : Math.ceil(precise((-this.tokens / this.fillRate) * 1000))
  }

  /** Feeds the outcome of an attempt: throttled or not. */
  update(throttled: boolean, nowSec: number): void {
    this.measure(nowSec)
    let rate: number
    if (throttled) {
      const rateToUse = this.enabled ? Math.min(this.measuredRate, this.fillRate) : this.measuredRate
      this.lastMaxRate = rateToUse
      this.computeTimeWindow()
      this.lastThrottle = nowSec
      rate = precise(rateToUse * beta)
      this.enabled = true
    } else {
      this.computeTimeWindow()
      rate = precise(scaleConstant * (nowSec - this.lastThrottle - this.timeWindow) ** 3 + this.lastMaxRate)
    }
    const newRate = Math.min(rate, 2 * this.measuredRate)
    this.refill(nowSec)
    this.fillRate = Math.max(newRate, minFillRate)
    this.maxCapacity = Math.max(newRate, minCapacity)
    this.tokens = Math.min(this.tokens, this.maxCapacity)
  }

  private refill(nowSec: number): void {
    if (this.lastRefill === undefined) {
      this.lastRefill = nowSec
      return
    }
    this.tokens = Math.min(this.maxCapacity, this.tokens + (nowSec - this.lastRefill) * this.fillRate)
    this.lastRefill = nowSec
  }

  private computeTimeWindow(): void {
    this.timeWindow = precise(((this.lastMaxRate * (1 - beta)) / scaleConstant) ** (1 / 3))
  }

  private measure(nowSec: number): void {
    const bucket = Math.floor(nowSec * 2) / 2
    this.requestCount++
    if (bucket > this.lastRateBucket) {
      const current = this.requestCount / (bucket - this.lastRateBucket)
      this.measuredRate = precise(current * smooth + this.measuredRate * (1 - smooth))
      this.requestCount = 0
      this.lastRateBucket = bucket
    }
  }
}
