/**
 * On Node `#codecs` is the fast encoder and decoders (the `:portable`
 * project checks the other side, test/portable/codecs.test.ts).
 */
import * as Codecs from "#codecs"
import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"

describe("#codecs under the node condition", () => {
  it("has the fast list decoder", () => {
    const decode = Codecs.fastListOf(Schema.String.ast)
    expect(decode).toBeDefined()
    expect(decode?.(["a", "b"])).toEqual(["a", "b"])
  })
})
