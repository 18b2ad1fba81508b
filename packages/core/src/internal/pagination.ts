/**
 * Paginated operations as streams. A page is fetched only when the stream is
 * pulled past the previous one, so `Stream.take(n)` stops fetching early and
 * memory stays flat whatever the number of items.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { AwsRequestError } from "../AwsError.js"

interface Paged {
  readonly NextToken?: string | undefined
}

/**
 * The loop both streams share: fetch a page, emit what `emit` makes of it,
 * and go on with its token. A page is requested only when the consumer pulls
 * past the previous page's output, and nothing of the previous page is kept
 * while the next is fetched: the loop's state is the next input only.
 *
 * Paging stops when the service returns no token or an empty one. A service
 * whose tokens come back round (A, B, A, ...) would page forever, thousands
 * of requests a second, so a token seen before in this stream fails it
 * instead. The stream remembers the tokens it has sent, a few dozen bytes per
 * page.
 */
const paginate = <I extends Paged, O extends Paged, E, A>(
  operation: string,
  method: (input: NoInfer<I>) => Effect.Effect<O, E>,
  input: I,
  emit: (page: O) => Chunk.Chunk<A>
): Stream.Stream<A, E | AwsRequestError> =>
  Stream.suspend(() => {
    const seen = new Set<string>()
    if (input.NextToken !== undefined) seen.add(input.NextToken)
    return Stream.paginateChunkEffect(input, (current: I) =>
      Effect.flatMap(method(current), (page) => {
        const next = page.NextToken
        if (next === undefined || next === "") return Effect.succeed([emit(page), Option.none<I>()] as const)
        if (seen.has(next)) {
          return Effect.fail(
            new AwsRequestError({
              reason: "Decode",
              operation,
              message: next === current.NextToken
                ? `${operation} returned the NextToken it was sent; paging stopped to avoid an endless loop`
                : `${operation} returned a NextToken it had returned before (page ${seen.size + 1}); ` +
                  "paging stopped to avoid an endless loop"
            })
          )
        }
        seen.add(next)
        return Effect.succeed([emit(page), Option.some({ ...current, NextToken: next })] as const)
      }))
  })

/**
 * Every page of a paginated operation, starting from `input` (and its
 * `NextToken`, if set). See {@link paginate} for when paging stops.
 */
export const pages = <I extends Paged, O extends Paged, E>(
  operation: string,
  method: (input: NoInfer<I>) => Effect.Effect<O, E>,
  input: I
): Stream.Stream<O, E | AwsRequestError> => paginate(operation, method, input, Chunk.of)

/**
 * The items of every page: what `select` picks from each page, one by one.
 * Each page's list is emitted as one chunk over the decoded array itself, not
 * a copy: the array is the decoder's own, and the page object that held it is
 * dropped.
 */
export const items = <I extends Paged, O extends Paged, E, A>(
  operation: string,
  method: (input: NoInfer<I>) => Effect.Effect<O, E>,
  input: I,
  select: (page: O) => ReadonlyArray<A>
): Stream.Stream<A, E | AwsRequestError> =>
  paginate(operation, method, input, (page) => Chunk.unsafeFromArray(select(page)))
