/**
 * The emulator's service shape, declared apart from the public module so that
 * the internal modules implementing it need not import the public one (which
 * imports them). `Emulator.ts` re-declares each under the same name.
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type { EmulatorControlError } from "./controlError.js"
import type { MalformedKind } from "./faults.js"
import type { EmulatorCredentials } from "./options.js"
import type { WireOutcome, WireRequest } from "./wire.js"

/** One service call the emulator received (control calls are not recorded). */
export interface CallRecord {
  readonly api: "codestar-connections" | "codeconnections"
  readonly operation: string
  /** The `x-amzn-requestid` the call was answered with. */
  readonly requestId: string
  /** The HTTP status answered, or `"dropped"` when the connection was dropped. */
  readonly status: number | "dropped"
  /** The error code answered (`x-amzn-errortype`), if the answer was an error. */
  readonly errorCode: string | undefined
  /** The client's `x-amz-user-agent` header, the one the AWS SDKs and our client fill in. */
  readonly amzUserAgent: string | undefined
  /** The client's `User-Agent` header. */
  readonly userAgent: string | undefined
  /**
   * What the call names, when its body names one: its `ConnectionArn`,
   * `HostArn`, `ResourceArn` or, for a create, `ConnectionName`/`Name`. Lets a
   * test count the calls made for one resource (polls of one connection).
   */
  readonly resource?: string | undefined
}

/** Restricts a fault to calls of one operation (e.g. `"GetConnection"`); by default it hits any call. */
export interface FaultTarget {
  readonly operation?: string | undefined
}

/**
 * An emulated account: its request handler and its control API. Control
 * methods act on the next calls in the order they were queued.
 */
export interface Emulator {
  /** The account id in ARNs. */
  readonly accountId: string
  /** Answers one wire request. Transports call this; tests rarely need to. */
  readonly handle: (request: WireRequest) => Effect.Effect<WireOutcome>

  /** Completes the provider handshake of a connection: `AVAILABLE`. */
  readonly completeHandshake: (connectionArn: string) => Effect.Effect<void, EmulatorControlError>
  /** Fails the provider handshake of a connection: `ERROR`. */
  readonly failHandshake: (connectionArn: string) => Effect.Effect<void, EmulatorControlError>
  /** Completes the setup of a host: `AVAILABLE`. */
  readonly completeHostSetup: (hostArn: string) => Effect.Effect<void, EmulatorControlError>
  /** Fails the setup of a host: `VPC_CONFIG_FAILED_INITIALIZATION`, with a status message. */
  readonly failHostSetup: (hostArn: string, message?: string) => Effect.Effect<void, EmulatorControlError>
  /** Moves the latest sync attempt of a resource (default SyncType `CFN_STACK_SYNC`). */
  readonly setSyncStatus: (options: {
    readonly resourceName: string
    readonly syncType?: string | undefined
    readonly status: "INITIATED" | "IN_PROGRESS" | "SUCCEEDED" | "FAILED"
  }) => Effect.Effect<void, EmulatorControlError>
  /** Adds an `ACTIVE` sync blocker to the sync configuration of a resource; returns its id. */
  readonly createSyncBlocker: (options: {
    readonly resourceName: string
    readonly syncType?: string | undefined
    readonly reason?: string | undefined
    readonly contexts?: ReadonlyArray<{ readonly Key: string; readonly Value: string }> | undefined
  }) => Effect.Effect<string, EmulatorControlError>

  /** Answers the next `count` calls with `ThrottlingException` ("Rate exceeded"), HTTP 400 unless `status` says otherwise. */
  readonly throttleNext: (
    count?: number,
    options?: FaultTarget & { readonly status?: number | undefined }
  ) => Effect.Effect<void>
  /**
   * Answers the next `count` calls (default 1) with an error status. The code
   * defaults to `InternalFailure` (500) or `ServiceUnavailable` (503); any
   * code can be given, e.g. a modeled error such as `UpdateOutOfSyncException`.
   */
  readonly failNext: (
    options: FaultTarget & {
      readonly status: number
      readonly count?: number | undefined
      readonly code?: string | undefined
      readonly message?: string | undefined
    }
  ) => Effect.Effect<void>
  /** Delays the answer of the next `count` calls (default 1), measured with the Effect `Clock`. */
  readonly delayNext: (
    delay: Duration.DurationInput,
    options?: FaultTarget & { readonly count?: number | undefined }
  ) => Effect.Effect<void>
  /**
   * Answers the next `count` calls (default 1) with a broken body: `"json"`
   * (HTTP 200, not JSON), `"truncated"` (the headers announce the whole body,
   * half of it arrives, then the connection breaks) or `"html"` (a gateway's
   * HTML error page, HTTP 502 by default).
   */
  readonly malformedNext: (
    kind: MalformedKind,
    options?: FaultTarget & { readonly count?: number | undefined; readonly status?: number | undefined }
  ) => Effect.Effect<void>
  /**
   * Drops the next `count` calls without an answer: the server destroys the
   * socket; the in-process client fails with a transport error.
   */
  readonly dropNext: (count?: number, options?: FaultTarget) => Effect.Effect<void>
  /** Forgets every queued fault and delay. */
  readonly clearFaults: () => Effect.Effect<void>
  /**
   * Sets the server clock to run `millis` ahead (negative: behind) of the
   * Effect `Clock`. It shows in the `Date` header and in the signature date check.
   */
  readonly skewClock: (millis: number) => Effect.Effect<void>
  /** The server clock, skew included. */
  readonly serverTime: Effect.Effect<Date>

  /** Service calls received, of one operation or in total (failed and faulted calls included). */
  readonly callCount: (operation?: string) => Effect.Effect<number>
  /** Every service call received and how it was answered, oldest first. */
  readonly calls: Effect.Effect<ReadonlyArray<CallRecord>>
  /** Accepts one more access key. */
  readonly addCredentials: (credentials: EmulatorCredentials) => Effect.Effect<void>
  /** Back to the initial state: no resources, faults, counters or skew; only the configured credentials. */
  readonly reset: () => Effect.Effect<void>
  /** Runs a control action by name with JSON arguments, as `POST /_emulator/<action>` does. */
  readonly control: (action: string, body: unknown) => Effect.Effect<unknown, EmulatorControlError>
}
