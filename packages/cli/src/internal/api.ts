/**
 * What the command line needs from one API version: its client (built from
 * the same Node configuration as `NodeCodeStarConnections.layer`), its
 * generated command table and its waiters. `CodeStarConnections.ts` and
 * `CodeConnections.ts` in this folder fill it in for each version.
 */
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import type * as Waiters from "@effect-codestar/core/Waiters"
import type { NodeClientOptions } from "@effect-codestar/runtime-node/NodeConfig"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { type CallError, type InputInvalid, inputIssues, type OperationCommand } from "./commandTable.js"

/** What the progress display learns from each poll. */
export interface PollHooks {
  readonly onPoll: (status: string | undefined, poll: number) => Effect.Effect<void>
  readonly options: Omit<Waiters.WaiterOptions<unknown>, "onPoll">
}

/** One waiter as a command: which operation it polls (its flags are that operation's) and how. */
export interface WaitCommand<Svc> {
  /** e.g. `connection-available`. */
  readonly name: string
  /** The polled operation, e.g. `GetConnection`. */
  readonly operation: string
  /** The member given as the positional argument, if any (`ConnectionArn`). */
  readonly positional: { readonly member: string; readonly name: string } | undefined
  /** Required members whose type allows a single value, which then need not be given (`SyncType`). */
  readonly defaults: Readonly<Record<string, string>>
  /** Names the resource in progress lines. */
  readonly label: (input: Readonly<Record<string, unknown>>) => string
  /** The status waited for, which the final line reports (so no change line is printed for it). */
  readonly success: string
  /** Decodes the input with the operation's schema and waits; the resource reached is the success value. */
  readonly wait: (client: Svc, input: unknown, hooks: PollHooks) => Effect.Effect<unknown, CallError | InputInvalid>
}

/** One API version as the command line sees it. */
export interface Api<Svc> {
  /** The bin's name, e.g. `codestar-connections`. */
  readonly bin: string
  /** e.g. `AWS CodeStar Connections (API 2019-12-01)`. */
  readonly title: string
  /** Runs `f` with a client configured from `options`, the environment and the profile. */
  readonly withClient: <A, E, R>(
    options: NodeClientOptions,
    f: (client: Svc) => Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | ConfigError.ConfigError | EndpointError, R>
  readonly commands: ReadonlyArray<OperationCommand<Svc>>
  readonly waiters: ReadonlyArray<WaitCommand<Svc>>
}

/** A waiter over an operation's input schema, its type erased for the list. */
export const waitCommand = <Svc, I, IE, E extends CallError>(
  spec: {
    readonly name: string
    readonly operation: { readonly name: string; readonly input: Schema.Schema<I, IE> }
    readonly positional?: { readonly member: string; readonly name: string }
    readonly defaults?: Readonly<Record<string, string>>
    readonly label: (input: Readonly<Record<string, unknown>>) => string
    readonly success: string
    readonly wait: (client: Svc, input: I, hooks: PollHooks) => Effect.Effect<unknown, E>
  }
): WaitCommand<Svc> => {
  const decode = Schema.decodeUnknown(spec.operation.input, { errors: "all", onExcessProperty: "error" })
  return {
    name: spec.name,
    operation: spec.operation.name,
    positional: spec.positional,
    defaults: spec.defaults ?? {},
    label: spec.label,
    success: spec.success,
    wait: (client, input, hooks) =>
      Effect.flatMap(Effect.mapError(decode(input), inputIssues), (decoded) => spec.wait(client, decoded, hooks))
  }
}

const text = (input: Readonly<Record<string, unknown>>, member: string): string => {
  const value = input[member]
  return typeof value === "string" ? value : "?"
}

/** The labels the four waiters use in progress lines. */
export const labels = {
  connection: (input: Readonly<Record<string, unknown>>) => `connection ${text(input, "ConnectionArn")}`,
  host: (input: Readonly<Record<string, unknown>>) => `host ${text(input, "HostArn")}`,
  repositorySync: (input: Readonly<Record<string, unknown>>) =>
    `repository sync of ${text(input, "RepositoryLinkId")} branch ${text(input, "Branch")}`,
  resourceSync: (input: Readonly<Record<string, unknown>>) => `resource sync of ${text(input, "ResourceName")}`
}
