/**
 * The intermediate model: what the emitter needs to know about one service,
 * resolved from the Smithy AST (names without namespaces, traits decoded,
 * which shapes are reached from inputs and which from outputs).
 */
import * as Schema from "effect/Schema"
import {
  EndpointTestsTrait,
  LengthTrait,
  type Model,
  PaginatedTrait,
  RangeTrait,
  ServiceTrait,
  type Shape,
  SigV4Trait
} from "./smithy.js"

export class CodegenError extends Error {
  override readonly name = "CodegenError"
}

export interface Bounds {
  readonly min?: number | undefined
  readonly max?: number | undefined
}

export type SimpleShape =
  | { readonly kind: "string"; readonly name: string; readonly length?: Bounds; readonly pattern?: string }
  | { readonly kind: "integer"; readonly name: string; readonly range?: Bounds }
  | { readonly kind: "timestamp"; readonly name: string }
  | { readonly kind: "enum"; readonly name: string; readonly values: ReadonlyArray<string> }

export interface ListShape {
  readonly kind: "list"
  readonly name: string
  readonly member: string
  readonly length?: Bounds
}

export interface StructureMember {
  readonly name: string
  readonly target: string
  readonly required: boolean
}

export interface StructureShape {
  readonly kind: "structure"
  readonly name: string
  readonly members: ReadonlyArray<StructureMember>
  readonly error?: { readonly fault: "client" | "server"; readonly status: number }
}

export type IrShape = SimpleShape | ListShape | StructureShape

export interface IrOperation {
  readonly name: string
  readonly input: string
  readonly output: string
  readonly errors: ReadonlyArray<string>
  /**
   * Whether sending the request twice has the effect of sending it once, so
   * that a retry after an ambiguous failure (a timeout, a broken connection)
   * is safe. See `isIdempotent`.
   */
  readonly idempotent: boolean
  readonly pagination?: {
    readonly inputToken: string
    readonly outputToken: string
    readonly pageSize?: string
    readonly items?: string
  }
}

export interface IrEndpointTest {
  readonly params: Readonly<Record<string, string | boolean>>
  readonly expect: { readonly url: string } | { readonly error: string }
}

export interface IrService {
  readonly shapeName: string
  readonly version: string
  readonly sdkId: string
  readonly signingName: string
  readonly endpointPrefix: string
  readonly targetPrefix: string
  readonly operations: ReadonlyArray<IrOperation>
  /** Every shape the operations reach, in dependency order (a shape after what it refers to). */
  readonly shapes: ReadonlyArray<IrShape>
  readonly inputShapes: ReadonlySet<string>
  readonly outputShapes: ReadonlySet<string>
  readonly errors: ReadonlyArray<string>
  readonly endpointTests: ReadonlyArray<IrEndpointTest>
}

const localName = (id: string): string => {
  const i = id.indexOf("#")
  return i < 0 ? id : id.slice(i + 1)
}

