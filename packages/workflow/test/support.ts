/**
 * A small stand-in for the service, over an in-memory HttpClient: just the
 * three calls the workflows make (CreateConnection, GetConnection and a
 * paginated ListConnections), with connections that stay PENDING until the
 * test says otherwise, per-operation call counts, the time of every poll, and
 * queued faults. The test signer and static credentials isolate the workflows
 * from signing.
 */
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { AwsSigner } from "@effect-codestar/core/AwsSigner"
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

export const region = "us-east-1"
export const account = "123456789012"

/** A canned error answer: the awsJson 1.0 error shape. */
export interface Fault {
  readonly status: number
  readonly code: string
  readonly message?: string
}

export const throttled: Fault = { status: 400, code: "ThrottlingException", message: "Rate exceeded" }
export const serverError: Fault = { status: 500, code: "InternalFailure", message: "boom" }
export const limitExceeded: Fault = { status: 400, code: "LimitExceededException", message: "too many connections" }
export const accessDenied: Fault = { status: 400, code: "AccessDeniedException", message: "not allowed" }

interface StoredConnection {
  ConnectionName: string
  ConnectionArn: string
  ProviderType: string | undefined
  HostArn: string | undefined
  OwnerAccountId: string
  ConnectionStatus: "PENDING" | "AVAILABLE" | "ERROR"
  Tags?: ReadonlyArray<{ readonly Key: string; readonly Value: string }>
}

/**
 * A request whose answer is lost (the connection breaks): the service
 * processes it after `processedAfterMs` of clock time, or never (`undefined`:
 * it was lost on the way in).
 */
export interface Lost {
  readonly processedAfterMs: number | undefined
}

