/**
 * The loopback server: real sockets (so dropped and truncated answers are
 * real), the HTTP control endpoints, and its scoped lifetime.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { Emulator } from "../src/index.js"
import { call, errorCode, field, stringField } from "./support.js"

const post = (url: string, body: string) =>
  Effect.promise(async () => {
    const response = await fetch(url, { method: "POST", body })
    const json: unknown = await response.json()
    return { status: response.status, json }
  })

const live = <A, E>(
  effect: (server: Emulator.EmulatorServer) => Effect.Effect<A, E, Scope.Scope | HttpClient.HttpClient>
) =>
  Effect.gen(function*() {
    const server = yield* Emulator.server()
    return yield* effect(server)
  }).pipe(Effect.provide(FetchHttpClient.layer))

describe("loopback server", () => {
  it.scopedLive("listens on 127.0.0.1 and answers signed calls", () =>
    live((server) =>
      Effect.gen(function*() {
        expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
        expect(server.port).toBeGreaterThan(0)
        const created = yield* call("CreateConnection", { ConnectionName: "srv", ProviderType: "GitHub" }, {
          url: server.url
        })
        expect(created.status).toBe(200)
        expect(created.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/)
        const arn = stringField(created.json, "ConnectionArn")
        // The server and the in-process API share the emulator.
        yield* server.emulator.completeHandshake(arn)
        const got = yield* call("GetConnection", { ConnectionArn: arn }, { url: server.url })
        expect(field(got.json, "Connection", "ConnectionStatus")).toBe("AVAILABLE")
        const missing = yield* call("GetConnection", { ConnectionArn: `${arn}0` }, { url: server.url })
        expect({ status: missing.status, code: errorCode(missing) }).toEqual({
          status: 404,
          code: "ResourceNotFoundException"
        })
      })
    ))

  it.scopedLive("control endpoints: POST /_emulator/<action> with JSON, unsigned", () =>
    live((server) =>
      Effect.gen(function*() {
        expect(yield* post(`${server.url}/_emulator/throttleNext`, JSON.stringify({ count: 1 }))).toEqual({
          status: 200,
          json: { ok: true }
        })
        expect(errorCode(yield* call("ListHosts", {}, { url: server.url }))).toBe("ThrottlingException")
        expect(yield* post(`${server.url}/_emulator/callCount`, "{\"operation\":\"ListHosts\"}")).toEqual({
          status: 200,
          json: { count: 1 }
        })
        expect(yield* post(`${server.url}/_emulator/calls`, "")).toMatchObject({
          status: 200,
          json: { calls: [{ operation: "ListHosts", status: 400, errorCode: "ThrottlingException" }] }
        })
        expect((yield* post(`${server.url}/_emulator/explode`, "{}")).status).toBe(400)
        expect(yield* post(`${server.url}/_emulator/reset`, "not json")).toEqual({
          status: 400,
          json: { error: "The control body is not JSON." }
        })
        const info = yield* post(`${server.url}/_emulator/info`, "")
        expect(field(info.json, "operations")).toHaveLength(27)
      })
    ))

  it.scopedLive("dropNext destroys the socket without an answer", () =>
    live((server) =>
      Effect.gen(function*() {
        yield* server.emulator.dropNext(1)
        const exit = yield* Effect.exit(call("ListHosts", {}, { url: server.url }))
        expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined).toMatchObject({
          _tag: "RequestError",
          reason: "Transport"
        })
        expect((yield* server.emulator.calls).map((c) => c.status)).toEqual(["dropped"])
        expect((yield* call("ListHosts", {}, { url: server.url })).status).toBe(200)
      })
    ))

  it.scopedLive("malformedNext truncated announces the full length and cuts the connection", () =>
    live((server) =>
      Effect.gen(function*() {
        yield* server.emulator.malformedNext("truncated")
        const exit = yield* Effect.exit(call("ListHosts", {}, { url: server.url }))
        expect(Exit.isFailure(exit)).toBe(true)
        expect((yield* call("ListHosts", {}, { url: server.url })).status).toBe(200)
      })
    ))

  it.scopedLive("malformedNext html and json", () =>
    live((server) =>
      Effect.gen(function*() {
        yield* server.emulator.malformedNext("html", { status: 504 })
        yield* server.emulator.malformedNext("json")
        const html = yield* call("ListHosts", {}, { url: server.url })
        expect(html.status).toBe(504)
        expect(html.headers["content-type"]).toContain("text/html")
        const json = yield* call("ListHosts", {}, { url: server.url })
        expect(json.status).toBe(200)
        expect(json.json).toBeUndefined()
      })
    ))

  it.scopedLive("delayNext holds the answer for real time", () =>
    live((server) =>
      Effect.gen(function*() {
        yield* server.emulator.delayNext(300)
        const started = Date.now()
        expect((yield* call("ListHosts", {}, { url: server.url })).status).toBe(200)
        expect(Date.now() - started).toBeGreaterThanOrEqual(290)
      })
    ))

  it.scopedLive("skewClock shows in the Date header and rejects a client with a correct clock", () =>
    live((server) =>
      Effect.gen(function*() {
        yield* server.emulator.skewClock(3_600_000)
        const answer = yield* call("ListHosts", {}, { url: server.url })
        expect(errorCode(answer)).toBe("InvalidSignatureException")
        const serverDate = Date.parse(answer.headers["date"] ?? "")
        expect(Math.abs(serverDate - (Date.now() + 3_600_000))).toBeLessThan(5_000)
        // Signing with the server's clock (what a skew-correcting client does) works.
        expect((yield* call("ListHosts", {}, { url: server.url, signingDate: new Date(serverDate) })).status).toBe(200)
      })
    ))

  it.scopedLive("a port in use fails with EmulatorServerError", () =>
    Effect.gen(function*() {
      const first = yield* Emulator.server()
      const exit = yield* Effect.exit(Emulator.server({ port: first.port }))
      expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error._tag : "started").toBe(
        "EmulatorServerError"
      )
    }))

  it.live("closes when its scope closes", () =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      const server = yield* Scope.extend(Emulator.server(), scope)
      const before = yield* Effect.promise(() =>
        fetch(`${server.url}/_emulator/info`, { method: "POST" }).then((r) => r.status)
      )
      expect(before).toBe(200)
      yield* Scope.close(scope, Exit.void)
      const after = yield* Effect.promise(() =>
        fetch(`${server.url}/_emulator/info`, { method: "POST" }).then(() => "answered", () => "refused")
      )
      expect(after).toBe("refused")
    }))
})
