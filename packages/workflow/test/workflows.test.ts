import * as AwsError from "@effect-codestar/core/AwsError"
import * as CodeConnections from "@effect-codestar/core/CodeConnections"
import * as CodeStarConnections from "@effect-codestar/core/CodeStarConnections"
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as CodeConnectionsWorkflows from "../src/CodeConnectionsWorkflows.js"
import {
  AwaitConnection,
  AwaitHost,
  AwaitRepositorySync,
  AwaitResourceSync,
  CreateConnectionAndAwait
} from "../src/CodeStarConnectionsWorkflows.js"
import {
  ConnectionFailed,
  ConnectionNameConflict,
  ConnectionWaitTimeout,
  HostFailed,
  SyncFailed,
  SyncStatusUnavailable
} from "../src/WorkflowErrors.js"
import { advanceUntil, engineWith, finish } from "./driver.js"
import { accessDenied, limitExceeded, makeFakeService, serverError, throttled } from "./support.js"

// Short, doubling intervals: polls at 0, 5, 15, 35, 75 s, ...
const wait = { firstInterval: Duration.seconds(5), backoffFactor: 2, maxInterval: Duration.seconds(40) }

describe("CreateConnectionAndAwait", () => {
  it.effect("creates the connection once, polls at growing intervals, and returns it once AVAILABLE", () => {
    const fake = makeFakeService()
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        CreateConnectionAndAwait.execute({ ConnectionName: "my-github", ProviderType: "GitHub", wait })
      )
      expect(yield* advanceUntil(() => fake.count("GetConnection") === 4)).toBe(true)
      const [connection] = fake.connections()
      expect(connection?.ConnectionStatus).toBe("PENDING")
      fake.complete(connection?.ConnectionArn ?? "")
      const result = yield* finish(fiber)

      expect(result).toEqual({
        ConnectionArn: connection?.ConnectionArn,
        ConnectionName: "my-github",
        ConnectionStatus: "AVAILABLE",
        ProviderType: "GitHub",
        OwnerAccountId: "123456789012"
      })
      // Replays after every durable sleep did not repeat the create step.
      expect(fake.count("CreateConnection")).toBe(1)
      expect(fake.count("ListConnections")).toBe(1)
      expect(fake.count("GetConnection")).toBe(5)
      expect(fake.pollTimes).toEqual([0, 5_000, 15_000, 35_000, 75_000])
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("running it again, at once or later, joins the first run: one connection", () => {
    const fake = makeFakeService()
    return Effect.gen(function*() {
      const first = yield* Effect.fork(CreateConnectionAndAwait.execute({ ConnectionName: "shared", wait }))
      // Same name, another wait policy: still the same execution.
      const second = yield* Effect.fork(
        CreateConnectionAndAwait.execute({ ConnectionName: "shared", wait: { firstInterval: Duration.seconds(1) } })
      )
      expect(yield* advanceUntil(() => fake.count("GetConnection") >= 2)).toBe(true)
      fake.complete(fake.connections()[0]?.ConnectionArn ?? "")
      const a = yield* finish(first)
      const b = yield* finish(second)
      const c = yield* CreateConnectionAndAwait.execute({ ConnectionName: "shared" })

      expect(b).toEqual(a)
      expect(c).toEqual(a)
      expect(fake.count("CreateConnection")).toBe(1)
      expect(fake.connections()).toHaveLength(1)
      expect(yield* CreateConnectionAndAwait.executionId({ ConnectionName: "shared" })).toBe(
        yield* CreateConnectionAndAwait.executionId({ ConnectionName: "shared", wait: { timeout: Duration.hours(1) } })
      )
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("an explicit idempotency key starts a new run for the same name", () =>
    Effect.gen(function*() {
      const byName = yield* CreateConnectionAndAwait.executionId({ ConnectionName: "n" })
      const byKey = yield* CreateConnectionAndAwait.executionId({ ConnectionName: "n", idempotencyKey: "n-2" })
      const byOtherName = yield* CreateConnectionAndAwait.executionId({ ConnectionName: "n-2" })
      expect(new Set([byName, byKey, byOtherName]).size).toBe(3)
    }))

  it.effect("adopts a connection of that name made by an earlier run instead of creating another", () => {
    const fake = makeFakeService({ pageSize: 2 })
    const others = ["a", "b", "c"].map((name) =>
      fake.seed({ ConnectionName: name, ProviderType: "GitHub", HostArn: undefined, ConnectionStatus: "AVAILABLE" })
    )
    const arn = fake.seed({
      ConnectionName: "mine",
      ProviderType: "GitHub",
      HostArn: undefined,
      ConnectionStatus: "AVAILABLE"
    })
    return Effect.gen(function*() {
      const result = yield* finish(
        yield* Effect.fork(CreateConnectionAndAwait.execute({ ConnectionName: "mine", ProviderType: "GitHub" }))
      )
      expect(result.ConnectionArn).toBe(arn)
      expect(others).not.toContain(arn)
      expect(fake.count("CreateConnection")).toBe(0)
      // Found on the second page of two.
      expect(fake.count("ListConnections")).toBe(2)
      expect(fake.count("GetConnection")).toBe(1)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("fails with ConnectionNameConflict when the name is taken for another provider", () => {
    const fake = makeFakeService()
    const arn = fake.seed({
      ConnectionName: "taken",
      ProviderType: "Bitbucket",
      HostArn: undefined,
      ConnectionStatus: "PENDING"
    })
    return Effect.gen(function*() {
      const error = yield* finish(
        yield* Effect.fork(
          Effect.flip(CreateConnectionAndAwait.execute({ ConnectionName: "taken", ProviderType: "GitHub" }))
        )
      )
      expect(error).toBeInstanceOf(ConnectionNameConflict)
      expect(error).toMatchObject({
        connectionName: "taken",
        existingConnectionArn: arn,
        existingProviderType: "Bitbucket"
      })
      expect(fake.count("CreateConnection")).toBe(0)
      expect(fake.count("GetConnection")).toBe(0)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("fails with ConnectionFailed when the handshake fails", () => {
    const fake = makeFakeService()
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Effect.flip(CreateConnectionAndAwait.execute({ ConnectionName: "doomed", wait }))
      )
      expect(yield* advanceUntil(() => fake.count("GetConnection") === 2)).toBe(true)
      const arn = fake.connections()[0]?.ConnectionArn ?? ""
      fake.fail(arn)
      const error = yield* finish(fiber)
      expect(error).toBeInstanceOf(ConnectionFailed)
      expect(error).toMatchObject({ connectionArn: arn, status: "ERROR" })
      expect(fake.count("GetConnection")).toBe(3)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("gives up with ConnectionWaitTimeout, the last sleep cut to the deadline", () => {
    const fake = makeFakeService()
    return Effect.gen(function*() {
      const error = yield* finish(
        yield* Effect.fork(Effect.flip(CreateConnectionAndAwait.execute({
          ConnectionName: "slow",
          wait: { firstInterval: Duration.seconds(10), backoffFactor: 1, timeout: Duration.seconds(35) }
        })))
      )
      expect(error).toBeInstanceOf(ConnectionWaitTimeout)
      expect(error).toMatchObject({ polls: 5, lastStatus: "PENDING" })
      expect(error._tag === "ConnectionWaitTimeout" && Duration.toMillis(error.waited)).toBe(35_000)
      expect(fake.pollTimes).toEqual([0, 10_000, 20_000, 30_000, 35_000])
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("a throttled or failing poll is recorded and the wait goes on", () => {
    const fake = makeFakeService()
    fake.inject("GetConnection", throttled, serverError)
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(CreateConnectionAndAwait.execute({ ConnectionName: "bumpy", wait }))
      expect(yield* advanceUntil(() => fake.count("GetConnection") === 2)).toBe(true)
      fake.complete(fake.connections()[0]?.ConnectionArn ?? "")
      const result = yield* finish(fiber)
      expect(result.ConnectionStatus).toBe("AVAILABLE")
      // Two polls got faults, the third saw AVAILABLE; the intervals grew all the same.
      expect(fake.pollTimes).toEqual([0, 5_000, 15_000])
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("a fault the service answered (nothing created) is retried after a durable pause: one connection", () => {
    const fake = makeFakeService()
    fake.inject("CreateConnection", serverError)
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(CreateConnectionAndAwait.execute({ ConnectionName: "retry-me", wait }))
      expect(yield* advanceUntil(() => fake.count("GetConnection") === 1)).toBe(true)
      fake.complete(fake.connections()[0]?.ConnectionArn ?? "")
      yield* finish(fiber)
      // No need to look for it: an error answer proves nothing was created.
      expect(fake.count("ListConnections")).toBe(1)
      expect(fake.count("ListTagsForResource")).toBe(0)
      expect(fake.count("CreateConnection")).toBe(2)
      expect(fake.connections()).toHaveLength(1)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("tags what it creates with the execution id", () => {
    const fake = makeFakeService()
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(CreateConnectionAndAwait.execute({
        ConnectionName: "tagged",
        Tags: [{ Key: "team", Value: "platform" }],
        wait
      }))
      expect(yield* advanceUntil(() => fake.count("GetConnection") === 1)).toBe(true)
      fake.complete(fake.connections()[0]?.ConnectionArn ?? "")
      yield* finish(fiber)
      const executionId = yield* CreateConnectionAndAwait.executionId({ ConnectionName: "tagged" })
      expect(fake.connections()[0]?.Tags).toEqual([
        { Key: "team", Value: "platform" },
        { Key: "effect-codestar:workflow-execution", Value: executionId }
      ])
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("a create whose answer was lost after the service made it: found by its tag, not made again", () => {
    const fake = makeFakeService()
    fake.lose("CreateConnection", { processedAfterMs: 0 })
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(CreateConnectionAndAwait.execute({ ConnectionName: "lost-answer", wait }))
      expect(yield* advanceUntil(() => fake.count("GetConnection") === 1)).toBe(true)
      fake.complete(fake.connections()[0]?.ConnectionArn ?? "")
      const result = yield* finish(fiber)
      expect(fake.count("CreateConnection")).toBe(1)
      expect(fake.connections()).toHaveLength(1)
      expect(result.ConnectionArn).toBe(fake.connections()[0]?.ConnectionArn)
      expect(fake.count("ListTagsForResource")).toBeGreaterThanOrEqual(1)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("a create the service holds and completes 20 s later: the step waits within the grace period and finds it", () => {
    const fake = makeFakeService()
    fake.lose("CreateConnection", { processedAfterMs: 20_000 })
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        CreateConnectionAndAwait.execute({ ConnectionName: "held", createGracePeriod: Duration.seconds(30), wait })
      )
      expect(yield* advanceUntil(() => fake.count("GetConnection") === 1)).toBe(true)
      // Polling began after the held create appeared, not before.
      expect(fake.pollTimes[0]).toBeGreaterThanOrEqual(20_000)
      fake.complete(fake.connections()[0]?.ConnectionArn ?? "")
      yield* finish(fiber)
      expect(fake.count("CreateConnection")).toBe(1)
      expect(fake.connections()).toHaveLength(1)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("a create lost before the service saw it: after the grace period, one more attempt, one connection", () => {
    const fake = makeFakeService()
    fake.lose("CreateConnection", { processedAfterMs: undefined })
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        CreateConnectionAndAwait.execute({
          ConnectionName: "never-arrived",
          createGracePeriod: Duration.seconds(30),
          wait
        })
      )
      expect(yield* advanceUntil(() => fake.count("GetConnection") === 1)).toBe(true)
      // 30 s of grace, then the 5 s pause before the second attempt.
      expect(fake.pollTimes[0]).toBeGreaterThanOrEqual(35_000)
      fake.complete(fake.connections()[0]?.ConnectionArn ?? "")
      yield* finish(fiber)
      expect(fake.count("CreateConnection")).toBe(2)
      expect(fake.connections()).toHaveLength(1)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("LimitExceededException on create ends the run with the service's own error class", () => {
    const fake = makeFakeService()
    fake.inject("CreateConnection", limitExceeded)
    return Effect.gen(function*() {
      const error = yield* finish(
        yield* Effect.fork(Effect.flip(CreateConnectionAndAwait.execute({ ConnectionName: "one-too-many" })))
      )
      expect(error).toBeInstanceOf(CodeStarConnections.LimitExceededException)
      expect(fake.count("CreateConnection")).toBe(1)
      expect(fake.count("GetConnection")).toBe(0)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("a bad input fails typed with InvalidInput, and nothing is created", () => {
    const fake = makeFakeService()
    return Effect.gen(function*() {
      const error = yield* finish(
        yield* Effect.fork(Effect.flip(CreateConnectionAndAwait.execute({ ConnectionName: "x".repeat(40) })))
      )
      expect(error).toBeInstanceOf(AwsError.AwsRequestError)
      expect(error).toMatchObject({ reason: "InvalidInput", operation: "CreateConnection" })
      expect(fake.count("CreateConnection")).toBe(0)
    }).pipe(Effect.provide(engineWith(fake)))
  })
})

describe("AwaitConnection", () => {
  it.effect("returns at once when the connection is AVAILABLE already", () => {
    const fake = makeFakeService()
    const arn = fake.seed({
      ConnectionName: "ready",
      ProviderType: "GitLab",
      HostArn: undefined,
      ConnectionStatus: "AVAILABLE"
    })
    return Effect.gen(function*() {
      const result = yield* finish(yield* Effect.fork(AwaitConnection.execute({ ConnectionArn: arn })))
      expect(result).toMatchObject({ ConnectionArn: arn, ConnectionStatus: "AVAILABLE", ProviderType: "GitLab" })
      expect(fake.count("GetConnection")).toBe(1)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("waits for a PENDING connection by ARN", () => {
    const fake = makeFakeService()
    const arn = fake.seed({
      ConnectionName: "later",
      ProviderType: "GitHub",
      HostArn: undefined,
      ConnectionStatus: "PENDING"
    })
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(AwaitConnection.execute({ ConnectionArn: arn, wait }))
      expect(yield* advanceUntil(() => fake.count("GetConnection") === 3)).toBe(true)
      fake.complete(arn)
      const result = yield* finish(fiber)
      expect(result.ConnectionStatus).toBe("AVAILABLE")
      expect(fake.pollTimes).toEqual([0, 5_000, 15_000, 35_000])
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("a connection that does not exist ends the run with ResourceNotFoundException", () => {
    const fake = makeFakeService()
    return Effect.gen(function*() {
      const error = yield* finish(
        yield* Effect.fork(Effect.flip(AwaitConnection.execute({
          ConnectionArn: "arn:aws:codestar-connections:us-east-1:123456789012:connection/gone"
        })))
      )
      expect(error).toBeInstanceOf(CodeStarConnections.ResourceNotFoundException)
      expect(fake.count("GetConnection")).toBe(1)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("access denied on a poll ends the run: it will not get better by waiting", () => {
    const fake = makeFakeService()
    const arn = fake.seed({
      ConnectionName: "x",
      ProviderType: "GitHub",
      HostArn: undefined,
      ConnectionStatus: "PENDING"
    })
    fake.inject("GetConnection", accessDenied)
    return Effect.gen(function*() {
      const error = yield* finish(yield* Effect.fork(Effect.flip(AwaitConnection.execute({ ConnectionArn: arn }))))
      expect(error).toBeInstanceOf(AwsError.AccessDeniedException)
      expect(fake.count("GetConnection")).toBe(1)
    }).pipe(Effect.provide(engineWith(fake)))
  })
})

describe("CodeConnectionsWorkflows", () => {
  it.effect("run against CodeConnections, on the same engine, and fail with its error classes", () => {
    const fake = makeFakeService()
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        CodeConnectionsWorkflows.CreateConnectionAndAwait.execute({
          ConnectionName: "twin",
          ProviderType: "GitHub",
          wait
        })
      )
      expect(yield* advanceUntil(() => fake.count("GetConnection") === 1)).toBe(true)
      const arn = fake.connections()[0]?.ConnectionArn ?? ""
      expect(arn).toMatch(/^arn:aws:codeconnections:/)
      fake.complete(arn)
      expect((yield* finish(fiber)).ConnectionArn).toBe(arn)
      expect(fake.targets.length).toBeGreaterThan(0)
      expect(fake.targets.every((t) => t.startsWith("CodeConnections_20231201."))).toBe(true)

      const error = yield* finish(
        yield* Effect.fork(Effect.flip(CodeConnectionsWorkflows.AwaitConnection.execute({
          ConnectionArn: "arn:aws:codeconnections:us-east-1:123456789012:connection/gone"
        })))
      )
      expect(error).toBeInstanceOf(CodeConnections.ResourceNotFoundException)
      expect(error).not.toBeInstanceOf(CodeStarConnections.ResourceNotFoundException)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("have names of their own, so both services' workflows share an engine", () =>
    Effect.sync(() => {
      expect(CodeConnectionsWorkflows.CreateConnectionAndAwait.name).toBe("CodeConnections/CreateConnectionAndAwait")
      expect(CreateConnectionAndAwait.name).toBe("CodeStarConnections/CreateConnectionAndAwait")
      expect(AwaitConnection.name).toBe("CodeStarConnections/AwaitConnection")
    }))
})

describe("AwaitHost", () => {
  it.effect("waits for a PENDING host by ARN, sleeping durably between polls", () => {
    const fake = makeFakeService()
    const arn = fake.seedHost("ghes", "PENDING")
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(AwaitHost.execute({ HostArn: arn, wait }))
      expect(yield* advanceUntil(() => fake.count("GetHost") === 3)).toBe(true)
      fake.setHostStatus(arn, "AVAILABLE")
      const host = yield* finish(fiber)
      expect(host).toEqual({ HostArn: arn, Status: "AVAILABLE", Name: "ghes", ProviderType: "GitHubEnterpriseServer" })
      expect(fake.count("GetHost")).toBe(4)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("fails with HostFailed when the host's VPC configuration failed", () => {
    const fake = makeFakeService()
    const arn = fake.seedHost("broken", "PENDING")
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(Effect.flip(AwaitHost.execute({ HostArn: arn, wait })))
      expect(yield* advanceUntil(() => fake.count("GetHost") === 1)).toBe(true)
      fake.setHostStatus(arn, "VPC_CONFIG_FAILED_INITIALIZATION")
      const error = yield* finish(fiber)
      expect(error).toBeInstanceOf(HostFailed)
      expect(error).toMatchObject({ hostArn: arn, status: "VPC_CONFIG_FAILED_INITIALIZATION" })
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("runs against CodeConnections too, under a name of its own", () => {
    const fake = makeFakeService()
    const arn = fake.seedHost("twin", "AVAILABLE")
    return Effect.gen(function*() {
      const host = yield* CodeConnectionsWorkflows.AwaitHost.execute({ HostArn: arn })
      expect(host.Status).toBe("AVAILABLE")
      expect(fake.targets.at(-1)).toBe("CodeConnections_20231201.GetHost")
      expect(CodeConnectionsWorkflows.AwaitHost.name).not.toBe(AwaitHost.name)
    }).pipe(Effect.provide(engineWith(fake)))
  })
})

describe("AwaitRepositorySync and AwaitResourceSync", () => {
  const uuid = "0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"

  it.effect("waits through IN_PROGRESS and a throttled poll until the resource sync SUCCEEDED", () => {
    const fake = makeFakeService()
    fake.setSync("resource:my-stack", "IN_PROGRESS")
    fake.inject("GetResourceSyncStatus", throttled)
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        AwaitResourceSync.execute({ ResourceName: "my-stack", SyncType: "CFN_STACK_SYNC", wait })
      )
      expect(yield* advanceUntil(() => fake.count("GetResourceSyncStatus") === 3)).toBe(true)
      fake.setSync("resource:my-stack", "SUCCEEDED")
      expect(yield* finish(fiber)).toEqual({ resource: "resource sync of my-stack", Status: "SUCCEEDED" })
      expect(fake.count("GetResourceSyncStatus")).toBe(4)
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("fails with SyncFailed when the repository sync FAILED", () => {
    const fake = makeFakeService()
    fake.setSync(`repo:${uuid}:main`, "FAILED")
    return Effect.gen(function*() {
      const error = yield* Effect.flip(
        AwaitRepositorySync.execute({ RepositoryLinkId: uuid, Branch: "main", SyncType: "CFN_STACK_SYNC", wait })
      )
      expect(error).toBeInstanceOf(SyncFailed)
      expect(error).toMatchObject({ status: "FAILED", resource: `repository sync of ${uuid} branch main` })
    }).pipe(Effect.provide(engineWith(fake)))
  })

  it.effect("a sync that does not exist ends the wait with SyncStatusUnavailable, keeping the code", () => {
    const fake = makeFakeService()
    return Effect.gen(function*() {
      const error = yield* Effect.flip(
        CodeConnectionsWorkflows.AwaitResourceSync.execute({ ResourceName: "nope", SyncType: "CFN_STACK_SYNC", wait })
      )
      expect(error).toBeInstanceOf(SyncStatusUnavailable)
      expect(error).toMatchObject({ code: "ResourceNotFoundException" })
      expect(fake.targets.at(-1)).toBe("CodeConnections_20231201.GetResourceSyncStatus")
    }).pipe(Effect.provide(engineWith(fake)))
  })
})
