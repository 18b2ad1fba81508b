/**
 * The emulator itself: the state of one emulated account and the request
 * pipeline every transport feeds into:
 *
 * route by `X-Amz-Target` -> count -> injected delay -> injected fault ->
 * SigV4 -> lazy lifecycle step -> decode, handle, encode -> frame the answer.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { arnKey, uuid } from "./arn.js"
import { runControl } from "./control.js"
import { EmulatorControlError } from "./controlError.js"
import { ApiError, serialization, unknownOperation } from "./errors.js"
import {
  defaultFailCode,
  defaultFailMessage,
  Fault,
  FaultQueue,
  htmlPage,
  malformedJson,
  truncatedBody
} from "./faults.js"
import type { CallRecord, Emulator } from "./model.js"
import { type EmulatorCredentials, type EmulatorOptions, resolveOptions, testCredentials } from "./options.js"
import { type Route, routeOf } from "./router.js"
import { verify } from "./sigv4.js"
import { finishSync, Store, syncConfigurationKey } from "./state.js"
import { baseHeaders, errorReply, reply, type WireOutcome, type WireRequest } from "./wire.js"

const controlError = (message: string) => new EmulatorControlError({ message })

const strictUtf8 = new TextDecoder("utf-8", { fatal: true })

/** The JSON object in a request body; an empty body counts as `{}`. */
const resourceMembers = ["ConnectionArn", "HostArn", "ResourceArn", "ConnectionName", "Name"] as const

/** The first member of `resourceMembers` in a request body, for the call record. */
const resourceOf = (body: Uint8Array): string | undefined => {
  const parsed = parseBody(body)
  if (Either.isLeft(parsed)) return undefined
  const value = parsed.right
  if (typeof value !== "object" || value === null) return undefined
  for (const member of resourceMembers) {
    const found: unknown = member in value ? Reflect.get(value, member) : undefined
    if (typeof found === "string") return found
  }
  return undefined
}

const parseBody = (body: Uint8Array): Either.Either<unknown, ApiError> => {
  let text: string
  try {
    text = strictUtf8.decode(body)
  } catch {
    return Either.left(serialization("The request body is not valid UTF-8."))
  }
  if (text.trim() === "") return Either.right({})
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? Either.right(value)
      : Either.left(serialization("The request body must be a JSON object."))
  } catch {
    return Either.left(serialization("The request body is not valid JSON."))
  }
}

const faultOutcome = (fault: Fault, headers: Readonly<Record<string, string>>): WireOutcome =>
  Fault.$match(fault, {
    Throttle: ({ status }) =>
      errorReply(new ApiError({ code: "ThrottlingException", message: "Rate exceeded", status }), headers),
    Fail: ({ code, message, status }) => errorReply(new ApiError({ code, message, status }), headers),
    Malformed: ({ kind, status }): WireOutcome => {
      switch (kind) {
        case "json":
          return reply(status, headers, malformedJson)
        case "truncated":
          return { _tag: "Reply", response: { status, headers, body: truncatedBody, truncate: true } }
        case "html":
          return reply(status, { ...headers, "content-type": "text/html; charset=utf-8" }, htmlPage(status))
      }
    },
    Drop: (): WireOutcome => ({ _tag: "Drop" })
  })

