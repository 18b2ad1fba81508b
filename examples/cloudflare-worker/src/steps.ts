/**
 * Runs one Effect as the body of a Workflow step. A step reports failure by
 * throwing, and the Workflows runtime retries what it throws unless it is a
 * `NonRetryableError`; so a failure that a later attempt cannot fix
 * (a modeled error, a bad input, a bad binding) is thrown as one, while
 * throttling and transient faults are thrown as plain errors and left to the
 * step's retries. The message starts with the error's tag, so the instance's
 * history says what happened. (The name of a `NonRetryableError` must stay
 * `NonRetryableError`: that is how the Workflows runtime recognises it.)
 */
import type { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { NonRetryableError } from "cloudflare:workflows"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type { ClientRuntime } from "./client.js"
import { isRetryable, messageOf } from "./failures.js"

/** The error a step throws for the failure `error` of a call. */
export const stepError = (error: { readonly _tag: string }): Error => {
  if (ConfigError.isConfigError(error)) {
    return new NonRetryableError(`ConfigError: the Worker's AWS bindings are invalid: ${String(error)}`)
  }
  const message = `${error._tag}: ${messageOf(error)}`
  return isRetryable(error) ? new Error(message) : new NonRetryableError(message)
}

/** The error a step throws for a failed run: its typed failure if any, else a retryable error (a defect or an interruption). */
const causeError = <E extends { readonly _tag: string }>(cause: Cause.Cause<E>): Error =>
  Option.match(Cause.failureOption(cause), {
    onSome: stepError,
    onNone: () => new Error(`the step stopped unexpectedly: ${Cause.pretty(cause)}`)
  })

/** Runs `effect` with the isolate's client; resolves with its value or throws as described above. */
export const runStep = async <A, E extends { readonly _tag: string }>(
  runtime: ClientRuntime,
  effect: Effect.Effect<A, E, CodeStarConnections>
): Promise<A> => {
  const exit = await runtime.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return exit.value
  throw causeError(exit.cause)
}
