/**
 * What an operation is, as data: the generator emits one descriptor per
 * operation, and the client turns each into a method.
 */
import type * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { OperationError } from "../AwsError.js"
import type { WithMetadata } from "./metadata.js"

/**
 * One operation of the service. `I`/`O` are the input and output types, `E`
 * the union of its modeled error classes. `errors` is the one list of them:
 * the union of their schemas (one class alone, or `Schema.Never` for none),
 * which decodes `{ _tag, Message, $metadata }` into the error of that tag; the
 * client reads the tags from it. Paginated operations are described by the
 * generated method table, not here: nothing at run time needs to know.
 */
export interface OperationDescriptor<I, IE, O, OE, E extends { readonly _tag: string }, EE> {
  readonly name: string
  /** The `X-Amz-Target` header value. */
  readonly target: string
  readonly input: Schema.Schema<I, IE>
  readonly output: Schema.Schema<O, OE>
  readonly errors: Schema.Schema<E, EE>
  /**
   * Whether the operation is safe to send twice. When it is not (the
   * creates), the client does not retry it after a failure that leaves open
   * whether the service processed it, unless the caller opts in.
   */
  readonly idempotent: boolean
}

/** Lets the generated descriptors be checked against the interface while keeping their precise types. */
export const operation = <I, IE, O, OE, E extends { readonly _tag: string }, EE>(
  descriptor: OperationDescriptor<I, IE, O, OE, E, EE>
): OperationDescriptor<I, IE, O, OE, E, EE> => descriptor

export type { OperationError }

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