export const make = (options: EmulatorOptions = {}): Effect.Effect<Emulator> =>
  Effect.sync(() => {
    const resolved = resolveOptions(options)
    const initialCredentials: ReadonlyArray<EmulatorCredentials> = [testCredentials, ...(options.credentials ?? [])]
    const credentials = new Map<string, EmulatorCredentials>()
    const store = new Store()
    const faults = new FaultQueue<Fault>()
    const delays = new FaultQueue<number>()
    const counters = new Map<string, number>()
    const calls: Array<CallRecord> = []
    let skewMillis = 0

    const resetAll = () => {
      credentials.clear()
      for (const c of initialCredentials) credentials.set(c.accessKeyId, c)
      store.clear()
      faults.clear()
      delays.clear()
      counters.clear()
      calls.length = 0
      skewMillis = 0
    }
    resetAll()

    /** Runs a route on a request that reached it: faults, authentication, then the operation. */
    const serve = (route: Route, request: WireRequest, now: number, headers: Readonly<Record<string, string>>) =>
      Effect.gen(function*() {
        const delay = delays.take(route.operation)
        if (delay !== undefined) yield* Effect.sleep(Duration.millis(delay))
        const fault = faults.take(route.operation)
        if (fault !== undefined) return faultOutcome(fault, headers)
        const verified = yield* verify(request, {
          credentials,
          signingName: route.api.signingName,
          serverNow: now + skewMillis,
          toleranceMillis: resolved.signatureToleranceMillis,
          acceptAnyCredentials: resolved.acceptAnyCredentials
        })
        const body = yield* parseBody(request.body)
        store.advance(now)
        const output = yield* route.run(body, {
          api: route.api,
          region: verified.region,
          now,
          store,
          options: resolved
        })
        return reply(200, headers, JSON.stringify(output))
      }).pipe(Effect.catchTag("ApiError", (error) => Effect.succeed(errorReply(error, headers))))

    const handle = (request: WireRequest): Effect.Effect<WireOutcome> =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const requestId = uuid()
        const headers = baseHeaders(requestId, now + skewMillis)
        const target = request.headers["x-amz-target"]
        const route = target === undefined ? undefined : routeOf(target)
        if (route === undefined || request.method !== "POST") {
          return errorReply(
            unknownOperation(
              target === undefined
                ? "The request has no X-Amz-Target header."
                : request.method !== "POST"
                ? `Operations are called with POST, not ${request.method}.`
                : `Unknown operation ${target}.`
            ),
            headers
          )
        }
        counters.set(route.operation, (counters.get(route.operation) ?? 0) + 1)
        const outcome = yield* serve(route, request, now, headers).pipe(
          Effect.catchAllDefect((defect) =>
            Effect.succeed(errorReply(
              new ApiError({ code: "InternalFailure", message: `The emulator failed: ${String(defect)}`, status: 500 }),
              headers
            ))
          )
        )
        const named = resourceOf(request.body)
        calls.push({
          ...(named === undefined ? {} : { resource: named }),
          api: route.api.id,
          operation: route.operation,
          requestId,
          status: outcome._tag === "Drop" ? "dropped" : outcome.response.status,
          errorCode: outcome._tag === "Drop" ? undefined : outcome.response.headers["x-amzn-errortype"],
          amzUserAgent: request.headers["x-amz-user-agent"],
          userAgent: request.headers["user-agent"]
        })
        return outcome
      })

    /** A lifecycle control step on the current state. */
    const step = <A>(f: (now: number) => A): Effect.Effect<A> =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        store.advance(now)
        return f(now)
      })

    const stepOrFail = <A>(f: (now: number) => A | EmulatorControlError): Effect.Effect<A, EmulatorControlError> =>
      Effect.flatMap(step(f), (r) => r instanceof EmulatorControlError ? Effect.fail(r) : Effect.succeed(r))

    const setConnectionStatus = (arn: string, status: "AVAILABLE" | "ERROR") =>
      stepOrFail(() => {
        const connection = store.connections.get(arnKey(arn))
        if (connection === undefined) return controlError(`No connection ${arn}`)
        connection.status = status
        connection.autoCompleteAt = undefined
        return undefined
      })

    const setHostStatus = (arn: string, status: string, message: string | undefined) =>
      stepOrFail(() => {
        const host = store.hosts.get(arnKey(arn))
        if (host === undefined) return controlError(`No host ${arn}`)
        host.status = status
        host.statusMessage = message
        host.autoCompleteAt = undefined
        return undefined
      })

    const syncConfiguration = (resourceName: string, syncType: string | undefined) =>
      store.syncConfigurations.get(syncConfigurationKey(syncType ?? "CFN_STACK_SYNC", resourceName))

    const emulator: Emulator = {
      accountId: resolved.accountId,
      handle,
      completeHandshake: (arn) => setConnectionStatus(arn, "AVAILABLE"),
      failHandshake: (arn) => setConnectionStatus(arn, "ERROR"),
      completeHostSetup: (arn) => setHostStatus(arn, "AVAILABLE", undefined),
      failHostSetup: (arn, message) =>
        setHostStatus(
          arn,
          "VPC_CONFIG_FAILED_INITIALIZATION",
          message ?? "The VPC configuration of the host could not be set up."
        ),
      setSyncStatus: ({ resourceName, status, syncType }) =>
        stepOrFail((now) => {
          const config = syncConfiguration(resourceName, syncType)
          if (config === undefined) return controlError(`No sync configuration for ${resourceName}`)
          finishSync(config, status, now)
          return undefined
        }),
      createSyncBlocker: ({ contexts, reason, resourceName, syncType }) =>
        stepOrFail((now) => {
          const config = syncConfiguration(resourceName, syncType)
          if (config === undefined) return controlError(`No sync configuration for ${resourceName}`)
          const id = uuid()
          config.blockers.push({
            id,
            createdReason: reason ?? "The latest deployment of the resource failed.",
            createdAt: now,
            contexts: contexts ?? [],
            status: "ACTIVE",
            resolvedReason: undefined,
            resolvedAt: undefined
          })
          return id
        }),
      throttleNext: (count = 1, opts) =>
        Effect.sync(() => faults.add(Fault.Throttle({ status: opts?.status ?? 400 }), count, opts?.operation)),
      failNext: ({ code, count, message, operation, status }) =>
        Effect.sync(() =>
          faults.add(
            Fault.Fail({
              status,
              code: code ?? defaultFailCode(status),
              message: message ?? defaultFailMessage(status)
            }),
            count ?? 1,
            operation
          )
        ),
      delayNext: (delay, opts) =>
        Effect.sync(() => delays.add(Duration.toMillis(Duration.decode(delay)), opts?.count ?? 1, opts?.operation)),
      malformedNext: (kind, opts) =>
        Effect.sync(() =>
          faults.add(
            Fault.Malformed({ kind, status: opts?.status ?? (kind === "html" ? 502 : 200) }),
            opts?.count ?? 1,
            opts?.operation
          )
        ),
      dropNext: (count = 1, opts) => Effect.sync(() => faults.add(Fault.Drop(), count, opts?.operation)),
      clearFaults: () =>
        Effect.sync(() => {
          faults.clear()
          delays.clear()
        }),
      skewClock: (millis) =>
        Effect.sync(() => {
          skewMillis = millis
        }),
      serverTime: Effect.map(Clock.currentTimeMillis, (now) => new Date(now + skewMillis)),
      callCount: (operation) =>
        Effect.sync(() =>
          operation === undefined
            ? Array.from(counters.values()).reduce((a, b) => a + b, 0)
            : counters.get(operation) ?? 0
        ),
      calls: Effect.sync(() => calls.slice()),
      addCredentials: (c) =>
        Effect.sync(() => {
          credentials.set(c.accessKeyId, c)
        }),
      reset: () => Effect.sync(resetAll),
      control: (action, body) => runControl(emulator, action, body)
    }
    return emulator
  })
