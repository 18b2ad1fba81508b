/**
 * The control API as named actions with JSON arguments: what
 * `POST /_emulator/<action>` runs on the loopback server, and what
 * `emulator.control(action, body)` runs in-process. Each action is one method
 * of the emulator; arguments are decoded with Schema.
 */
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { EmulatorControlError } from "./controlError.js"
import type { Emulator } from "./model.js"
import { testCredentials } from "./options.js"
import { operationNames } from "./router.js"

type Action = (emulator: Emulator, body: unknown) => Effect.Effect<unknown, EmulatorControlError>

const action = <A, I>(
  schema: Schema.Schema<A, I>,
  run: (emulator: Emulator, args: A) => Effect.Effect<unknown, EmulatorControlError>
): Action => {
  const decode = Schema.decodeUnknown(schema, { onExcessProperty: "error" })
  return (emulator, body) =>
    decode(body ?? {}).pipe(
      Effect.mapError((e) =>
        new EmulatorControlError({ message: `Invalid arguments: ${ParseResult.TreeFormatter.formatErrorSync(e)}` })
      ),
      Effect.flatMap((args) => run(emulator, args))
    )
}

const done = Effect.as({ ok: true })

const Count = Schema.optional(Schema.Int.pipe(Schema.nonNegative()))
const Operation = Schema.optional(Schema.String)
const Status = Schema.Int.pipe(Schema.between(100, 599))
const Arn = Schema.Struct({ arn: Schema.String })

const actions: Readonly<Record<string, Action>> = {
  completeHandshake: action(Arn, (e, a) => done(e.completeHandshake(a.arn))),
  failHandshake: action(Arn, (e, a) => done(e.failHandshake(a.arn))),
  completeHostSetup: action(Arn, (e, a) => done(e.completeHostSetup(a.arn))),
  failHostSetup: action(
    Schema.Struct({ arn: Schema.String, message: Schema.optional(Schema.String) }),
    (e, a) => done(e.failHostSetup(a.arn, a.message))
  ),
  setSyncStatus: action(
    Schema.Struct({
      resourceName: Schema.String,
      syncType: Schema.optional(Schema.String),
      status: Schema.Literal("INITIATED", "IN_PROGRESS", "SUCCEEDED", "FAILED")
    }),
    (e, a) => done(e.setSyncStatus(a))
  ),
  createSyncBlocker: action(
    Schema.Struct({
      resourceName: Schema.String,
      syncType: Schema.optional(Schema.String),
      reason: Schema.optional(Schema.String),
      contexts: Schema.optional(Schema.Array(Schema.Struct({ Key: Schema.String, Value: Schema.String })))
    }),
    (e, a) => Effect.map(e.createSyncBlocker(a), (id) => ({ id }))
  ),
  throttleNext: action(
    Schema.Struct({ count: Count, operation: Operation, status: Schema.optional(Status) }),
    (e, a) => done(e.throttleNext(a.count ?? 1, a))
  ),
  failNext: action(
    Schema.Struct({
      status: Status,
      count: Count,
      code: Schema.optional(Schema.String),
      message: Schema.optional(Schema.String),
      operation: Operation
    }),
    (e, a) => done(e.failNext(a))
  ),
  delayNext: action(
    Schema.Struct({ ms: Schema.Number.pipe(Schema.nonNegative()), count: Count, operation: Operation }),
    (e, a) => done(e.delayNext(a.ms, a))
  ),
  malformedNext: action(
    Schema.Struct({
      kind: Schema.Literal("json", "truncated", "html"),
      count: Count,
      status: Schema.optional(Status),
      operation: Operation
    }),
    (e, a) => done(e.malformedNext(a.kind, a))
  ),
  dropNext: action(
    Schema.Struct({ count: Count, operation: Operation }),
    (e, a) => done(e.dropNext(a.count ?? 1, a))
  ),
  clearFaults: action(Schema.Struct({}), (e) => done(e.clearFaults())),
  skewClock: action(Schema.Struct({ ms: Schema.Number }), (e, a) => done(e.skewClock(a.ms))),
  serverTime: action(Schema.Struct({}), (e) => Effect.map(e.serverTime, (d) => ({ serverTime: d.toISOString() }))),
  callCount: action(
    Schema.Struct({ operation: Operation }),
    (e, a) => Effect.map(e.callCount(a.operation), (count) => ({ count }))
  ),
  calls: action(Schema.Struct({}), (e) => Effect.map(e.calls, (calls) => ({ calls }))),
  addCredentials: action(
    Schema.Struct({
      accessKeyId: Schema.String,
      secretAccessKey: Schema.String,
      sessionToken: Schema.optional(Schema.String)
    }),
    (e, a) => done(e.addCredentials(a))
  ),
  reset: action(Schema.Struct({}), (e) => done(e.reset())),
  info: action(Schema.Struct({}), (e) =>
    Effect.succeed({
      accountId: e.accountId,
      credentials: { accessKeyId: testCredentials.accessKeyId, secretAccessKey: testCredentials.secretAccessKey },
      operations: operationNames
    }))
}

/** The names of all control actions. */
export const controlActions: ReadonlyArray<string> = Object.keys(actions)

/** Runs a control action by name. */
export const runControl = (
  emulator: Emulator,
  name: string,
  body: unknown
): Effect.Effect<unknown, EmulatorControlError> => {
  const run = Object.hasOwn(actions, name) ? actions[name] : undefined
  return run === undefined
    ? Effect.fail(
      new EmulatorControlError({ message: `Unknown control action ${name}; known: ${controlActions.join(", ")}` })
    )
    : run(emulator, body)
}
