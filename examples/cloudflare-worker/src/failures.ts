/**
 * What a failed call means to the Worker: worth trying again later (the
 * service is busy or briefly broken), or not (the request itself is wrong, the
 * resource is gone, a quota is reached). The answer is the client's own retry
 * classification (`Retry.isRetryable`), so the Worker and the client agree; the
 * client has already retried within the call, so what reaches the Worker is an
 * outage longer than its retry budget.
 */
import * as Retry from "@effect-codestar/core/Retry"

/** The message of any failure of the client: modeled errors keep AWS's `Message`, ours `message`. */
export const messageOf = (error: object): string => {
  if ("Message" in error && typeof error.Message === "string") return error.Message
  if ("message" in error && typeof error.message === "string" && error.message !== "") return error.message
  return "no message"
}

/** True when a later attempt of the same call may succeed. */
export const isRetryable = (error: { readonly _tag: string }): boolean => Retry.isRetryable(error)
