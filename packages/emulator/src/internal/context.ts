/** What an operation handler is given besides its decoded input. */
import type * as Effect from "effect/Effect"
import type { Api } from "./apis.js"
import type { ApiError } from "./errors.js"
import type { ResolvedOptions } from "./options.js"
import type { Store } from "./state.js"

export interface RequestContext {
  /** The API version the request was addressed to: new ARNs use its namespace. */
  readonly api: Api
  /** The region of the request's credential scope: new ARNs use it. */
  readonly region: string
  /** Clock time in millis (without the injected skew, which only concerns the wire). */
  readonly now: number
  readonly store: Store
  readonly options: ResolvedOptions
}

/** An operation's behaviour, on decoded input and output. */
export type Handler<I, O> = (input: I, ctx: RequestContext) => Effect.Effect<O, ApiError>
