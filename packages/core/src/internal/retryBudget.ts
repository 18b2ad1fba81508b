/**
 * The retry quota of one client (the AWS standard mode's token bucket). Every
 * retry takes tokens and successes put some back, so while a service is down
 * the client soon stops retrying and fails fast instead of multiplying load;
 * when the service recovers, successes refill the bucket. JavaScript runs one
 * fiber step at a time, so plain mutation is safe across concurrent calls.
 */
import type { RetryBudget } from "./retryPolicy.js"

export class TokenBucket {
  private tokens: number

  constructor(readonly budget: RetryBudget) {
    this.tokens = budget.capacity
  }

  /** Tokens left now. */
  get available(): number {
    return this.tokens
  }

  /** Takes `cost` tokens if there are that many; `false` means "do not retry". */
  tryAcquire(cost: number): boolean {
    if (this.tokens < cost) return false
    this.tokens -= cost
    return true
  }

  /**
   * Records a successful call: the cost of its last retry comes back, or, for
   * a call that needed no retry, the small success increment.
   */
  recordSuccess(lastRetryCost: number): void {
    const refill = lastRetryCost > 0 ? lastRetryCost : this.budget.successIncrement
    this.tokens = Math.min(this.budget.capacity, this.tokens + refill)
  }
}
