/**
 * Paginated operations as streams. A page is fetched only when the stream is
 * pulled past the previous one, so `Stream.take(n)` stops fetching early and
 * memory stays flat whatever the number of items.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { AwsRequestError } from "../AwsError.js"

interface Paged {
  readonly NextToken?: string | undefined
}

/**
 * Every page of a paginated operation, starting from `input` (and its
 * `NextToken`, if set). Paging stops when the service returns no token or an
 * empty one. A service whose tokens come back round (A, B, A, ...) would
 * page forever, thousands of requests a second, so a token seen before in
 * this stream fails it instead. The stream remembers the tokens it has sent,
 * a few dozen bytes per page.
 */
export const pages = <I extends Paged, O extends Paged, E>(
  operation: string,
  method: (input: NoInfer<I>) => Effect.Effect<O, E>,
  input: I
): Stream.Stream<O, E | AwsRequestError> =>
  Stream.suspend(() => {
    const seen = new Set<string>()
    if (input.NextToken !== undefined) seen.add(input.NextToken)
    return Stream.paginateEffect(input, (current: I) =>
      Effect.flatMap(method(current), (page) => {
        const next = page.NextToken
        if (next === undefined || next === "") return Effect.succeed([page, Option.none<I>()] as const)
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
        return Effect.succeed([page, Option.some({ ...current, NextToken: next })] as const)
      }))
  })

/** The items of every page: what `select` picks from each page, one by one. */
export const items = <I extends Paged, O extends Paged, E, A>(
  operation: string,
  method: (input: NoInfer<I>) => Effect.Effect<O, E>,
  input: I,
  select: (page: O) => ReadonlyArray<A>
): Stream.Stream<A, E | AwsRequestError> => Stream.mapConcat(pages(operation, method, input), select)
