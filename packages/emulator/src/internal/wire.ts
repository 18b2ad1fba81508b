/**
 * The request and response as the emulator sees them, independent of how
 * they travel (an in-process HttpClient or a node:http socket), and the
 * framing every awsJson 1.0 answer shares.
 */
import type { ApiError } from "./errors.js"

export const jsonContentType = "application/x-amz-json-1.0"

/** A request as received. Header names are lower-case. */
export interface WireRequest {
  readonly method: string
  /** The path and query string, e.g. `/`. */
  readonly path: string
  /** The authority of the URL, used when the request carries no `host` header (in-process requests). */
  readonly authority: string | undefined
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

export interface WireResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /**
   * Deliver only the first half of the body, then break the connection, while
   * the headers announce the whole length.
   */
  readonly truncate: boolean
}

/** What the transport must do: answer, or drop the connection without answering. */
export type WireOutcome =
  | { readonly _tag: "Reply"; readonly response: WireResponse }
  | { readonly _tag: "Drop" }

/** Headers every answer carries: a request id, the server's date, and the JSON content type. */
export const baseHeaders = (requestId: string, serverNow: number): Record<string, string> => ({
  "x-amzn-requestid": requestId,
  date: new Date(serverNow).toUTCString(),
  "content-type": jsonContentType
})

export const reply = (status: number, headers: Readonly<Record<string, string>>, body: string): WireOutcome => ({
  _tag: "Reply",
  response: { status, headers, body, truncate: false }
})

/** An error answer: the code in `x-amzn-errortype` and in the body's `__type`, with a lower-case `message`. */
export const errorReply = (error: ApiError, headers: Readonly<Record<string, string>>): WireOutcome =>
  reply(
    error.status,
    { ...headers, "x-amzn-errortype": error.code },
    JSON.stringify({ __type: error.code, message: error.message })
  )
