/**
 * The command line of AWS CodeStar Connections (API 2019-12-01): the
 * `codestar-connections` bin.
 *
 * @since 0.1.0
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import * as Op from "@effect-codestar/core/CodeStarConnections/operations"
import * as Waiters from "@effect-codestar/core/Waiters"
import * as NodeCodeStarConnections from "@effect-codestar/runtime-node/NodeCodeStarConnections"
import * as Effect from "effect/Effect"
import { commands } from "./generated/codestar-connections/commands.js"
import { type Api, labels, waitCommand } from "./internal/api.js"

type Client = CodeStarConnections.Service

/**
 * Everything the `codestar-connections` bin offers.
 *
 * @since 0.1.0
 * @category utils
 */
export const api: Api<Client> = {
  bin: "codestar-connections",
  title: "AWS CodeStar Connections (API 2019-12-01)",
  withClient: (options, f) =>
    Effect.flatMap(CodeStarConnections, f).pipe(Effect.provide(NodeCodeStarConnections.layer(options))),
  commands,
  waiters: [
    waitCommand({
      name: "connection-available",
      operation: Op.GetConnection,
      positional: { member: "ConnectionArn", name: "ARN" },
      label: labels.connection,
      success: "AVAILABLE",
      wait: (client: Client, input, hooks) =>
        Waiters.waitUntilConnectionAvailable(client, input, {
          ...hooks.options,
          onPoll: (c, poll) => hooks.onPoll(c.ConnectionStatus, poll)
        })
    }),
    waitCommand({
      name: "host-available",
      operation: Op.GetHost,
      positional: { member: "HostArn", name: "ARN" },
      label: labels.host,
      success: "AVAILABLE",
      wait: (client: Client, input, hooks) =>
        Waiters.waitUntilHostAvailable(client, input, {
          ...hooks.options,
          onPoll: (h, poll) => hooks.onPoll(h.Status, poll)
        })
    }),
    waitCommand({
      name: "repository-sync-succeeded",
      operation: Op.GetRepositorySyncStatus,
      defaults: { SyncType: "CFN_STACK_SYNC" },
      label: labels.repositorySync,
      success: "SUCCEEDED",
      wait: (client: Client, input, hooks) =>
        Waiters.waitUntilRepositorySyncSucceeded(client, input, {
          ...hooks.options,
          onPoll: (a, poll) => hooks.onPoll(a.Status, poll)
        })
    }),
    waitCommand({
      name: "resource-sync-succeeded",
      operation: Op.GetResourceSyncStatus,
      defaults: { SyncType: "CFN_STACK_SYNC" },
      label: labels.resourceSync,
      success: "SUCCEEDED",
      wait: (client: Client, input, hooks) =>
        Waiters.waitUntilResourceSyncSucceeded(client, input, {
          ...hooks.options,
          onPoll: (a, poll) => hooks.onPoll(a.Status, poll)
        })
    })
  ]
}
