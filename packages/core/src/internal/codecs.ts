/**
 * The codecs of operation inputs and outputs on every runtime but Node
 * (package.json `imports`, `#codecs`; Node's are in `codecs.node.ts`):
 * Schema's own encoder and decoder, lists in outputs included. Same results
 * and failures as the fast ones, for more work per call (measured on Node:
 * about 2 µs more per GetConnection input, 5 µs per GetConnection output)
 * and about 1.5 KB gzip less in a Worker's bundle.
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import type { Fast } from "./fastOutput.js"

/** An operation's input encoder: `Schema.encodeUnknown`. */
export const encodeInput = <A, I>(
  schema: Schema.Schema<A, I>,
  options?: AST.ParseOptions
): (u: unknown) => Effect.Effect<I, ParseResult.ParseError> => Schema.encodeUnknown(schema, options)

/** An operation's output decoder: `Schema.decodeUnknown`. */
export const decodeOutput = <A, I>(
  schema: Schema.Schema<A, I>,
  options?: AST.ParseOptions
): (u: unknown) => Effect.Effect<A, ParseResult.ParseError> => Schema.decodeUnknown(schema, options)

/** The fast decoder of a list of `item` in an output: none here. */
export const fastListOf: (item: AST.AST) => Fast | undefined = () => undefined