/** The fake service: its HTTP layer and the controls a test uses. */
export const makeFakeService = (options: { readonly pageSize?: number } = {}) => {
  const pageSize = options.pageSize ?? 2
  const connections: Array<StoredConnection> = []
  const calls = new Map<string, number>()
  const targets: Array<string> = []
  const pollTimes: Array<number> = []
  const faults = new Map<string, Array<Fault>>()
  const lost = new Map<string, Array<Lost>>()
  const hosts = new Map<string, { Name: string; Status: string; ProviderType: string }>()
  /** Latest sync status by `repo:<link>:<branch>` or `resource:<name>`. */
  const syncs = new Map<string, string>()
  const syncReply = (key: string): readonly [number, unknown] => {
    const status = syncs.get(key)
    if (status === undefined) return [400, { __type: "ResourceNotFoundException", Message: `no sync for ${key}` }]
    const revision = {
      Branch: "main",
      Directory: "stack.yaml",
      OwnerId: "owner",
      RepositoryName: "repo",
      ProviderType: "GitHub",
      Sha: "abc123"
    }
    // A resource sync attempt also names its revisions and target; a repository one ignores them.
    return [200, {
      LatestSync: {
        Status: status,
        StartedAt: 1_700_000_000,
        Events: [],
        InitialRevision: revision,
        TargetRevision: revision,
        Target: "my-stack"
      }
    }]
  }
  let nextId = 1

  const reply = (request: Parameters<typeof HttpClientResponse.fromWeb>[0], status: number, body: unknown) =>
    HttpClientResponse.fromWeb(
      request,
      new Response(JSON.stringify(body), {
        status,
        headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": `req-${targets.length}` }
      })
    )

  const view = (c: StoredConnection) => ({
    ConnectionName: c.ConnectionName,
    ConnectionArn: c.ConnectionArn,
    ProviderType: c.ProviderType,
    OwnerAccountId: c.OwnerAccountId,
    ConnectionStatus: c.ConnectionStatus,
    ...(c.HostArn === undefined ? {} : { HostArn: c.HostArn })
  })

  const str = (body: Record<string, unknown>, key: string): string | undefined => {
    const value = body[key]
    return typeof value === "string" ? value : undefined
  }

  const handle = (operation: string, body: Record<string, unknown>, service: string): readonly [number, unknown] => {
    switch (operation) {
      case "CreateConnection": {
        const arn = `arn:aws:${service}:${region}:${account}:connection/conn-${nextId++}`
        const tags = Array.isArray(body["Tags"])
          ? body["Tags"].flatMap((t: unknown) =>
            typeof t === "object" && t !== null && "Key" in t && "Value" in t && typeof t.Key === "string" &&
              typeof t.Value === "string"
              ? [{ Key: t.Key, Value: t.Value }]
              : []
          )
          : []
        connections.push({
          ConnectionName: str(body, "ConnectionName") ?? "",
          ConnectionArn: arn,
          ProviderType: str(body, "ProviderType"),
          HostArn: str(body, "HostArn"),
          OwnerAccountId: account,
          ConnectionStatus: "PENDING",
          Tags: tags
        })
        return [200, { ConnectionArn: arn }]
      }
      case "GetConnection": {
        const found = connections.find((c) => c.ConnectionArn === str(body, "ConnectionArn"))
        if (found === undefined) {
          return [400, { __type: "ResourceNotFoundException", Message: "Connection not found" }]
        }
        return [200, { Connection: view(found) }]
      }
      case "GetRepositorySyncStatus":
        return syncReply(`repo:${str(body, "RepositoryLinkId")}:${str(body, "Branch")}`)
      case "GetResourceSyncStatus":
        return syncReply(`resource:${str(body, "ResourceName")}`)
      case "GetHost": {
        const host = hosts.get(str(body, "HostArn") ?? "")
        if (host === undefined) return [400, { __type: "ResourceNotFoundException", Message: "Host not found" }]
        return [200, host]
      }
      case "ListTagsForResource": {
        const found = connections.find((c) => c.ConnectionArn === str(body, "ResourceArn"))
        if (found === undefined) return [400, { __type: "ResourceNotFoundException", Message: "no such resource" }]
        return [200, { Tags: found.Tags ?? [] }]
      }
      case "ListConnections": {
        const start = Number(str(body, "NextToken") ?? "0")
        const page = connections.slice(start, start + pageSize).map(view)
        const next = start + pageSize < connections.length ? { NextToken: String(start + pageSize) } : {}
        return [200, { Connections: page, ...next }]
      }
      default:
        return [400, { __type: "UnknownOperationException" }]
    }
  }

  const client = HttpClient.make((request) =>
    Effect.gen(function*() {
      const target = request.headers["x-amz-target"] ?? ""
      const [prefix = "", operation = ""] = target.split(".")
      targets.push(target)
      calls.set(operation, (calls.get(operation) ?? 0) + 1)
      if (operation === "GetConnection") pollTimes.push(yield* Clock.currentTimeMillis)
      const fault = faults.get(operation)?.shift()
      if (fault !== undefined) {
        return reply(request, fault.status, { __type: fault.code, message: fault.message ?? fault.code })
      }
      const text = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : "{}"
      const parsed: unknown = JSON.parse(text === "" ? "{}" : text)
      const body: Record<string, unknown> = typeof parsed === "object" && parsed !== null ? { ...parsed } : {}
      const service = prefix.startsWith("CodeConnections") ? "codeconnections" : "codestar-connections"
      const lostOne = lost.get(operation)?.shift()
      if (lostOne !== undefined) {
        if (lostOne.processedAfterMs !== undefined) {
          yield* Effect.forkDaemon(
            Effect.sleep(lostOne.processedAfterMs).pipe(
              Effect.zipRight(Effect.sync(() => handle(operation, body, service)))
            )
          )
        }
        return yield* new HttpClientError.RequestError({ request, reason: "Transport", description: "socket hang up" })
      }
      const [status, answer] = handle(operation, body, service)
      return reply(request, status, answer)
    })
  )

  const setStatus = (arn: string, status: StoredConnection["ConnectionStatus"]) => {
    const found = connections.find((c) => c.ConnectionArn === arn)
    if (found === undefined) throw new Error(`no connection ${arn}`)
    found.ConnectionStatus = status
  }

  return {
    /** The HttpClient of both clients. */
    http: Layer.succeed(HttpClient.HttpClient, client),
    /** Calls per operation name. */
    count: (operation: string): number => calls.get(operation) ?? 0,
    /** Every `X-Amz-Target` received, in order. */
    targets,
    /** The clock time of each GetConnection. */
    pollTimes,
    connections: (): ReadonlyArray<StoredConnection> => connections,
    /** Adds a connection as if made elsewhere, e.g. by an earlier run. */
    seed: (connection: Omit<StoredConnection, "ConnectionArn" | "OwnerAccountId">): string => {
      const arn = `arn:aws:codestar-connections:${region}:${account}:connection/seed-${nextId++}`
      connections.push({ ...connection, ConnectionArn: arn, OwnerAccountId: account })
      return arn
    },
    /** Sets the latest sync status of `repo:<link>:<branch>` or `resource:<name>`. */
    setSync: (key: string, status: string) => {
      syncs.set(key, status)
    },
    /** Adds a host in `status`; returns its ARN. */
    seedHost: (name: string, status: string): string => {
      const arn = `arn:aws:codestar-connections:${region}:${account}:host/${name}-${nextId++}`
      hosts.set(arn, { Name: name, Status: status, ProviderType: "GitHubEnterpriseServer" })
      return arn
    },
    setHostStatus: (arn: string, status: string) => {
      const host = hosts.get(arn)
      if (host === undefined) throw new Error(`no host ${arn}`)
      host.Status = status
    },
    complete: (arn: string) => setStatus(arn, "AVAILABLE"),
    fail: (arn: string) => setStatus(arn, "ERROR"),
    /** The next calls of `operation` lose their answers, one each (see `Lost`). */
    lose: (operation: string, ...queued: ReadonlyArray<Lost>) => {
      lost.set(operation, [...(lost.get(operation) ?? []), ...queued])
    },
    /** The next calls of `operation` get these faults, one each. */
    inject: (operation: string, ...queued: ReadonlyArray<Fault>) => {
      faults.set(operation, [...(faults.get(operation) ?? []), ...queued])
    }
  }
}

export type FakeService = ReturnType<typeof makeFakeService>

/** Signs nothing: the fake does not check signatures. */
const testSigner = Layer.succeed(AwsSigner, {
  sign: (request) => Effect.succeed({ ...request.headers, authorization: "TEST" })
})

const dependencies = (fake: FakeService) =>
  Layer.mergeAll(
    fake.http,
    testSigner,
    AwsCredentials.layerStatic({ accessKeyId: "AKIDWORKFLOW", secretAccessKey: "workflow-test-secret" })
  )

/**
 * Both clients over the fake, with the client's own retries off so that the
 * counts show what the workflows do.
 */
export const clientLayers = (fake: FakeService) => ({
  codestar: CodeStarConnections.layer({ region, retry: { maxAttempts: 1 } }).pipe(Layer.provide(dependencies(fake))),
  codeconnections: CodeConnections.layer({ region, retry: { maxAttempts: 1 } }).pipe(Layer.provide(dependencies(fake)))
})
