import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import type { CodeStarConnections } from "../src/CodeStarConnections.js"
import { constrainedString } from "../src/internal/schema.js"
import { connectionArn, hostArn } from "./samples.js"
import { clients, json } from "./support.js"

/**
 * Runs one call against a client whose HTTP client records every request, and
 * returns the failure and how many requests left the process.
 */
const attempt = (call: (client: CodeStarConnections.Service) => Effect.Effect<unknown, unknown>) =>
  Effect.gen(function*() {
    const setup = clients(() => json({}))
    const client = yield* setup.codestar
    const result = yield* Effect.either(call(client))
    return { result, sent: setup.requests.length }
  })

/** Asserts that the call failed before sending, naming `path` with a message containing `rule`. */
const expectRejected = (
  call: (client: CodeStarConnections.Service) => Effect.Effect<unknown, unknown>,
  path: string,
  rule: string | RegExp
) =>
  Effect.gen(function*() {
    const { result, sent } = yield* attempt(call)
    expect(sent).toBe(0)
    expect(Either.isLeft(result)).toBe(true)
    const error = Either.isLeft(result) ? result.left : undefined
    expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "InvalidInput" })
    const issues = typeof error === "object" && error !== null && "issues" in error ? error.issues : undefined
    expect(issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ path, message: expect.stringMatching(rule) })
    ]))
    const message = typeof error === "object" && error !== null && "message" in error ? String(error.message) : ""
    expect(message).toContain(path)
  })

describe("inputs are validated against the model before anything is sent", () => {
  it.effect("required member", () =>
    expectRejected(
      // @ts-expect-error ConnectionName is required, and the type says so too
      (c) => c.createConnection({ ProviderType: "GitHub" }),
      "ConnectionName",
      /missing/
    ))

  it.effect("wrong type", () =>
    expectRejected(
      // @ts-expect-error ConnectionName is a string
      (c) => c.createConnection({ ConnectionName: 42 }),
      "ConnectionName",
      /string/
    ))

  it.effect("string length: too long", () =>
    expectRejected(
      (c) => c.createConnection({ ConnectionName: "x".repeat(33) }),
      "ConnectionName",
      /between 1 and 32 \(got 33\)/
    ))

  it.effect("string length: too short", () =>
    expectRejected((c) => c.createConnection({ ConnectionName: "" }), "ConnectionName", /between 1 and 32 \(got 0\)/))

  it.effect("string length counts code points, as Smithy does", () =>
    Effect.gen(function*() {
      const ok = yield* attempt((c) => c.createConnection({ ConnectionName: "🚀".repeat(32) }))
      expect(ok.sent).toBe(1)
      yield* expectRejected((c) => c.createConnection({ ConnectionName: "🚀".repeat(33) }), "ConnectionName", /got 33/)
    }))

  it.effect("pattern", () =>
    expectRejected((c) => c.getConnection({ ConnectionArn: "not-an-arn" }), "ConnectionArn", /pattern/))

  it.effect("pattern specific to the service (a host ARN of another service)", () =>
    expectRejected(
      (c) => c.getHost({ HostArn: hostArn.replace("codestar-connections", "codeconnections") }),
      "HostArn",
      /pattern/
    ))

  it.effect("integer range: above", () =>
    expectRejected((c) => c.listConnections({ MaxResults: 101 }), "MaxResults", /between 0 and 100 \(got 101\)/))

  it.effect("integer range: below", () =>
    expectRejected((c) => c.listHosts({ MaxResults: -1 }), "MaxResults", /between 0 and 100/))

  it.effect("integer: not a whole number", () =>
    expectRejected((c) => c.listHosts({ MaxResults: 1.5 }), "MaxResults", /integer/))

  it.effect("list size: too many items", () =>
    expectRejected(
      (c) =>
        c.tagResource({
          ResourceArn: connectionArn,
          Tags: Array.from({ length: 201 }, (_, i) => ({ Key: `k${i}`, Value: "v" }))
        }),
      "Tags",
      /between 0 and 200 \(got 201\)/
    ))

  it.effect("list size: too few items", () =>
    expectRejected(
      (c) =>
        c.createHost({
          Name: "h",
          ProviderType: "GitHubEnterpriseServer",
          ProviderEndpoint: "https://ghe.example.com",
          VpcConfiguration: { VpcId: "vpc-01234567", SubnetIds: [], SecurityGroupIds: ["sg-01234567"] }
        }),
      "VpcConfiguration.SubnetIds",
      /between 1 and 10 \(got 0\)/
    ))

  it.effect("enum: only the model's wire values", () =>
    expectRejected(
      // @ts-expect-error "Gitea" is not a provider type
      (c) => c.createConnection({ ConnectionName: "c", ProviderType: "Gitea" }),
      "ProviderType",
      /must be one of "Bitbucket", "GitHub"/
    ))

  it.effect("enum: member names are not wire values", () =>
    expectRejected(
      // @ts-expect-error the wire value is "GitHubEnterpriseServer"
      (c) => c.createHost({ Name: "h", ProviderType: "GITHUB_ENTERPRISE_SERVER", ProviderEndpoint: "https://x" }),
      "ProviderType",
      /must be one of/
    ))

  it.effect("nested member, named by its path", () =>
    expectRejected(
      (c) => c.tagResource({ ResourceArn: connectionArn, Tags: [{ Key: "ok", Value: "v" }, { Key: "", Value: "v" }] }),
      "Tags[1].Key",
      /between 1 and 128/
    ))

  it.effect("every broken constraint is reported at once", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* attempt((c) => c.createConnection({ ConnectionName: "", HostArn: "nope" }))
      expect(sent).toBe(0)
      expect(result).toMatchObject({
        left: {
          issues: [expect.objectContaining({ path: "ConnectionName" }), expect.objectContaining({ path: "HostArn" })]
        }
      })
    }))

  it.effect("members the model does not know are not sent", () =>
    Effect.gen(function*() {
      const setup = clients(() => json({}))
      const client = yield* setup.codestar
      const input = { ConnectionArn: connectionArn, Extra: "x" }
      yield* Effect.either(client.getConnection(input))
      expect(JSON.parse(setup.requests[0]!.body)).toEqual({ ConnectionArn: connectionArn })
    }))

  it.effect("MaxResults is never invented", () =>
    Effect.gen(function*() {
      const setup = clients(() => json({ Connections: [] }))
      const client = yield* setup.codestar
      yield* client.listConnections()
      yield* client.listConnections({ MaxResults: undefined })
      expect(setup.requests.map((r) => r.body)).toEqual(["{}", "{}"])
    }))
})

describe("constrainedString", () => {
  it("agrees with a code point count for any string", () => {
    const schema = constrainedString({ min: 2, max: 5 })
    const is = Schema.is(schema)
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 8 }), (s) => {
      const n = [...s].length
      expect(is(s)).toBe(n >= 2 && n <= 5)
    }))
  })
})
