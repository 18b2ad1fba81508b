/**
 * The part of the Smithy JSON AST this generator understands, decoded with
 * Schema so that a model outside that part fails loudly instead of generating
 * something subtly wrong.
 */
import * as Schema from "effect/Schema"

const Target = Schema.Struct({ target: Schema.String })

const Traits = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const Member = Schema.Struct({
  target: Schema.String,
  traits: Schema.optional(Traits)
})

const ShapeType = Schema.Literal(
  "service",
  "operation",
  "structure",
  "list",
  "enum",
  "string",
  "integer",
  "timestamp",
  "resource",
  // Kinds that this service does not use; the generator rejects them with a clear message.
  "blob",
  "boolean",
  "byte",
  "short",
  "long",
  "float",
  "double",
  "bigInteger",
  "bigDecimal",
  "document",
  "map",
  "set",
  "union",
  "intEnum"
)

export const Shape = Schema.Struct({
  type: ShapeType,
  version: Schema.optional(Schema.String),
  operations: Schema.optional(Schema.Array(Target)),
  resources: Schema.optional(Schema.Array(Target)),
  input: Schema.optional(Target),
  output: Schema.optional(Target),
  errors: Schema.optional(Schema.Array(Target)),
  members: Schema.optional(Schema.Record({ key: Schema.String, value: Member })),
  member: Schema.optional(Member),
  traits: Schema.optional(Traits)
})
export type Shape = typeof Shape.Type

export const Model = Schema.Struct({
  smithy: Schema.String,
  shapes: Schema.Record({ key: Schema.String, value: Shape })
})
export type Model = typeof Model.Type

// Traits, each decoded on its own so that an unexpected form names the trait.

export const LengthTrait = Schema.Struct({ min: Schema.optional(Schema.Number), max: Schema.optional(Schema.Number) })
export const RangeTrait = LengthTrait
export const PaginatedTrait = Schema.Struct({
  inputToken: Schema.optional(Schema.String),
  outputToken: Schema.optional(Schema.String),
  pageSize: Schema.optional(Schema.String),
  items: Schema.optional(Schema.String)
})
export const ServiceTrait = Schema.Struct({
  sdkId: Schema.String,
  endpointPrefix: Schema.optional(Schema.String),
  arnNamespace: Schema.optional(Schema.String)
})
export const SigV4Trait = Schema.Struct({ name: Schema.String })
export const EndpointTestsTrait = Schema.Struct({
  version: Schema.String,
  testCases: Schema.Array(Schema.Struct({
    params: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Boolean) })),
    expect: Schema.Union(
      Schema.Struct({ endpoint: Schema.Struct({ url: Schema.String }) }),
      Schema.Struct({ error: Schema.String })
    )
  }))
})
