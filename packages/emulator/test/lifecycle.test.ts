/**
 * Lifecycles: connections (PENDING -> AVAILABLE | ERROR), hosts (PENDING or
 * VPC_CONFIG_INITIALIZING -> AVAILABLE | VPC_CONFIG_FAILED_INITIALIZATION)
 * and sync attempts, moved by control calls or by a delay measured with the
 * Effect Clock (TestClock here).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as TestClock from "effect/TestClock"
import { Emulator } from "../src/index.js"
import { field, ok, stringField } from "./support.js"

const status = (arn: string) =>
  Effect.map(ok("GetConnection", { ConnectionArn: arn }), (o) => field(o, "Connection", "ConnectionStatus"))
const hostStatus = (arn: string) => Effect.map(ok("GetHost", { HostArn: arn }), (o) => field(o, "Status"))
const newConnection = Effect.map(
  ok("CreateConnection", { ConnectionName: "c", ProviderType: "GitHub" }),
  (o) => stringField(o, "ConnectionArn")
)
const newHost = (vpc: boolean) =>
  Effect.map(
    ok("CreateHost", {
      Name: "h",
      ProviderType: "GitHubEnterpriseServer",
      ProviderEndpoint: "https://ghe",
      ...(vpc
        ? {
          VpcConfiguration: { VpcId: "vpc-0123abcd", SubnetIds: ["subnet-0123abcd"], SecurityGroupIds: ["sg-0123abcd"] }
        }
        : {})
    }),
    (o) => stringField(o, "HostArn")
  )

describe("connection handshake", () => {
  it.effect("stays PENDING until a control call completes or fails it", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      const a = yield* newConnection
      const b = yield* newConnection
      yield* TestClock.adjust("1 day")
      expect(yield* status(a)).toBe("PENDING")
      yield* emulator.completeHandshake(a)
      yield* emulator.failHandshake(b)
      expect(yield* status(a)).toBe("AVAILABLE")
      expect(yield* status(b)).toBe("ERROR")
    }).pipe(Effect.provide(Emulator.layer())))

  it.effect("completes by itself after the configured delay, on the Effect Clock", () =>
    Effect.gen(function*() {
      const arn = yield* newConnection
      yield* TestClock.adjust("9 seconds")
      expect(yield* status(arn)).toBe("PENDING")
      yield* TestClock.adjust("1 second")
      expect(yield* status(arn)).toBe("AVAILABLE")
    }).pipe(Effect.provide(Emulator.layer({ handshakeCompletesAfter: "10 seconds" }))))

  it.effect("a failed handshake is not completed later by the delay", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      const arn = yield* newConnection
      yield* emulator.failHandshake(arn)
      yield* TestClock.adjust("1 minute")
      expect(yield* status(arn)).toBe("ERROR")
    }).pipe(Effect.provide(Emulator.layer({ handshakeCompletesAfter: "10 seconds" }))))

  it.effect("control calls on unknown resources fail with EmulatorControlError", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      const arn = "arn:aws:codestar-connections:us-east-1:123456789012:connection/00000000-0000-0000-0000-000000000000"
      for (
        const effect of [
          emulator.completeHandshake(arn),
          emulator.failHandshake(arn),
          emulator.completeHostSetup(arn),
          emulator.failHostSetup(arn),
          emulator.setSyncStatus({ resourceName: "nope", status: "SUCCEEDED" }),
          emulator.createSyncBlocker({ resourceName: "nope" })
        ]
      ) {
        const exit = yield* Effect.exit(effect)
        expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error._tag : "no failure").toBe(
          "EmulatorControlError"
        )
      }
    }).pipe(Effect.provide(Emulator.layer())))
})

describe("host setup", () => {
  it.effect("PENDING until completed; VPC hosts start VPC_CONFIG_INITIALIZING and can fail", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      const plain = yield* newHost(false)
      const vpc = yield* newHost(true)
      expect(yield* hostStatus(plain)).toBe("PENDING")
      expect(yield* hostStatus(vpc)).toBe("VPC_CONFIG_INITIALIZING")
      yield* emulator.completeHostSetup(plain)
      yield* emulator.failHostSetup(vpc, "subnet has no route")
      expect(yield* hostStatus(plain)).toBe("AVAILABLE")
      expect(yield* hostStatus(vpc)).toBe("VPC_CONFIG_FAILED_INITIALIZATION")
      const listed = yield* ok("ListHosts", {})
      expect(field(listed, "Hosts", 1)).toMatchObject({
        Status: "VPC_CONFIG_FAILED_INITIALIZATION",
        StatusMessage: "subnet has no route"
      })
      // A new VPC configuration starts the setup again.
      yield* ok("UpdateHost", {
        HostArn: vpc,
        VpcConfiguration: { VpcId: "vpc-0123abce", SubnetIds: ["subnet-0123abce"], SecurityGroupIds: ["sg-0123abce"] }
      })
      expect(yield* hostStatus(vpc)).toBe("VPC_CONFIG_INITIALIZING")
    }).pipe(Effect.provide(Emulator.layer())))

  it.effect("completes by itself after the configured delay", () =>
    Effect.gen(function*() {
      const arn = yield* newHost(true)
      yield* TestClock.adjust("29 seconds")
      expect(yield* hostStatus(arn)).toBe("VPC_CONFIG_INITIALIZING")
      yield* TestClock.adjust("1 second")
      expect(yield* hostStatus(arn)).toBe("AVAILABLE")
    }).pipe(Effect.provide(Emulator.layer({ hostSetupCompletesAfter: "30 seconds" }))))
})

describe("sync attempts", () => {
  it.effect("IN_PROGRESS, then SUCCEEDED after the configured delay, with a latest successful sync", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      const connectionArn = yield* newConnection
      yield* emulator.completeHandshake(connectionArn)
      const link = yield* ok("CreateRepositoryLink", {
        ConnectionArn: connectionArn,
        OwnerId: "o",
        RepositoryName: "r"
      })
      yield* ok("CreateSyncConfiguration", {
        Branch: "main",
        ConfigFile: "a.yaml",
        RepositoryLinkId: stringField(link, "RepositoryLinkInfo", "RepositoryLinkId"),
        ResourceName: "stack",
        RoleArn: "arn:aws:iam::123456789012:role/r",
        SyncType: "CFN_STACK_SYNC"
      })
      const syncStatus = ok("GetResourceSyncStatus", { ResourceName: "stack", SyncType: "CFN_STACK_SYNC" })
      expect(field(yield* syncStatus, "LatestSync", "Status")).toBe("IN_PROGRESS")
      yield* TestClock.adjust("5 seconds")
      const done = yield* syncStatus
      expect(field(done, "LatestSync", "Status")).toBe("SUCCEEDED")
      expect(field(done, "LatestSuccessfulSync", "Status")).toBe("SUCCEEDED")
      // Retargeting the configuration starts a new attempt from the last commit.
      yield* ok("UpdateSyncConfiguration", { ResourceName: "stack", SyncType: "CFN_STACK_SYNC", Branch: "release" })
      const again = yield* syncStatus
      expect(field(again, "LatestSync", "Status")).toBe("IN_PROGRESS")
      expect(field(again, "LatestSync", "InitialRevision", "Sha")).toBe(
        field(done, "LatestSync", "TargetRevision", "Sha")
      )
    }).pipe(Effect.provide(Emulator.layer({ syncCompletesAfter: "5 seconds" }))))
})
