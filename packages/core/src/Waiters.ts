/**
 * Waiters: poll until a resource reaches the state you need. The model ships
 * none; these are ours. Each returns the resource narrowed to the success
 * state, fails with `WaiterFailureState` on a failure state (or keeps polling,
 * if you say so), with `WaiterTimeout` after the maximum wait, and with the
 * poll's own typed error otherwise (a connection deleted during the wait gives
 * `ResourceNotFoundException`). Throttled polls back off instead of failing.
 *
 * Defaults: first poll at once, then exponential intervals from 2 s by 1.5,
 * capped at 30 s, jittered by ±20%, for at most 20 minutes. A connection
 * handshake is finished by a person in the console, so a wait of minutes is
 * normal; the growing interval keeps such a wait to a few dozen calls.
 *
 * They work with either client (`CodeStarConnections` or `CodeConnections`).
 *
 * ```ts
 * const connection = yield* Waiters.waitUntilConnectionAvailable(client, { ConnectionArn }, {
 *   onPoll: (c) => Console.log(`status: ${c.ConnectionStatus}`)
 * })
 * connection.ConnectionStatus // "AVAILABLE"
 * ```
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import { waitFor, type WaiterFailureState, type WaiterOptions, type WaiterTimeout } from "./internal/waiter.js"

export { defaults, defaultSchedule, WaiterFailureState, type WaiterOptions, WaiterTimeout } from "./internal/waiter.js"

/** A connection with its status known to be `S`. */
export type WithStatus<C, K extends string, S extends string> = C & { readonly [P in K]: S }

/** Waits until a connection is `AVAILABLE`; `ERROR` is its failure state. */
export const waitUntilConnectionAvailable = <C extends { readonly ConnectionStatus?: string | undefined }, E>(
  client: {
    readonly getConnection: (input: { readonly ConnectionArn: string }) => Effect.Effect<{ readonly Connection?: C | undefined }, E>
  },
  input: { readonly ConnectionArn: string },
  options?: WaiterOptions<C>
): Effect.Effect<WithStatus<C, "ConnectionStatus", "AVAILABLE">, E | WaiterTimeout | WaiterFailureState> =>
  waitFor({
    resource: `connection ${input.ConnectionArn}`,
    poll: client.getConnection(input),
    observe: (output) => output.Connection,
    status: (c) => c.ConnectionStatus,
    isSuccess: (c): c is WithStatus<C, "ConnectionStatus", "AVAILABLE"> => c.ConnectionStatus === "AVAILABLE",
    failureStatuses: new Set(["ERROR"])
  }, options)

/**
 * Waits until a host is `AVAILABLE`. `VPC_CONFIG_FAILED_INITIALIZATION` and
 * `VPC_CONFIG_DELETING` are its failure states.
 */
export const waitUntilHostAvailable = <H extends { readonly Status?: string | undefined }, E>(
  client: { readonly getHost: (input: { readonly HostArn: string }) => Effect.Effect<H, E> },
  input: { readonly HostArn: string },
  options?: WaiterOptions<H>
): Effect.Effect<WithStatus<H, "Status", "AVAILABLE">, E | WaiterTimeout | WaiterFailureState> =>
  waitFor({
    resource: `host ${input.HostArn}`,
    poll: client.getHost(input),
    observe: (host) => host,
    status: (h) => h.Status,
    isSuccess: (h): h is WithStatus<H, "Status", "AVAILABLE"> => h.Status === "AVAILABLE",
    failureStatuses: new Set(["VPC_CONFIG_FAILED_INITIALIZATION", "VPC_CONFIG_DELETING"])
  }, options)

/** Waits until the latest sync of a repository branch has `SUCCEEDED`; `FAILED` is its failure state. */
export const waitUntilRepositorySyncSucceeded = <
  A extends { readonly Status: string },
  I extends { readonly Branch: string; readonly RepositoryLinkId: string },
  E
>(
  client: { readonly getRepositorySyncStatus: (input: I) => Effect.Effect<{ readonly LatestSync: A }, E> },
  input: I,
  options?: WaiterOptions<A>
): Effect.Effect<WithStatus<A, "Status", "SUCCEEDED">, E | WaiterTimeout | WaiterFailureState> =>
  waitFor({
    resource: `repository sync of ${input.RepositoryLinkId} branch ${input.Branch}`,
    poll: client.getRepositorySyncStatus(input),
    observe: (output) => output.LatestSync,
    status: (a) => a.Status,
    isSuccess: (a): a is WithStatus<A, "Status", "SUCCEEDED"> => a.Status === "SUCCEEDED",
    failureStatuses: new Set(["FAILED"])
  }, options)

/** Waits until the latest sync of a resource has `SUCCEEDED`; `FAILED` is its failure state. */
export const waitUntilResourceSyncSucceeded = <
  A extends { readonly Status: string },
  I extends { readonly ResourceName: string },
  E
>(
  client: { readonly getResourceSyncStatus: (input: I) => Effect.Effect<{ readonly LatestSync: A }, E> },
  input: I,
  options?: WaiterOptions<A>
): Effect.Effect<WithStatus<A, "Status", "SUCCEEDED">, E | WaiterTimeout | WaiterFailureState> =>
  waitFor({
    resource: `resource sync of ${input.ResourceName}`,
    poll: client.getResourceSyncStatus(input),
    observe: (output) => output.LatestSync,
    status: (a) => a.Status,
    isSuccess: (a): a is WithStatus<A, "Status", "SUCCEEDED"> => a.Status === "SUCCEEDED",
    failureStatuses: new Set(["FAILED"])
  }, options)
