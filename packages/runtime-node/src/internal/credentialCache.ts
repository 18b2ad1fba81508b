/**
 * A credentials cache with refresh ahead of expiry. Temporary credentials
 * (roles, SSO, containers, instances) expire, typically after an hour; the
 * cache fetches new ones a few minutes before, in the background, while
 * calls keep signing with the still-valid ones. Only when there are none, or
 * they have expired, do callers wait, and then all of them wait for the same
 * single fetch. The fetch runs in the layer's scope, so a caller that is
 * interrupted does not cancel it for the others.
 *
 * Every fetch is bounded: a provider that hangs (a `credential_process`
 * waiting on something that never comes, an unreachable metadata endpoint)
 * fails after the timeout, is interrupted (ending the processes it started),
 * and the next call starts a fresh fetch. A fetch still running when the
 * layer's scope closes is interrupted the same way.
 */
import { type AwsCredentialIdentity, CredentialsUnavailable } from "@effect-codestar/core/AwsCredentials"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import type * as Scope from "effect/Scope"

interface Cached {
  readonly identity: AwsCredentialIdentity
  /** When to start fetching new credentials (ms since the epoch). */
  readonly refreshAtMs: number
  /** When these stop being usable. */
  readonly expiresAtMs: number
}

/** How long to wait before trying again after a failed background refresh. */
const retryRefreshAfterMs = 30_000

/**
 * When to refresh: `refreshWindowMs` before expiry, but for credentials that
 * live shorter than the window, at half their remaining life, so that they
 * are neither refreshed on every call nor used up.
 */
const schedule = (identity: AwsCredentialIdentity, nowMs: number, refreshWindowMs: number): Cached => {
  if (identity.expiration === undefined) return { identity, refreshAtMs: Infinity, expiresAtMs: Infinity }
  const expiresAtMs = identity.expiration.getTime()
  const refreshAtMs = Math.max(expiresAtMs - refreshWindowMs, nowMs + (expiresAtMs - nowMs) / 2)
  return { identity, refreshAtMs, expiresAtMs }
}

/** Thirty seconds: how long one credential fetch may take before it is given up. */
export const defaultFetchTimeoutMs = 30_000

/** How a fetch is bounded and named. */
export interface FetchLimits {
  /** The provider's name, for messages. */
  readonly source: string
  /** How long one fetch may take. */
  readonly timeoutMs: number
}

/** Caches what `fetch` returns; the returned `get` is what `AwsCredentials` asks. */
export const cached = (
  fetch: Effect.Effect<AwsCredentialIdentity, CredentialsUnavailable>,
  refreshWindowMs: number,
  limits: FetchLimits = { source: "credential provider", timeoutMs: defaultFetchTimeoutMs }
): Effect.Effect<Effect.Effect<AwsCredentialIdentity, CredentialsUnavailable>, never, Scope.Scope> =>
  Effect.map(Effect.scope, (scope) => {
    let current: Cached | undefined
    let inflight: Deferred.Deferred<AwsCredentialIdentity, CredentialsUnavailable> | undefined

    /** Starts one fetch unless one is running; synchronous, so two callers cannot both start one. */
    const startFetch = (): Effect.Effect<Deferred.Deferred<AwsCredentialIdentity, CredentialsUnavailable>> =>
      Effect.suspend(() => {
        if (inflight !== undefined) return Effect.succeed(inflight)
        const deferred = Deferred.unsafeMake<AwsCredentialIdentity, CredentialsUnavailable>(FiberId.none)
        inflight = deferred
        const bounded = Effect.timeoutFail(fetch, {
          duration: Duration.millis(limits.timeoutMs),
          onTimeout: () =>
            new CredentialsUnavailable({
              message: `${limits.source}: no answer within ${Duration.format(Duration.millis(limits.timeoutMs))}`
            })
        })
        const run = Effect.exit(bounded).pipe(
          Effect.flatMap((exit) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) => {
              inflight = undefined
              if (Exit.isSuccess(exit)) {
                current = schedule(exit.value, now, refreshWindowMs)
                return Deferred.succeed(deferred, exit.value)
              }
              // A failed background refresh keeps the still-valid credentials and tries again later.
              if (current !== undefined && now < current.expiresAtMs) {
                current = { ...current, refreshAtMs: Math.min(current.expiresAtMs, now + retryRefreshAfterMs) }
                return Deferred.succeed(deferred, current.identity)
              }
              return Deferred.done(deferred, exit)
            })
          ),
          // Interrupted (the layer's scope closed): callers still waiting get an error, not a hang.
          Effect.onInterrupt(() =>
            Effect.suspend(() => {
              if (inflight === deferred) inflight = undefined
              return Deferred.fail(
                deferred,
                new CredentialsUnavailable({ message: `${limits.source}: stopped, the client was closed` })
              )
            })
          ),
          Effect.interruptible
        )
        return Effect.as(Effect.forkIn(run, scope), deferred)
      })

    return Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const c = current
      if (c !== undefined && now < c.refreshAtMs) return Effect.succeed(c.identity)
      if (c !== undefined && now < c.expiresAtMs) {
        // Still valid: refresh in the background and sign with these meanwhile.
        return Effect.as(startFetch(), c.identity)
      }
      return Effect.flatMap(startFetch(), Deferred.await)
    })
  })

/**
 * Provider failures whose text is fixed by the AWS SDK and says something
 * useful without quoting anything of the user's.
 */
const knownReasons: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /^Could not load credentials from any providers\.?$/,
    "no credentials found (environment, shared files, SSO, container, instance metadata)"
  ]
]

/**
 * The error when a provider fails. A provider's own text can carry secrets
 * (exec quotes a `credential_process` command line, passwords included), so
 * the message is the provider's name and a fixed reason: the error's class
 * name, or a known fixed text of the SDK. `details: true` (an opt-in of the
 * user) appends the provider's text, cut and cleaned of long secret-looking
 * runs.
 */
export const unavailable = (source: string, error: unknown, details = false): CredentialsUnavailable => {
  const rawMessage = error instanceof Error ? error.message : ""
  const name = error instanceof Error && /^[A-Za-z][A-Za-z0-9]{0,40}$/.test(error.name) ? error.name : "Error"
  const known = knownReasons.find(([pattern]) => pattern.test(rawMessage))
  const reason = known === undefined ? `the provider failed (${name})` : known[1]
  if (!details) return new CredentialsUnavailable({ message: `${source}: ${reason}` })
  const cleaned = `${name}: ${rawMessage}`.replace(/[A-Za-z0-9/+=]{32,}/g, "<redacted>").replace(/\s+/g, " ").trim()
  return new CredentialsUnavailable({
    message: `${source}: ${reason}: ${cleaned.length > 300 ? `${cleaned.slice(0, 300)}…` : cleaned}`
  })
}
