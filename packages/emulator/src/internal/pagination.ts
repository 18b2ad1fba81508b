/**
 * Opaque page tokens. A token is base64url of a small JSON cursor: the list it
 * belongs to and the creation sequence number of the last item returned.
 * Paging by sequence number rather than by offset keeps pages stable when
 * items are created or deleted between calls.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { ApiError } from "./errors.js"

const Cursor = Schema.parseJson(Schema.Struct({
  list: Schema.String,
  after: Schema.Int
}))
const decodeCursor = Schema.decodeUnknownEither(Cursor)
const encodeCursor = Schema.encodeSync(Cursor)

const toBase64Url = (text: string): string => Buffer.from(text, "utf8").toString("base64url")
const fromBase64Url = (token: string): string | undefined =>
  /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, "base64url").toString("utf8") : undefined

export const makeToken = (list: string, after: number): string => toBase64Url(encodeCursor({ list, after }))

/** One page of `items` (sorted by `seq`), and the token of the next one when there is more. */
export const page = <A extends { readonly seq: number }>(
  items: ReadonlyArray<A>,
  request: {
    readonly list: string
    readonly nextToken: string | undefined
    readonly maxResults: number | undefined
    readonly defaultPageSize: number
    readonly invalidToken: (message: string) => ApiError
  }
): Either.Either<{ readonly items: ReadonlyArray<A>; readonly nextToken: string | undefined }, ApiError> => {
  let after = 0
  if (request.nextToken !== undefined) {
    const text = fromBase64Url(request.nextToken)
    const cursor = text === undefined ? undefined : Either.getOrUndefined(decodeCursor(text))
    if (cursor === undefined || cursor.list !== request.list) {
      return Either.left(request.invalidToken("The NextToken is not valid for this request."))
    }
    after = cursor.after
  }
  const size = request.maxResults === undefined || request.maxResults === 0
    ? request.defaultPageSize
    : request.maxResults
  const rest = items.filter((item) => item.seq > after)
  const taken = rest.slice(0, size)
  const last = taken[taken.length - 1]
  return Either.right({
    items: taken,
    nextToken: rest.length > size && last !== undefined ? makeToken(request.list, last.seq) : undefined
  })
}