const decodeTrait = <A, I>(schema: Schema.Schema<A, I>, value: unknown, where: string): A => {
  try {
    return Schema.decodeUnknownSync(schema)(value)
  } catch (e) {
    throw new CodegenError(`${where}: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/**
 * Smithy marks operations that are safe to repeat with `@readonly` or
 * `@idempotent`. The CodeStar Connections and CodeConnections models carry
 * neither trait on any operation, although their reads follow the AWS naming
 * rule (`Get...`, `List...`) and have no side effects; treating every read as
 * unsafe would stop the client from retrying a timed-out poll. So an
 * operation counts as idempotent when the model says so, or when its name
 * says it is a read. Everything else (creates, updates, deletes, tagging) is
 * not, and the client does not repeat it after an ambiguous failure.
 */
const isIdempotent = (name: string, op: { readonly traits?: Readonly<Record<string, unknown>> | undefined }): boolean =>
  trait(op, "smithy.api#readonly") !== undefined || trait(op, "smithy.api#idempotent") !== undefined ||
  /^(?:Get|List|Describe)[A-Z]/.test(name)

const trait = (shape: { readonly traits?: Readonly<Record<string, unknown>> | undefined }, id: string): unknown =>
  shape.traits?.[id]

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Resolves the one service in a model into the intermediate model. */
export const buildService = (model: Model): IrService => {
  const services = Object.entries(model.shapes).filter(([, s]) => s.type === "service")
  if (services.length !== 1) {
    throw new CodegenError(`expected exactly one service shape, found ${services.length}`)
  }
  const [serviceId, service] = services[0]!
  const get = (id: string): Shape => {
    const shape = model.shapes[id]
    if (shape === undefined) throw new CodegenError(`shape ${id} is referenced but not defined`)
    return shape
  }

  const serviceTrait = decodeTrait(ServiceTrait, trait(service, "aws.api#service"), `${serviceId} aws.api#service`)
  const sigv4 = decodeTrait(SigV4Trait, trait(service, "aws.auth#sigv4"), `${serviceId} aws.auth#sigv4`)
  if (trait(service, "aws.protocols#awsJson1_0") === undefined) {
    throw new CodegenError(`${serviceId}: only the awsJson1_0 protocol is supported`)
  }
  if ((service.resources ?? []).length > 0) {
    throw new CodegenError(`${serviceId}: resources are not supported`)
  }

  const shapes = new Map<string, IrShape>()
  const names = new Map<string, string>()
  const inputShapes = new Set<string>()
  const outputShapes = new Set<string>()

  /** Visits a shape (and what it refers to) in depth-first post-order, so dependencies come first. */
  const order: Array<string> = []
  const visiting = new Set<string>()
  const visit = (id: string, direction: Set<string>): string => {
    if (id.startsWith("smithy.api#")) throw new CodegenError(`prelude shape ${id} is not supported as a member target`)
    const name = localName(id)
    const known = names.get(name)
    if (known !== undefined && known !== id) {
      throw new CodegenError(`two shapes share the name ${name}: ${known}, ${id}`)
    }
    names.set(name, id)
    const alreadyInDirection = direction.has(name)
    direction.add(name)
    if (visiting.has(id)) throw new CodegenError(`recursive shape ${id} is not supported`)
    if (shapes.has(name)) {
      if (alreadyInDirection) return name
    }
    visiting.add(id)
    const shape = get(id)
    const where = id
    let ir: IrShape
    switch (shape.type) {
      case "string": {
        const length = trait(shape, "smithy.api#length")
        const pattern = trait(shape, "smithy.api#pattern")
        ir = {
          kind: "string",
          name,
          ...(length === undefined ? {} : { length: decodeTrait(LengthTrait, length, `${where} length`) }),
          ...(pattern === undefined ? {} : { pattern: decodeTrait(Schema.String, pattern, `${where} pattern`) })
        }
        break
      }
      case "integer": {
        const range = trait(shape, "smithy.api#range")
        ir = {
          kind: "integer",
          name,
          ...(range === undefined ? {} : { range: decodeTrait(RangeTrait, range, `${where} range`) })
        }
        break
      }
      case "timestamp": {
        if (trait(shape, "smithy.api#timestampFormat") !== undefined) {
          throw new CodegenError(`${where}: @timestampFormat is not supported`)
        }
        ir = { kind: "timestamp", name }
        break
      }
      case "enum": {
        const values = Object.entries(shape.members ?? {}).map(([memberName, member]) => {
          const value = trait(member, "smithy.api#enumValue")
          return value === undefined
            ? memberName
            : decodeTrait(Schema.String, value, `${where}$${memberName} enumValue`)
        })
        if (values.length === 0) throw new CodegenError(`${where}: enum without members`)
        ir = { kind: "enum", name, values }
        break
      }
      case "list": {
        if (shape.member === undefined) throw new CodegenError(`${where}: list without member`)
        if (trait(shape, "smithy.api#sparse") !== undefined) {
          throw new CodegenError(`${where}: sparse lists are not supported`)
        }
        const member = visit(shape.member.target, direction)
        const length = trait(shape, "smithy.api#length")
        ir = {
          kind: "list",
          name,
          member,
          ...(length === undefined ? {} : { length: decodeTrait(LengthTrait, length, `${where} length`) })
        }
        break
      }
      case "structure": {
        const members = Object.entries(shape.members ?? {}).map(([memberName, member]): StructureMember => ({
          name: memberName,
          target: visit(member.target, direction),
          required: trait(member, "smithy.api#required") !== undefined
        }))
        const fault = trait(shape, "smithy.api#error")
        const status = trait(shape, "smithy.api#httpError")
        ir = {
          kind: "structure",
          name,
          members,
          ...(fault === undefined ? {} : {
            error: {
              fault: decodeTrait(Schema.Literal("client", "server"), fault, `${where} error`),
              status: status === undefined
                ? (fault === "server" ? 500 : 400)
                : decodeTrait(Schema.Number, status, `${where} httpError`)
            }
          })
        }
        break
      }
      default:
        throw new CodegenError(`${where}: shapes of type ${shape.type} are not supported by this generator`)
    }
    visiting.delete(id)
    if (!shapes.has(name)) order.push(name)
    shapes.set(name, ir)
    return name
  }

  const operations: Array<IrOperation> = []
  const errorNames = new Set<string>()
  const operationIds = [...(service.operations ?? [])].map((t) => t.target).sort((a, b) =>
    byName(localName(a), localName(b))
  )
  for (const opId of operationIds) {
    const op = get(opId)
    if (op.type !== "operation") throw new CodegenError(`${opId} is not an operation`)
    if (op.input === undefined || op.output === undefined) {
      throw new CodegenError(`${opId}: operations without an input or output structure are not supported`)
    }
    const input = visit(op.input.target, inputShapes)
    const output = visit(op.output.target, outputShapes)
    const errors = (op.errors ?? []).map((e) => visit(e.target, outputShapes)).sort(byName)
    errors.forEach((e) => errorNames.add(e))
    const paginatedRaw = trait(op, "smithy.api#paginated")
    let pagination: IrOperation["pagination"]
    if (paginatedRaw !== undefined) {
      const p = decodeTrait(PaginatedTrait, paginatedRaw, `${opId} paginated`)
      if (p.inputToken === undefined || p.outputToken === undefined) {
        throw new CodegenError(`${opId}: pagination without tokens is not supported`)
      }
      // The trait may leave `items` out; the result list is then the output's only list member.
      let items = p.items
      if (items === undefined) {
        const outShape = shapes.get(output)
        const lists = outShape?.kind === "structure"
          ? outShape.members.filter((m) => shapes.get(m.target)?.kind === "list")
          : []
        if (lists.length === 1) items = lists[0]!.name
      }
      pagination = {
        inputToken: p.inputToken,
        outputToken: p.outputToken,
        ...(p.pageSize === undefined ? {} : { pageSize: p.pageSize }),
        ...(items === undefined ? {} : { items })
      }
    }
    operations.push({
      name: localName(opId),
      input,
      output,
      errors,
      idempotent: isIdempotent(localName(opId), op),
      ...(pagination ? { pagination } : {})
    })
  }

  for (const name of errorNames) {
    const s = shapes.get(name)
    if (s?.kind !== "structure" || s.error === undefined) {
      throw new CodegenError(`${name} is used as an error but has no @error trait`)
    }
  }
  for (const name of order) {
    const s = shapes.get(name)
    if (s?.kind === "structure" && inputShapes.has(name) && outputShapes.has(name) && shapes.has(`${name}Output`)) {
      throw new CodegenError(
        `${name} is used in inputs and outputs, and ${name}Output is already taken for its output form`
      )
    }
  }

  const testsRaw = trait(service, "smithy.rules#endpointTests")
  const endpointTests: Array<IrEndpointTest> = testsRaw === undefined
    ? []
    : decodeTrait(EndpointTestsTrait, testsRaw, `${serviceId} endpointTests`).testCases.map((t) => ({
      params: t.params ?? {},
      expect: "endpoint" in t.expect ? { url: t.expect.endpoint.url } : { error: t.expect.error }
    }))

  const shapeName = localName(serviceId)
  return {
    shapeName,
    version: service.version ?? "",
    sdkId: serviceTrait.sdkId,
    signingName: sigv4.name,
    endpointPrefix: serviceTrait.endpointPrefix ?? sigv4.name,
    targetPrefix: shapeName,
    operations,
    shapes: order.map((n) => shapes.get(n)!),
    inputShapes,
    outputShapes,
    errors: [...errorNames].sort(byName),
    endpointTests
  }
}
