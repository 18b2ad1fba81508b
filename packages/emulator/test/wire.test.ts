/**
 * The awsJson 1.0 framing: headers on every answer, the error form, input
 * validation with field names, bodies that are not JSON, and routing by
 * X-Amz-Target.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Emulator } from "../src/index.js"
import { call, errorCode, field } from "./support.js"

const run = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.provide(effect, Emulator.layer())

describe("framing", () => {
  it.effect("a success carries a request id, the JSON content type and a Date", () =>
    run(Effect.gen(function*() {
      const answer = yield* call("ListHosts", {})
      expect(answer.status).toBe(200)
      expect(answer.headers["content-type"]).toBe("application/x-amz-json-1.0")
      expect(answer.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/)
      expect(answer.headers["date"]).toBe(new Date(0).toUTCString())
      expect(answer.json).toEqual({ Hosts: [] })
    })))

  it.effect("an error carries x-amzn-errortype and a body with __type and message", () =>
    run(Effect.gen(function*() {
      const arn = "arn:aws:codestar-connections:us-east-1:123456789012:connection/00000000-0000-0000-0000-000000000000"
      const answer = yield* call("GetConnection", { ConnectionArn: arn })
      expect(answer.status).toBe(404)
      expect(answer.headers["x-amzn-errortype"]).toBe("ResourceNotFoundException")
      expect(answer.headers["x-amzn-requestid"]).toBeDefined()
      expect(answer.json).toEqual({ __type: "ResourceNotFoundException", message: `Connection ${arn} does not exist.` })
    })))

  it.effect("empty outputs are {}", () =>
    run(Effect.gen(function*() {
      const created = yield* call("CreateConnection", { ConnectionName: "x", ProviderType: "GitHub" })
      const answer = yield* call("DeleteConnection", { ConnectionArn: field(created.json, "ConnectionArn") })
      expect(answer.text).toBe("{}")
    })))

  it.effect("an empty body counts as {}", () =>
    run(Effect.gen(function*() {
      const answer = yield* call("ListConnections", undefined, { rawBody: "" })
      expect(answer.json).toEqual({ Connections: [] })
    })))
})

describe("validation", () => {
  it.effect("a constraint violation answers ValidationException naming the member", () =>
    run(Effect.gen(function*() {
      const answer = yield* call("CreateConnection", { ConnectionName: "x".repeat(33), ProviderType: "GitHub" })
      expect(answer.status).toBe(400)
      expect(errorCode(answer)).toBe("ValidationException")
      expect(field(answer.json, "message")).toBe(
        "1 validation error detected: Value at 'ConnectionName' failed to satisfy constraint: length must be between 1 and 32 (got 33)"
      )
    })))

  it.effect("a missing required member is named, every violation is listed", () =>
    run(Effect.gen(function*() {
      const answer = yield* call("CreateSyncConfiguration", { Branch: "", RepositoryLinkId: "not-a-uuid" })
      expect(errorCode(answer)).toBe("ValidationException")
      const message = String(field(answer.json, "message"))
      expect(message).toMatch(/^\d+ validation errors detected: /)
      for (const member of ["Branch", "ConfigFile", "RepositoryLinkId", "ResourceName", "RoleArn", "SyncType"]) {
        expect(message).toContain(`'${member}'`)
      }
      expect(message).toContain("Value at 'ConfigFile' failed to satisfy constraint: Member must not be null")
    })))

  it.effect("patterns, enums, ranges and nested members are checked", () =>
    run(Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [string, unknown, string]> = [
        ["GetHost", { HostArn: "arn:aws:s3:::bucket" }, "HostArn"],
        ["CreateConnection", { ConnectionName: "x", ProviderType: "Gitea" }, "ProviderType"],
        ["ListHosts", { MaxResults: 101 }, "MaxResults"],
        ["ListHosts", { MaxResults: 1.5 }, "MaxResults"],
        ["ListHosts", { MaxResults: "10" }, "MaxResults"],
        ["CreateHost", {
          Name: "h",
          ProviderType: "GitHubEnterpriseServer",
          ProviderEndpoint: "https://h",
          VpcConfiguration: { VpcId: "vpc-0123abcd", SubnetIds: [], SecurityGroupIds: ["sg-0123abcd"] }
        }, "VpcConfiguration.SubnetIds"],
        ["GetSyncConfiguration", { ResourceName: "-starts-with-dash", SyncType: "CFN_STACK_SYNC" }, "ResourceName"]
      ]
      for (const [operation, input, member] of cases) {
        const answer = yield* call(operation, input)
        expect({ status: answer.status, code: errorCode(answer) }, `${operation} ${JSON.stringify(input)}`).toEqual({
          status: 400,
          code: "ValidationException"
        })
        expect(String(field(answer.json, "message"))).toContain(`'${member}'`)
      }
    })))

  it.effect("unknown members are ignored, as AWS does", () =>
    run(Effect.gen(function*() {
      const answer = yield* call("ListHosts", { Unknown: 1 })
      expect(answer.status).toBe(200)
    })))

  it.effect("a body that is not a JSON object answers SerializationException", () =>
    run(Effect.gen(function*() {
      for (const rawBody of ["{not json", "[1,2]", "\"text\""]) {
        const answer = yield* call("ListHosts", undefined, { rawBody })
        expect({ status: answer.status, code: errorCode(answer) }).toEqual({
          status: 400,
          code: "SerializationException"
        })
      }
    })))
})

describe("routing", () => {
  it.effect("an unknown X-Amz-Target answers UnknownOperationException, and is not counted", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      for (const target of ["CodeStar_connections_20191201.DescribeEverything", "DynamoDB_20120810.ListTables"]) {
        const answer = yield* call("ListHosts", {}, { target })
        expect({ status: answer.status, code: errorCode(answer) }).toEqual({
          status: 400,
          code: "UnknownOperationException"
        })
      }
      expect(yield* emulator.callCount()).toBe(0)
    })))

  it.effect("the long Coral form of the target is accepted too", () =>
    run(Effect.gen(function*() {
      const answer = yield* call("ListHosts", {}, {
        target: "com.amazonaws.codestar.connections.CodeStar_connections_20191201.ListHosts"
      })
      expect(answer.status).toBe(200)
      const newer = yield* call("ListHosts", {}, {
        api: "codeconnections",
        target: "com.amazonaws.codeconnections.CodeConnections_20231201.ListHosts"
      })
      expect(newer.status).toBe(200)
    })))

  it.effect("all 27 operations of both API versions are routed", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      const operations = [
        "CreateConnection",
        "CreateHost",
        "CreateRepositoryLink",
        "CreateSyncConfiguration",
        "DeleteConnection",
        "DeleteHost",
        "DeleteRepositoryLink",
        "DeleteSyncConfiguration",
        "GetConnection",
        "GetHost",
        "GetRepositoryLink",
        "GetRepositorySyncStatus",
        "GetResourceSyncStatus",
        "GetSyncBlockerSummary",
        "GetSyncConfiguration",
        "ListConnections",
        "ListHosts",
        "ListRepositoryLinks",
        "ListRepositorySyncDefinitions",
        "ListSyncConfigurations",
        "ListTagsForResource",
        "TagResource",
        "UntagResource",
        "UpdateHost",
        "UpdateRepositoryLink",
        "UpdateSyncBlocker",
        "UpdateSyncConfiguration"
      ]
      for (const api of ["codestar-connections", "codeconnections"] as const) {
        for (const operation of operations) {
          const answer = yield* call(operation, {}, { api })
          // Every operation exists: it answers 200 or a validation error, never an unknown operation.
          expect(errorCode(answer) ?? "ok", `${api} ${operation}`).not.toBe("UnknownOperationException")
        }
      }
      expect(yield* emulator.callCount()).toBe(54)
      expect(yield* emulator.callCount("GetHost")).toBe(2)
    })))
})
