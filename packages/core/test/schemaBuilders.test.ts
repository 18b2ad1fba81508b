/**
 * The schema builders the generated modules call (`internal/schema.ts`) take
 * the schema's name themselves, instead of the generated code calling
 * `.annotations({ identifier })` on their result, and skip pattern filters no
 * string can fail: both to make importing the generated schemas cheaper.
 * These tests hold them to building the same schemas as before.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as fc from "fast-check"
import * as CC from "../src/generated/codeconnections/schemas.js"
import * as CS from "../src/generated/codestar-connections/schemas.js"
import { closedEnum, constrainedString, ConstraintId, openEnum, struct } from "../src/internal/schema.js"

/** Any string: every UTF-16 unit (lone surrogates included) and every line terminator. */
const anyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("\n", "\r", "\u2028", "\u2029", "a", " ", "\ud800"), maxLength: 10 })
)

/** The constraints a schema's refinements carry, outermost first. */
const constraints = (ast: AST.AST): Array<unknown> => {
  const out: Array<unknown> = []
  let current = ast
  while (AST.isRefinement(current)) {
    out.push(current.annotations[ConstraintId])
    current = current.from
  }
  return out
}

/** Annotations, with each function (a message, made per call) replaced by what it returns. */
const annotationValues = (ast: AST.AST): Record<string | symbol, unknown> => {
  const out: Record<string | symbol, unknown> = {}
  for (const key of Reflect.ownKeys(ast.annotations)) {
    const value: unknown = ast.annotations[key]
    out[key] = typeof value === "function" ? value() : value
  }
  return out
}

/** What a refinement chain is, without its predicates (functions made per call). */
const shape = (ast: AST.AST): unknown =>
  AST.isRefinement(ast) ? { annotations: ast.annotations, from: shape(ast.from) } : ast

describe("patterns every string matches", () => {
  for (const pattern of [".*", "^[\\s\\S]*$"]) {
    it(`${pattern} matches every string, so its filter could never fail`, () => {
      const regex = new RegExp(pattern)
      fc.assert(fc.property(anyString, (s) => regex.test(s)), { numRuns: 2_000 })
      for (const s of ["", "\n", "a\nb", "\r\n", "\u2028", "\ud800", "x".repeat(10_000)]) {
        expect(regex.test(s)).toBe(true)
      }
    })

    it(`${pattern}: no filter is built, and the schema accepts and rejects exactly what the length alone does`, () => {
      const skipped = constrainedString({ min: 1, max: 8, pattern })
      const lengthOnly = constrainedString({ min: 1, max: 8 })
      expect(constraints(skipped.ast)).toEqual([{ kind: "length", min: 1, max: 8 }])
      expect(shape(skipped.ast)).toEqual(shape(lengthOnly.ast))
      const is = Schema.is(skipped)
      const isLength = Schema.is(lengthOnly)
      fc.assert(fc.property(anyString, (s) => is(s) === isLength(s)))
      expect(constrainedString({ pattern }).ast).toBe(Schema.String.ast)
    })
  }

  it("^.*$ is not one of them (`.` does not match a line break): its filter is kept", () => {
    const schema = constrainedString({ min: 1, max: 8, pattern: "^.*$" })
    expect(constraints(schema.ast)).toEqual([{ kind: "pattern", pattern: "^.*$" }, { kind: "length", min: 1, max: 8 }])
    expect(Schema.is(schema)("a\nb")).toBe(false)
    expect(Either.isLeft(Schema.decodeUnknownEither(schema)("a\nb"))).toBe(true)
  })
})

describe("the name given to a builder is the name `.annotations` gave", () => {
  const cases = [
    { min: 1, max: 8, pattern: "^[a-z]+$" },
    { min: 1, max: 8 },
    { pattern: "^[a-z]+$" },
    { max: 4, pattern: ".*" },
    {}
  ]
  for (const c of cases) {
    it(`constrainedString(${JSON.stringify(c)})`, () => {
      const named = constrainedString(c, "Name")
      const annotated = constrainedString(c).annotations({ identifier: "Name" })
      expect(shape(named.ast)).toEqual(shape(annotated.ast))
      expect(AST.getIdentifierAnnotation(named.ast)).toEqual(Option.some("Name"))
      fc.assert(fc.property(anyString, (s) => Schema.is(named)(s) === Schema.is(annotated)(s)))
    })
  }

  it("closedEnum and openEnum", () => {
    const closed = closedEnum(["a", "b"], "E")
    const closedBefore = closedEnum(["a", "b"]).annotations({ identifier: "E" })
    expect(annotationValues(closed.ast)).toEqual(annotationValues(closedBefore.ast))
    expect(closed.ast._tag).toBe(closedBefore.ast._tag)
    expect(Schema.is(closed)("a")).toBe(true)
    expect(Schema.is(closed)("c")).toBe(false)
    const open = openEnum(["a", "b"], "E")
    const openBefore = openEnum(["a", "b"]).annotations({ identifier: "E" })
    expect(annotationValues(open.ast)).toEqual(annotationValues(openBefore.ast))
    expect(AST.getIdentifierAnnotation(open.ast)).toEqual(Option.some("E"))
  })

  it("struct: the same AST and the same class members as Schema.Struct(...).annotations(...)", () => {
    const fieldSets: ReadonlyArray<Schema.Struct.Fields> = [
      {},
      { A: Schema.String, B: Schema.optional(Schema.Number) },
      // Output structures: `null` members become absent, a Transformation AST.
      { A: Schema.String, B: Schema.optionalWith(Schema.String, { nullable: true }) }
    ]
    for (const fields of fieldSets) {
      const built = struct(fields, "S")
      const before = Schema.Struct(fields).annotations({ identifier: "S" })
      expect(built.ast).toEqual(before.ast)
      expect(built.ast._tag).toBe(before.ast._tag)
      expect(built.fields).toEqual(before.fields)
      expect(String(built)).toBe(String(before))
      expect(AST.getIdentifierAnnotation(built.ast)).toEqual(AST.getIdentifierAnnotation(before.ast))
    }
  })

  it("struct: each schema has annotations of its own", () => {
    const a = struct({ A: Schema.String }, "A")
    const b = struct({ A: Schema.String }, "B")
    const plain = Schema.Struct({ A: Schema.String })
    expect(AST.getIdentifierAnnotation(a.ast)).toEqual(Option.some("A"))
    expect(AST.getIdentifierAnnotation(b.ast)).toEqual(Option.some("B"))
    expect(Reflect.ownKeys(plain.ast.annotations)).toEqual([])
  })

  it("every generated schema is named", () => {
    for (const module of [CS, CC]) {
      for (const [name, value] of Object.entries(module)) {
        if (!Schema.isSchema(value)) continue
        const id = AST.getIdentifierAnnotation(value.ast)
        expect(id._tag, name).toBe("Some")
      }
    }
  })
})
