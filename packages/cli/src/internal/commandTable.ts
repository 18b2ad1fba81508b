/**
 * What the generated command table is made of. The generator
 * (tools/codegen) emits one `command(...)` per operation with one flag per
 * input member; everything here is hand-written and the same for both API
 * versions.
 *
 * The table binds each operation descriptor to its client method in typed
 * code (`(client) => client.getConnection`), so the command line calls
 * exactly what a program would, without looking methods up by name.
 */
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/** How a member is read from the command line: the shape of its model type. */
export type FlagType =
  | { readonly kind: "string" }
  | { readonly kind: "integer" }
  | { readonly kind: "timestamp" }
  | { readonly kind: "enum"; readonly values: ReadonlyArray<string> }
  | { readonly kind: "list"; readonly item: FlagType }
  | { readonly kind: "structure"; readonly members: ReadonlyArray<StructureMember> }

/** A member of a structure flag (for shorthand such as `Key=a,Value=b`). */
export interface StructureMember {
  readonly member: string
  readonly required: boolean
  readonly type: FlagType
}

/** One top-level input member and its flag. */
export interface Flag extends StructureMember {
  /** The flag without dashes, e.g. `connection-arn`. */
  readonly flag: string
}

/** Paging as the model states it (generated into the command table). */
export interface Pagination {
  readonly inputToken: string
  readonly outputToken: string
  readonly pageSize?: string | undefined
  readonly items?: string | undefined
}

/** The failures a call can end with: every one is a tagged error with a message. */
export interface CallError {
  readonly _tag: string
  readonly message: string
}

/**
 * The input did not decode with the operation's schema. `issues` keep the
 * member path (`Tags[0].Key`) so that the message can name the flag.
 */
export class InputInvalid extends Schema.TaggedError<InputInvalid>()("InputInvalid", {
  issues: Schema.Array(
    Schema.Struct({ path: Schema.Array(Schema.Union(Schema.String, Schema.Number)), message: Schema.String })
  )
}) {
  override get message(): string {
    return this.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
  }
}

/** One operation as a command, its types erased so that the commands of a service fit one list. */
export interface OperationCommand<Svc> {
  /** The operation's name in the model, e.g. `GetConnection`. */
  readonly operation: string
  /** The command's name, e.g. `get-connection`. */
  readonly name: string
  /** The operation's page in the AWS API reference. */
  readonly reference: string
  readonly flags: ReadonlyArray<Flag>
  readonly pagination: Pagination | undefined
  /**
   * Decodes `input` (wire form, as in `--cli-input-json`) with the
   * operation's input schema, then calls the method. Nothing is sent when the
   * input does not decode.
   */
  readonly call: (client: Svc, input: unknown) => Effect.Effect<unknown, CallError | InputInvalid>
}

/**
 * The broken constraints of an input, each with its member path. An optional
 * member is a union with `undefined`, so a present but invalid value also
 * fails the `undefined` branch; that branch says nothing useful and is left out.
 */
export const inputIssues = (error: ParseResult.ParseError): InputInvalid =>
  new InputInvalid({
    issues: ParseResult.ArrayFormatter.formatErrorSync(error)
      .filter((issue) => !issue.message.startsWith("Expected undefined, actual"))
      .map((issue) => ({
        path: issue.path.map((key) => typeof key === "number" ? key : String(key)),
        message: issue.message
      }))
  })

/** Used by the generated table: one operation, its command name and its flags. */
export const command = <Svc, I, IE, O, E extends CallError>(
  operation: { readonly name: string; readonly input: Schema.Schema<I, IE> },
  names: { readonly name: string; readonly reference: string; readonly pagination: Pagination | undefined },
  method: (client: Svc) => (input: I) => Effect.Effect<O, E>,
  flags: ReadonlyArray<Flag>
): OperationCommand<Svc> => {
  const decode = Schema.decodeUnknown(operation.input, { errors: "all", onExcessProperty: "error" })
  return {
    operation: operation.name,
    name: names.name,
    reference: names.reference,
    flags,
    pagination: names.pagination,
    call: (client, input) =>
      Effect.flatMap(Effect.mapError(decode(input), inputIssues), (decoded) => method(client)(decoded))
  }
}
