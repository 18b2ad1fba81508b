/**
 * What a client does differently on every runtime but Node (package.json
 * `imports`, `#platformTransport`; Node's is `platformTransport.node.ts`):
 *
 * - the platform path of `httpTransport.ts` is a plain import, which a
 *   Worker's bundler drops with the platform's modules when the Worker never
 *   makes a client from an `HttpClient` (a lazy `import()` would keep about
 *   6 KB gzip of them in every Worker);
 * - inputs and outputs go through Schema's own encoder and decoder, not the
 *   fast ones of `fastInput.ts` and `fastOutput.ts`, and so do lists in
 *   outputs: the same results and the same failures, for more work per call
 *   (measured on Node: about 2 µs more per GetConnection input, 5 µs per
 *   GetConnection output), and about 1.5 KB gzip less in a Worker's bundle.
 */
import * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import type { Fast } from "./fastOutput.js"
import { platformSend } from "./httpTransport.js"

/** The platform path's constructor (marked pure: a bundle that never uses it drops the platform's modules). */
export const loadPlatformSend = /* @__PURE__ */ Effect.succeed(platformSend)

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
