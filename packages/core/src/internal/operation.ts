/**
 * What an operation is, as data: the generator emits one descriptor per
 * operation, and the client turns each into a method.
 */
import type * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { AwsRequestError, AwsServiceError, CommonAwsError } from "../AwsError.js"
import type { WithMetadata } from "./metadata.js"

/** How the model paginates an operation; `items` is inferred when the trait leaves it out. */
export interface Pagination {
  readonly inputToken: string
  readonly outputToken: string
  readonly pageSize?: string
  readonly items?: string
}

/**
 * One operation of the service. `I`/`O` are the input and output types, `E`
 * the union of its modeled error classes; `error` decodes `{ _tag, Message }`
 * into the modeled error of that tag.
 */
export interface OperationDescriptor<I, IE, O, OE, E extends { readonly _tag: string }, EE> {
  readonly name: string
  /** The `X-Amz-Target` header value. */
  readonly target: string
  readonly input: Schema.Schema<I, IE>
  readonly output: Schema.Schema<O, OE>
  readonly error: Schema.Schema<E, EE>
  /** The codes of the modeled errors. */
  readonly errorTags: ReadonlyArray<E["_tag"]>
  /**
   * Whether the operation is safe to send twice. When it is not (the
   * creates), the client does not retry it after a failure that leaves open
   * whether the service processed it, unless the caller opts in.
   */
  readonly idempotent: boolean
  readonly pagination: Pagination | undefined
}

/** Lets the generated descriptors be checked against the interface while keeping their precise types. */
export const operation = <I, IE, O, OE, E extends { readonly _tag: string }, EE>(
  descriptor: OperationDescriptor<I, IE, O, OE, E, EE>
): OperationDescriptor<I, IE, O, OE, E, EE> => descriptor

/**
 * The exact error channel of an operation whose modeled errors are `E`: those,
 * the common AWS errors it does not model itself, and the two catch-alls.
 */
export type OperationError<E extends { readonly _tag: string }> =
  | E
  | Exclude<CommonAwsError, { readonly _tag: E["_tag"] }>
  | AwsServiceError
  | AwsRequestError

/** The arguments of a method: the input is optional when the model requires no member of it. */
export type InputArgs<I> = {} extends I ? [input?: I] : [input: I]

/**
 * A method of the service: calling it gives the output. The same call through
 * `withMetadata` gives the output together with the response metadata
 * (status, request id, attempts, total retry delay), for when a successful
 * call must be traced to its request without a tracer.
 */
export interface OperationMethod<I, O, E> {
  (...args: InputArgs<I>): Effect.Effect<O, E>
  /**
   * The same call, succeeding with `{ output, $metadata }`:
   *
   * ```ts
   * const { output, $metadata } = yield* client.getConnection.withMetadata({ ConnectionArn })
   * yield* Effect.log(`request ${$metadata.requestId} took ${$metadata.attempts} attempt(s)`)
   * ```
   */
  readonly withMetadata: (...args: InputArgs<I>) => Effect.Effect<WithMetadata<O>, E>
}

/** Turns a descriptor into a method; the client supplies it to the generated method table. */
export interface OperationRunner {
  <I, IE, O, OE, E extends { readonly _tag: string }, EE>(
    descriptor: OperationDescriptor<I, IE, O, OE, E, EE>
  ): OperationMethod<I, O, OperationError<E>>
}
