/**
 * Waiters: poll until a resource reaches the state you need. The model ships
 * none; these are ours. Each returns the resource narrowed to the success
 * state, fails with `WaiterFailureState` on a failure state (or keeps polling,
 * if you say so), with `WaiterTimeout` after the maximum wait, and with the
 * poll's own typed error otherwise (a connection deleted during the wait gives
 * `ResourceNotFoundException`). Throttled polls back off instead of failing.
 *
 * Defaults: the first poll at once, then the longest interval that still
 * sees a change within max(2 s, a tenth of the time waited so far), never
 * more than 90 s: every 2 s for the first 20 s, then each interval 10%
 * longer, 90 s from about the 15th minute on. That is 80 polls in the first
 * hour and 40 in each hour after (a wait for a person to finish a handshake
 * can take hours). Intervals count from the start of each poll, so slow
 * answers do not stretch them. The only jitter is a random 0 to 4.5 s taken
 * off the first 90 s interval, which is what the first hour's budget leaves:
 * it puts waiters started together on different 90 s phases. A throttled poll
 * waits at least as long as the schedule says, and longer after each
 * throttle in a row. At most 20 minutes by default (`maxWait`).
 *
 * They work with either client (`CodeStarConnections` or `CodeConnections`),
 * and with just the one method they poll, such as the `getConnection` of a
 * per-operation runner (`makeRunner`), so that a Worker waiting for a
 * connection carries GetConnection and nothing else:
 * `waitUntilConnectionAvailable({ getConnection: run(GetConnection) }, { ConnectionArn })`.
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
import { type WaiterFailureState, type WaiterOptions, type WaiterTimeout, waitFor } from "./internal/waiter.js"

export {
  /**
   * The default waiting schedule and limits (documented in the module).
   *
   * @since 0.1.0
   * @category defaults
   */
  defaults,
  /**
   * The gap before the next poll under the default rule, given the time waited so far.
   *
   * @since 0.1.0
   * @category defaults
   */
  nextGap,
  /**
   * The resource reached a state the wait cannot end well from (a connection in `ERROR`, a failed sync).
   *
   * @since 0.1.0
   * @category errors
   */
  WaiterFailureState,
  /**
   * How long and how often to wait, and what to do on a failure state.
   *
   * @since 0.1.0
   * @category models
   */
  type WaiterOptions,
  /**
   * The maximum wait ran out before the resource reached the state waited for.
   *
   * @since 0.1.0
   * @category errors
   */
  WaiterTimeout
} from "./internal/waiter.js"

/**
 * A connection with its status known to be `S`.
 *
 * @since 0.1.0
 * @category models
 */
export type WithStatus<C, K extends string, S extends string> = C & { readonly [P in K]: S }

/**
 * Waits until a connection is `AVAILABLE`; `ERROR` is its failure state.
 * `client` is either client, or any object with the `getConnection` it polls
 * (`{ getConnection: run(GetConnection) }` from a per-operation runner).
 *
 * @since 0.1.0
 * @category waiters
 */
export const waitUntilConnectionAvailable = <C extends { readonly ConnectionStatus?: string | undefined }, E>(
  client: {
    readonly getConnection: (
      input: { readonly ConnectionArn: string }
    ) => Effect.Effect<{ readonly Connection?: C | undefined }, E>
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
 *
 * @since 0.1.0
 * @category waiters
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

/**
 * Waits until the latest sync of a repository branch has `SUCCEEDED`; `FAILED` is its failure state.
 *
 * @since 0.1.0
 * @category waiters
 */
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

/**
 * Waits until the latest sync of a resource has `SUCCEEDED`; `FAILED` is its failure state.
 *
 * @since 0.1.0
 * @category waiters
 */
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
