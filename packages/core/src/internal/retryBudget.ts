/**
 * The retry quota of one client (the AWS standard mode's token bucket). Every
 * retry takes tokens and successes put some back, so while a service is down
 * the client soon stops retrying and fails fast instead of multiplying load;
 * when the service recovers, successes refill the bucket. JavaScript runs one
 * fiber step at a time, so plain mutation is safe across concurrent calls.
 */
import type { RetryBudget } from "./retryPolicy.js"

/** A client's quota; the token count is closed over. */
export interface TokenBucket {
  readonly budget: RetryBudget
  /** Tokens left now. */
  readonly available: number
  /** Takes `cost` tokens if there are that many; `false` means "do not retry". */
  readonly tryAcquire: (cost: number) => boolean
  /**
   * Records a successful call: the cost of its last retry comes back, or, for
   * a call that needed no retry, the small success increment.
   */
  readonly recordSuccess: (lastRetryCost: number) => void
}

/** A full bucket of `budget`. */
export const makeTokenBucket = (budget: RetryBudget): TokenBucket => {
  let tokens = budget.capacity
  return {
    budget,
    get available() {
      return tokens
    },
    tryAcquire: (cost) => {
      if (tokens < cost) return false
      tokens -= cost
      return true
    },
    recordSuccess: (lastRetryCost) => {
      tokens = Math.min(budget.capacity, tokens + (lastRetryCost > 0 ? lastRetryCost : budget.successIncrement))
    }
  }
}
