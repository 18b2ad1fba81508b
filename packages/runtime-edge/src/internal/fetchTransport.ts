/**
 * The edge transport: the core's `DirectSend` on the platform's `fetch`.
 * Nothing of `@effect/platform` is needed for one signed POST read whole, so a
 * Worker carries none of its HTTP modules.
 *
 * The body is read as bytes and decoded here: workerd warns when `.text()`
 * meets a content type it does not know. Interruption aborts the request,
 * also while its body is being read.
 */
import type { DirectFailure, DirectRequest, DirectResponse, DirectSend } from "@effect-codestar/core/DirectTransport"
import * as Effect from "effect/Effect"

const utf8 = new TextDecoder()

/** What went wrong, without the request (it holds the signature): the error's message and its cause's. */
const describe = (cause: unknown): string => {
  if (!(cause instanceof Error)) return "fetch failed"
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : ""
  return `${cause.message}${inner}`
}

/** One exchange; never rejects, so every outcome is a value. */
const exchange = async (
  request: DirectRequest,
  signal: AbortSignal
): Promise<
  { readonly ok: true; readonly response: DirectResponse } | { readonly ok: false; readonly failure: DirectFailure }
> => {
  let response: Response
  try {
    response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body, signal })
  } catch (cause) {
    return { ok: false, failure: { message: describe(cause), cause } }
  }
  try {
    const bytes = await response.arrayBuffer()
    // Names come lower-case, repeated headers joined with ", ".
    const headers: Record<string, string> = Object.fromEntries(response.headers)
    return { ok: true, response: { status: response.status, headers, body: utf8.decode(bytes) } }
  } catch (cause) {
    return {
      ok: false,
      failure: { message: `reading the response failed: ${describe(cause)}`, cause, status: response.status }
    }
  }
}

/** The edge transport. */
export const fetchSend: DirectSend = (request) =>
  Effect.flatMap(
    Effect.promise((signal) => exchange(request, signal)),
    (outcome) => outcome.ok ? Effect.succeed(outcome.response) : Effect.fail(outcome.failure)
  )
