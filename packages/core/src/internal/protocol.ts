/**
 * The awsJson 1.0 wire rules that are not per-operation: framing constants and
 * how an error response names its error.
 */

export const contentType = "application/x-amz-json-1.0"

/**
 * Reduces a raw error code to the bare shape name: `aws.protocoljson#FooError:http://...`
 * becomes `FooError`. The awsJson 1.0 rule, as AWS's Rust and JavaScript SDKs
 * apply it: cut at the first `:` (what follows is a URL, which may hold `#`),
 * then keep what follows the first `#` (what precedes it is a namespace).
 */
export const sanitizeErrorCode = (raw: string): string => {
  const colon = raw.indexOf(":")
  const head = colon >= 0 ? raw.slice(0, colon) : raw
  const hash = head.indexOf("#")
  return (hash >= 0 ? head.slice(hash + 1) : head).trim()
}

const stringField = (body: unknown, key: string): string | undefined => {
  if (typeof body !== "object" || body === null || !(key in body)) return undefined
  const value: unknown = Reflect.get(body, key)
  return typeof value === "string" ? value : undefined
}

/** The error code of a response: the `X-Amzn-Errortype` header, else body `code`, else body `__type`. */
export const errorCodeOf = (header: string | undefined, body: unknown): string | undefined => {
  const raw = header ?? stringField(body, "code") ?? stringField(body, "__type")
  if (raw === undefined) return undefined
  const code = sanitizeErrorCode(raw)
  return code === "" ? undefined : code
}

/** AWS JSON services spell the message member `Message` or `message`. */
export const errorMessageOf = (body: unknown): string | undefined =>
  stringField(body, "Message") ?? stringField(body, "message")

/** Parses a response body; `undefined` when it is not JSON. An empty body counts as `{}`. */
export const parseBody = (text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  if (text.length === 0 || text.trim().length === 0) return { ok: true, value: {} }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}
