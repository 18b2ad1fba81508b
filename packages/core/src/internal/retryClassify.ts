/**
 * Which failures are worth another attempt. The tables follow the AWS SDKs'
 * standard retry mode, with one deliberate difference: `LimitExceededException`
 * is a quota in this service (too many connections or hosts), not a rate, so a
 * retry cannot succeed and it is never retried.
 */
import { AwsRequestErrorReason } from "../AwsError.js"

/**
 * What a failed attempt means for retrying.
 *
 * - `throttling`: the service asked us to slow down; retried with the larger base delay.
 * - `transient`: a server fault or a broken connection; retried.
 * - `timeout`: the attempt ran out of time; retried, at a higher budget cost.
 * - `clockSkew`: the signature was rejected for its date; retried only when the
 *   response let the client correct its clock.
 * - `terminal`: retrying cannot help (a client error, a decode error, a quota).
 */
export type RetryClass = "throttling" | "transient" | "timeout" | "clockSkew" | "terminal"

/** Codes that are never retried, whatever the status. */
export const neverRetriedCodes: ReadonlySet<string> = new Set(["LimitExceededException"])

/** Codes that mean "slow down" (the AWS SDKs' list, without `LimitExceededException`). */
export const throttlingCodes: ReadonlySet<string> = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException"
])

/** Codes of server-side faults that a later attempt may not meet. */
export const transientCodes: ReadonlySet<string> = new Set([
  "InternalError",
  "InternalFailure",
  "InternalServerError",
  "InternalServerException",
  "RequestTimeout",
  "RequestTimeoutException",
  // This service's "the sync engine lost a race; try again", sent as HTTP 503.
  "RetryLatestCommitFailedException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "TimeoutError"
])

/** Codes that can mean "your clock is wrong"; retried only after a correction. */
export const clockSkewCodes: ReadonlySet<string> = new Set([
  "AuthFailure",
  "RequestExpired",
  "RequestInTheFuture",
  "RequestTimeTooSkewed"
])

/** These two codes mean a bad signature, and a skewed clock only when the message says so. */
const signatureCodes: ReadonlySet<string> = new Set(["InvalidSignatureException", "SignatureDoesNotMatch"])
const skewMessage = /signature (?:expired|not yet current)/i

/** HTTP statuses of transient server faults. */
export const transientStatuses: ReadonlySet<number> = new Set([500, 502, 503, 504])

/** What is known about a failed attempt. */
export interface FailureFacts {
  /** The sanitised error code of an error response. */
  readonly code?: string | undefined
  /** The HTTP status, when a response arrived. */
  readonly status?: number | undefined
  readonly message?: string | undefined
  /** Set when the failure happened on our side of the wire. */
  readonly reason?: AwsRequestErrorReason | undefined
}

/**
 * Error codes of a connection that was never made, so that the service
 * cannot have seen the request: refused, unreachable, or a name that did not
 * resolve. Any other transport failure may have happened after the request
 * went out.
 */
export const unsentCodes: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL"
])

/**
 * Whether a transport failure proves the request was never sent: a code of
 * {@link unsentCodes} on the error or on one of its causes (fetch wraps the
 * socket's error in its own).
 */
export const provenUnsent = (error: unknown): boolean => {
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const code = "code" in current ? current.code : undefined
    if (typeof code === "string" && unsentCodes.has(code)) return true
    current = "cause" in current ? current.cause : undefined
  }
  return false
}

/** Classifies a failed attempt; the first matching rule wins (see the README table). */
export const classify = (facts: FailureFacts): RetryClass => {
  const { code, message, reason, status } = facts
  if (reason === "Timeout") return "timeout"
  if (reason === "Transport") return "transient"
  // Decode, Signing, Credentials, InvalidInput: the same request would fail the same way.
  if (reason !== undefined) return "terminal"
  if (code !== undefined) {
    if (neverRetriedCodes.has(code)) return "terminal"
    if (throttlingCodes.has(code)) return "throttling"
  }
  if (status === 429) return "throttling"
  if (code !== undefined) {
    if (clockSkewCodes.has(code)) return "clockSkew"
    if (signatureCodes.has(code) && message !== undefined && skewMessage.test(message)) return "clockSkew"
    if (transientCodes.has(code)) return "transient"
  }
  if (status !== undefined && transientStatuses.has(status)) return "transient"
  return "terminal"
}

/** The optional fields an error of a call may carry; read without trusting its class. */
interface ErrorFields {
  readonly _tag?: unknown
  readonly reason?: unknown
  readonly code?: unknown
  readonly status?: unknown
  readonly message?: unknown
  readonly Message?: unknown
  readonly $metadata?: { readonly httpStatusCode?: unknown } | undefined
}

const stringOr = (u: unknown): string | undefined => (typeof u === "string" ? u : undefined)
const numberOr = (u: unknown): number | undefined => (typeof u === "number" ? u : undefined)
const reasons: ReadonlySet<string> = new Set(AwsRequestErrorReason.literals)
const isReason = (u: unknown): u is AwsRequestErrorReason => typeof u === "string" && reasons.has(u)

/**
 * The facts of a failure the client produced: an `AwsRequestError` gives its
 * reason; an `AwsServiceError` its code, status and message; a modeled or
 * common error its tag (which is its canonical error code), the status of its
 * `$metadata` and its `Message`.
 */
export const factsOf = (error: ErrorFields): FailureFacts => {
  const status = numberOr(error.$metadata?.httpStatusCode) ?? numberOr(error.status)
  if (error._tag === "AwsRequestError" && isReason(error.reason)) return { reason: error.reason, status }
  if (error._tag === "AwsServiceError") {
    const code = stringOr(error.code)
    // "Unknown" stands for "no code could be read": the status alone decides.
    return { code: code === "Unknown" ? undefined : code, status, message: stringOr(error.message) }
  }
  return { code: stringOr(error._tag), status, message: stringOr(error.Message) ?? stringOr(error.message) }
}

/**
 * The retry class of an error a call failed with. This is the one place where
 * failures are classified: the retry loop asks it about every failed attempt,
 * and `Retry.isRetryable` about whatever reaches the caller.
 */
export const classifyError = (error: ErrorFields): RetryClass => classify(factsOf(error))

/**
 * The retry class of one failed attempt. A signature rejected for its date is
 * worth another attempt only when the response let the client correct its
 * clock; otherwise the next attempt would be signed with the same wrong date.
 */
export const classifyAttempt = (error: ErrorFields, clockCorrected: boolean): RetryClass => {
  const retryClass = classifyError(error)
  return retryClass === "clockSkew" && !clockCorrected ? "terminal" : retryClass
}

/** A short name of a failure for logs and span events: our reason, the error code, or the status. Never a message. */
export const labelOf = (error: ErrorFields): string => {
  const facts = factsOf(error)
  return facts.reason ?? facts.code ?? `HTTP ${facts.status ?? "?"}`
}
