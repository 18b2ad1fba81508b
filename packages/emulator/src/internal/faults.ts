/**
 * Injected faults. Each control call queues a fault for the next N service
 * calls (optionally only calls of one operation); a call takes the first
 * queued fault that applies to it. Delays are kept apart because they combine
 * with whatever answer follows.
 */
import * as Data from "effect/Data"

/** How a malformed answer is malformed. */
export type MalformedKind = "json" | "truncated" | "html"

export type Fault = Data.TaggedEnum<{
  /** `ThrottlingException` ("Rate exceeded"). */
  Throttle: { readonly status: number }
  /** An error status, with a code and message in the usual JSON error form. */
  Fail: { readonly status: number; readonly code: string; readonly message: string }
  Malformed: { readonly kind: MalformedKind; readonly status: number }
  /** Close the connection without answering. */
  Drop: {}
}>
export const Fault = Data.taggedEnum<Fault>()

interface Pending<A> {
  readonly value: A
  remaining: number
  readonly operation: string | undefined
}

/** A FIFO of faults, each good for a number of calls. */
export class FaultQueue<A> {
  private readonly pending: Array<Pending<A>> = []

  add(value: A, count: number, operation: string | undefined): void {
    if (count > 0) this.pending.push({ value, remaining: count, operation })
  }

  /** Takes one use of the first fault that applies to a call of `operation`. */
  take(operation: string): A | undefined {
    const index = this.pending.findIndex((p) => p.operation === undefined || p.operation === operation)
    const entry = this.pending[index]
    if (entry === undefined) return undefined
    entry.remaining -= 1
    if (entry.remaining <= 0) this.pending.splice(index, 1)
    return entry.value
  }

  /** How many calls the queued faults will still affect. */
  get size(): number {
    return this.pending.reduce((n, p) => n + p.remaining, 0)
  }

  clear(): void {
    this.pending.length = 0
  }
}

/** The default error code for an injected status, matching what AWS front ends send. */
export const defaultFailCode = (status: number): string =>
  status === 503 ? "ServiceUnavailable" : status === 429 ? "ThrottlingException" : "InternalFailure"

export const defaultFailMessage = (status: number): string =>
  status === 503
    ? "The service is unavailable. Please try again later."
    : status === 429
    ? "Rate exceeded"
    : "The request processing has failed because of an unknown error, exception or failure."

/** A gateway's HTML error page, as a proxy in front of a service might send. */
export const htmlPage = (status: number): string =>
  `<!DOCTYPE html>\n<html><head><title>${status} Bad Gateway</title></head>` +
  `<body><center><h1>${status} Bad Gateway</h1></center><hr><center>emulated gateway</center></body></html>\n`

/** A body that starts like a JSON answer and then stops making sense. */
export const malformedJson = "{\"Connection\": {\"ConnectionName\": \"emulator\", \"ConnectionStatus\": <<not json>>"

/** A complete answer body, of which only the first half will be delivered. */
export const truncatedBody = JSON.stringify({
  message: "This answer is cut off by the emulator before its end.",
  padding: "x".repeat(256)
})
