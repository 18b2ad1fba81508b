/**
 * The exit codes of the command line, one per outcome a pipeline may want to
 * tell apart. The codes from 252 up are those the AWS CLI uses for the same
 * kinds of failure, so a script written for the AWS CLI reads them the same
 * way; the waiter outcomes get small numbers of their own.
 *
 * | code | meaning |
 * |---:|---|
 * | 0 | success: the resource reached the state waited for, or the call succeeded |
 * | 1 | the resource reached a failure state (a connection in `ERROR`, a failed sync, a host whose VPC setup failed) |
 * | 2 | timed out: the state was not reached within `--timeout` |
 * | 3 | not found (`ResourceNotFoundException`) |
 * | 130 | interrupted (Ctrl-C, SIGTERM) |
 * | 252 | usage: unknown command or flag, a missing or invalid value (the message names the flag); nothing was sent |
 * | 253 | credentials or configuration: no region, no or rejected credentials, a bad profile, endpoint or signature, access denied |
 * | 254 | any other error answered by the service (throttling after the retries, a quota, a conflict, ...) |
 * | 255 | anything else: the service could not be reached, an answer could not be read, an unexpected failure |
 *
 * @since 0.1.0
 */
import { AwsRequestError } from "@effect-codestar/core/AwsError"
import * as Schema from "effect/Schema"

/**
 * The resource reached the state waited for, or the call succeeded.
 *
 * @since 0.1.0
 * @category utils
 */
export const Success = 0
/**
 * The resource reached a failure state (`ERROR`, `FAILED`, a failed VPC setup).
 *
 * @since 0.1.0
 * @category utils
 */
export const FailureState = 1
/**
 * The state was not reached within the timeout.
 *
 * @since 0.1.0
 * @category utils
 */
export const TimedOut = 2
/**
 * The resource does not exist.
 *
 * @since 0.1.0
 * @category utils
 */
export const NotFound = 3
/**
 * Interrupted by a signal.
 *
 * @since 0.1.0
 * @category utils
 */
export const Interrupted = 130
/**
 * The command line was not understood, or an input broke the model's constraints; nothing was sent.
 *
 * @since 0.1.0
 * @category utils
 */
export const Usage = 252
/**
 * Credentials or configuration are missing, invalid, or refused.
 *
 * @since 0.1.0
 * @category configuration
 */
export const Configuration = 253
/**
 * The service answered with any other error.
 *
 * @since 0.1.0
 * @category utils
 */
export const ServiceError = 254
/**
 * The service could not be reached or understood, or something unexpected failed.
 *
 * @since 0.1.0
 * @category utils
 */
export const Other = 255

/**
 * A failure of the command line, with the exit code it ends with and its one-line reason.
 *
 * @since 0.1.0
 * @category errors
 */
export class CliFailure extends Schema.TaggedError<CliFailure>()("CliFailure", {
  exitCode: Schema.Number,
  reason: Schema.String
}) {
  override get message(): string {
    return this.reason
  }
}

/** Errors that say who the caller is, or what it may do, is wrong: fixed by configuration, not by retrying. */
const configurationErrors: ReadonlySet<string> = new Set([
  "AccessDeniedException",
  "ExpiredTokenException",
  "IncompleteSignatureException",
  "InvalidSignatureException",
  "MissingAuthenticationTokenException",
  "RequestExpired",
  "UnrecognizedClientException",
  "EndpointError"
])

const text = (value: unknown): string | undefined => typeof value === "string" && value !== "" ? value : undefined

/**
 * The modeled errors of the service carry their text as `Message` (their
 * `message` is then a JSON dump of the fields); other errors as `message`.
 */
const messageOf = (error: object): string =>
  ("Message" in error ? text(error.Message) : undefined) ?? ("message" in error ? text(error.message) : undefined) ?? ""

/**
 * The exit code and one-line reason of a failure: a waiter outcome, a typed
 * error of a call (by its tag, so that it works for both API versions'
 * classes), or a failure on our side (`AwsRequestError`, by its reason).
 *
 * @since 0.1.0
 * @category classification
 */
export const classify = (error: { readonly _tag: string }): CliFailure => {
  if (error instanceof CliFailure) return error
  const message = messageOf(error)
  const tagged = message === "" ? error._tag : `${error._tag}: ${message}`
  const fail = (exitCode: number, reason: string) =>
    new CliFailure({ exitCode, reason: reason.replace(/\s*\n\s*/g, " ") })
  switch (error._tag) {
    case "WaiterFailureState":
      return fail(FailureState, message)
    case "WaiterTimeout":
      return fail(TimedOut, `timed out: ${message}`)
    case "ResourceNotFoundException":
      return fail(NotFound, tagged)
  }
  if (error instanceof AwsRequestError) {
    if (error.reason === "InvalidInput") return fail(Usage, message)
    if (error.reason === "Credentials" || error.reason === "Signing") return fail(Configuration, message)
    return fail(Other, message)
  }
  // The Node runtime's message names its option; on the command line that option is --region.
  if (error._tag === "ConfigError") return fail(Configuration, message.replace("the region option", "--region"))
  if (configurationErrors.has(error._tag)) return fail(Configuration, tagged)
  return fail(ServiceError, tagged)
}
