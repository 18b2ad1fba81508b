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
 * empty one; a service that returns the token it was just sent would loop
 * forever, so that fails the stream instead.
 */
export const pages = <I extends Paged, O extends Paged, E>(
  operation: string,
  method: (input: NoInfer<I>) => Effect.Effect<O, E>,
  input: I
): Stream.Stream<O, E | AwsRequestError> =>
  Stream.paginateEffect(input, (current: I) =>
    Effect.flatMap(method(current), (page) => {
      const next = page.NextToken
      if (next === undefined || next === "") return Effect.succeed([page, Option.none<I>()] as const)
      if (next === current.NextToken) {
        return Effect.fail(
          new AwsRequestError({
            reason: "Decode",
            operation,
            message: `${operation} returned the NextToken it was sent; paging stopped to avoid an endless loop`
          })
        )
      }
      return Effect.succeed([page, Option.some({ ...current, NextToken: next })] as const)
    }))

/** The items of every page: what `select` picks from each page, one by one. */
export const items = <I extends Paged, O extends Paged, E, A>(
  operation: string,
  method: (input: NoInfer<I>) => Effect.Effect<O, E>,
  input: I,
  select: (page: O) => ReadonlyArray<A>
): Stream.Stream<A, E | AwsRequestError> => Stream.mapConcat(pages(operation, method, input), select)
