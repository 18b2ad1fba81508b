/**
 * Runs in the `:portable` project only: proves that it resolves `#codecs` to
 * the module package.json gives every runtime but Node, Schema's own codecs.
 */
import * as Codecs from "#codecs"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"

describe("#codecs without the node condition", () => {
  it("is the module package.json maps for every runtime but Node", () => {
    const manifest: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"))
    const imports: unknown = typeof manifest === "object" && manifest !== null ? Reflect.get(manifest, "imports") : {}
    const codecs: unknown = typeof imports === "object" && imports !== null ? Reflect.get(imports, "#codecs") : {}
    expect(codecs).toEqual({ node: "./src/internal/codecs.node.ts", default: "./src/internal/codecs.ts" })
  })

  it("has no fast list decoder, even for a list of strings", () => {
    expect(Codecs.fastListOf(Schema.String.ast)).toBeUndefined()
  })

  it.effect("decodes with Schema: the same value, and Schema's failure", () =>
    Effect.gen(function*() {
      const decode = Codecs.decodeOutput(Schema.Struct({ a: Schema.String }), { onExcessProperty: "ignore" })
      expect(yield* decode({ a: "x", extra: 1 })).toEqual({ a: "x" })
      const failure = yield* Effect.flip(decode({ a: 1 }))
      expect(ParseResult.isParseError(failure)).toBe(true)
    }))
})
