/**
 * What the workflows need of a service client, and which of its errors are
 * worth another try. Both clients (CodeStar Connections and CodeConnections)
 * fit: they differ only in their Tag and in the classes of their modeled
 * errors, which the workflows keep so that a caller can still tell them
 * apart with `instanceof`.
 */
import * as AwsError from "@effect-codestar/core/AwsError"
import type {
  CreateConnectionInput,
  GetRepositorySyncStatusInput,
  GetResourceSyncStatusInput,
  ListConnectionsInput
} from "@effect-codestar/core/CodeStarConnections"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"

/** A connection as a client returns it: every member may be absent. */
export interface ConnectionLike {
  readonly ConnectionName?: string | undefined
  readonly ConnectionArn?: string | undefined
  readonly ProviderType?: string | undefined
  readonly OwnerAccountId?: string | undefined
  readonly ConnectionStatus?: string | undefined
  readonly HostArn?: string | undefined
}

/** A host as GetHost returns it: every member may be absent. */
export interface HostLike {
  readonly Name?: string | undefined
  readonly Status?: string | undefined
  readonly ProviderType?: string | undefined
  readonly ProviderEndpoint?: string | undefined
}

/** What a sync status call returns, as far as the waits need it. */
export interface SyncStatusLike {
  readonly LatestSync: { readonly Status: string }
}

/**
 * The methods the workflows call, with `E` the errors of the connection and
 * host calls. The sync status calls model errors of their own (their own
 * throttling and access classes, `InvalidInputException`, ...): `SE`, kept
 * open so that either client fits.
 */
export interface ConnectionsClient<E, SE = unknown> {
  readonly getRepositorySyncStatus: (input: GetRepositorySyncStatusInput) => Effect.Effect<SyncStatusLike, SE>
  readonly getResourceSyncStatus: (input: GetResourceSyncStatusInput) => Effect.Effect<SyncStatusLike, SE>
  readonly createConnection: (input: CreateConnectionInput) => Effect.Effect<{ readonly ConnectionArn: string }, E>
  readonly getConnection: (
    input: { readonly ConnectionArn: string }
  ) => Effect.Effect<{ readonly Connection?: ConnectionLike | undefined }, E>
  readonly listConnectionsItems: (input?: ListConnectionsInput) => Stream.Stream<ConnectionLike, E>
  readonly getHost: (input: { readonly HostArn: string }) => Effect.Effect<HostLike, E>
  readonly listTagsForResource: (
    input: { readonly ResourceArn: string }
  ) => Effect.Effect<{ readonly Tags?: ReadonlyArray<{ readonly Key: string; readonly Value: string }> | undefined }, E>
}

/** The modeled errors of the calls the workflows make, as the service's own classes. */
export interface ModeledErrors<LE, NF, RU> {
  readonly LimitExceededException: LE
  readonly ResourceNotFoundException: NF
  readonly ResourceUnavailableException: RU
}

/** Every error a call of the workflows may fail with. */
export type ClientError<
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
> =
  | Schema.Schema.Type<LE>
  | Schema.Schema.Type<NF>
  | Schema.Schema.Type<RU>
  | AwsError.CommonAwsError
  | AwsError.AwsServiceError
  | AwsError.AwsRequestError

/** A service the workflows can run against. */
export interface ServiceDefinition<
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
> {
  /** Prefixes the workflow names, so that workflows of both services can share one engine. */
  readonly name: string
  readonly tag: Context.Tag<Id, Client>
  readonly errors: ModeledErrors<LE, NF, RU>
}

/** The schema of `ClientError`, so that a call's failure can be stored and decoded again. */
export const clientErrorSchema = <
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(errors: ModeledErrors<LE, NF, RU>) =>
  Schema.Union(
    errors.LimitExceededException,
    errors.ResourceNotFoundException,
    errors.ResourceUnavailableException,
    ...AwsError.commonErrors,
    AwsError.AwsServiceError,
    AwsError.AwsRequestError
  )

/**
 * Whether a failed call may succeed if tried again: throttling, faults on
 * the AWS side, and requests that never got an answer. Everything else
 * (access, credentials, quotas, a missing resource, a bad input) will fail
 * the same way again.
 */
export const isTransient = (error: unknown): boolean => {
  if (
    error instanceof AwsError.ThrottlingException || error instanceof AwsError.InternalFailure ||
    error instanceof AwsError.ServiceUnavailable
  ) return true
  if (error instanceof AwsError.AwsServiceError) return error.status >= 500 || error.status === 429
  if (error instanceof AwsError.AwsRequestError) return error.reason === "Transport" || error.reason === "Timeout"
  // The sync calls model their own InternalServerException and ThrottlingException classes.
  return Predicate.isTagged(error, "InternalServerException") || Predicate.isTagged(error, "ThrottlingException")
}

/**
 * Whether a failed call may have been processed by the service all the same:
 * the attempt timed out, or its connection broke once the request was out.
 * The client does not repeat a create after such a failure (see
 * `Retry.RetryOptions.retryAmbiguous`); the create step looks for what it may
 * have made instead.
 */
export const isAmbiguous = (error: unknown): boolean =>
  error instanceof AwsError.AwsRequestError && (error.reason === "Timeout" || error.reason === "Transport")

/** A short description of an error for the record of a poll. */
export const describe = (error: unknown): string => {
  const tag = Predicate.hasProperty(error, "_tag") && typeof error._tag === "string" ? error._tag : "Error"
  const message = error instanceof Error ? error.message : ""
  return message === "" ? tag : `${tag}: ${message}`
}

/**
 * Retries transient failures `times` times, by exponential backoff from
 * `base` (doubling, capped at one minute). These sleeps happen inside one
 * activity: if the process stops during them, the activity runs again.
 */
export const retryTransient =
  (times: number, base: Duration.DurationInput) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.retry(effect, {
      times,
      while: isTransient,
      schedule: Schedule.exponential(base, 2).pipe(Schedule.either(Schedule.spaced(Duration.minutes(1))))
    })
