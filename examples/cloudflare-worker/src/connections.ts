/**
 * The Worker's operations on connections, as Effect programs over the client
 * Tag. The HTTP API and the Workflow both use them; they return plain,
 * serialisable values (a Workflow step's result is stored as is).
 */
import { CodeStarConnections, type Connection, type ProviderType } from "@effect-codestar/core/CodeStarConnections"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/** A connection as the Worker shows it. */
export interface ConnectionSummary {
  readonly connectionArn: string
  readonly connectionName: string
  readonly providerType: string
  /** `PENDING`, `AVAILABLE`, `ERROR`, or a status AWS added since. */
  readonly status: string
}

const summary = (c: Connection): ConnectionSummary => ({
  connectionArn: c.ConnectionArn ?? "",
  connectionName: c.ConnectionName ?? "",
  providerType: c.ProviderType ?? "",
  status: c.ConnectionStatus ?? "UNKNOWN"
})

/** What it takes to create a connection. */
export interface NewConnection {
  readonly connectionName: string
  readonly providerType: ProviderType
}

/** Every connection, across all pages. */
export const listConnections = Effect.gen(function*() {
  const client = yield* CodeStarConnections
  const all = yield* Stream.runCollect(client.listConnectionsItems())
  return Chunk.toReadonlyArray(Chunk.map(all, summary))
})

/** Creates a connection; it starts `PENDING` until someone completes the handshake in the console. */
export const createConnection = (input: NewConnection) =>
  Effect.gen(function*() {
    const client = yield* CodeStarConnections
    const { ConnectionArn } = yield* client.createConnection({
      ConnectionName: input.connectionName,
      ProviderType: input.providerType
    })
    return ConnectionArn
  })

/**
 * The ARN of the connection named `connectionName`, created if there is none.
 * CreateConnection has no idempotency token, so a retried step could create a
 * second connection; looking it up by name first makes a retry safe.
 */
export const ensureConnection = (input: NewConnection) =>
  Effect.gen(function*() {
    const client = yield* CodeStarConnections
    const existing = yield* Stream.runHead(
      Stream.filter(
        client.listConnectionsItems({ ProviderTypeFilter: input.providerType }),
        (c) => c.ConnectionName === input.connectionName && c.ConnectionArn !== undefined
      )
    )
    return yield* Option.match(Option.flatMap(existing, (c) => Option.fromNullable(c.ConnectionArn)), {
      onSome: Effect.succeed,
      onNone: () => createConnection(input)
    })
  })

/** One connection, with its status. */
export const getConnection = (connectionArn: string) =>
  Effect.gen(function*() {
    const client = yield* CodeStarConnections
    const { Connection } = yield* client.getConnection({ ConnectionArn: connectionArn })
    return summary({ ConnectionArn: connectionArn, ...Connection })
  })
