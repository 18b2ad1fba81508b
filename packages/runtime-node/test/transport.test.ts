/**
 * The runtime's own node:http transport over real loopback HTTP: small
 * node:http servers started here (which count the connections they see and
 * when each closes), and the emulator's server behind the whole Node layer.
 * What matters besides the answers: sockets are reused, and every socket the
 * transport opened is closed once a request is abandoned or the layer's
 * scope ends.
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import type { RetryOptions } from "@effect-codestar/core/Retry"
import { Emulator } from "@effect-codestar/emulator"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import * as Transport from "../src/internal/transport.js"
import * as NodeCodeStarConnections from "../src/NodeCodeStarConnections.js"
import { tcpProxy, tempDir, withProcessEnv } from "./support.js"

/**
 * A loopback server that counts requests and connections (opened, and closed
 * from either side); `handler` gets each request once its body is read.
 */
const watchedServer = (handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void) =>
  Effect.acquireRelease(
    Effect.async<{
      readonly url: string
      readonly stats: { requests: number; opened: number; closed: number }
      readonly close: () => Promise<void>
    }>((resume) => {
      const stats = { requests: 0, opened: 0, closed: 0 }
      const server = createServer((req, res) => {
        stats.requests++
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => handler(req, res, Buffer.concat(chunks)))
      })
      server.on("connection", (socket) => {
        stats.opened++
        socket.on("close", () => stats.closed++)
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({
          url: `http://127.0.0.1:${port}/`,
          stats,
          close: () =>
            new Promise<void>((done) => {
              server.closeAllConnections()
              server.close(() => done())
            })
        }))
      })
    }),
    (server) => Effect.promise(server.close)
  )

/** Waits (up to 2 s) until `condition` holds; the test's own expectation then says what was wrong. */
const eventually = (condition: () => boolean) =>
  Effect.gen(function*() {
    for (let i = 0; i < 200 && !condition(); i++) yield* Effect.sleep("10 millis")
  })

const answer = { Connection: { ConnectionName: "loop", ConnectionStatus: "AVAILABLE" } }

/** A Node client on `endpoint`, with fast retries and no AWS settings from the machine. */
const nodeClient = (endpoint: string, retry: RetryOptions = {}) =>
  Effect.gen(function*() {
    const home = yield* tempDir
    yield* withProcessEnv({ HOME: home.dir })
    const context = yield* Layer.build(NodeCodeStarConnections.layer({
      region: Emulator.defaultRegion,
      endpoint,
      credentials: Emulator.testCredentials,
      retry: { baseDelay: "5 millis", ...retry }
    }))
    return Context.get(context, CodeStarConnections)
  })

const arn = "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"

/** The transport, as the core client calls it; its agents live as long as the test's scope. */
const direct = (options?: Transport.TransportOptions) => Transport.make(options)

const directRequest = (url: string, body = "{}") => ({
  url,
  headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "Svc.Op" },
  body
})

describe("the node:http transport", () => {
  it.scopedLive("a normal call: body and headers sent, status, flattened lower-case headers and body read", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((req, res, body) => {
        res.writeHead(201, [["X-Amzn-RequestId", "req-1"], ["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]])
        res.end(`${req.headers["content-length"]}|${req.headers["x-amz-target"]}|${body.toString("utf8")}|é`)
      })
      const send = yield* direct()
      const response = yield* send(directRequest(server.url, "{\"héllo\":1}"))
      expect(response.status).toBe(201)
      expect(response.headers["x-amzn-requestid"]).toBe("req-1")
      expect(response.headers["set-cookie"]).toBe("a=1, b=2")
      expect(response.body).toBe(`${Buffer.byteLength("{\"héllo\":1}")}|Svc.Op|{"héllo":1}|é`)
    }))

  it.scopedLive("a large response body (8 MiB in many chunks) arrives whole", () =>
    Effect.gen(function*() {
      const text = "0123456789abcdef".repeat(512 * 1024)
      const server = yield* watchedServer((_, res) => {
        for (let offset = 0; offset < text.length; offset += 60_001) res.write(text.slice(offset, offset + 60_001))
        res.end()
      })
      const send = yield* direct()
      const response = yield* send(directRequest(server.url))
      expect(response.body.length).toBe(text.length)
      expect(response.body === text).toBe(true)
    }))

  it.scopedLive("a reset connection fails with Node's error as the cause (the request may have been processed)", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((req) => req.socket.resetAndDestroy())
      const send = yield* direct()
      const failure = yield* Effect.flip(send(directRequest(server.url)))
      expect(failure.message).toMatch(/ECONNRESET|socket hang up/)
      expect(failure.cause).toMatchObject({ code: "ECONNRESET" })
    }))

  it.scopedLive("a refused connection fails with ECONNREFUSED as the cause", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => res.end())
      const url = server.url
      yield* Effect.promise(server.close)
      const send = yield* direct()
      const failure = yield* Effect.flip(send(directRequest(url)))
      expect(failure.cause).toMatchObject({ code: "ECONNREFUSED" })
    }))

  it.scopedLive("a body cut short after the headers is a failure, not a short body", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => {
        res.writeHead(200, { "content-length": "1000" })
        res.write("{\"partial\":")
        setTimeout(() => res.socket?.destroy(), 20)
      })
      const send = yield* direct()
      const failure = yield* Effect.flip(send(directRequest(server.url)))
      expect(failure.message).toMatch(/closed before the end|aborted/)
    }))

  it.scopedLive("a header Node refuses to write is a failure before any byte is sent, not a defect", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => res.end())
      const send = yield* direct()
      const failure = yield* Effect.flip(send({ ...directRequest(server.url), headers: { "x-bad": "a\r\nb" } }))
      expect(failure.message).toMatch(/x-bad/)
      expect(failure.message).not.toContain("a\r\nb")
      expect(server.stats.requests).toBe(0)
    }))

  it.scopedLive("an invalid URL is a failure, not a defect", () =>
    Effect.gen(function*() {
      const send = yield* direct()
      const failure = yield* Effect.flip(send(directRequest("not a url")))
      expect(failure.message).toMatch(/invalid URL/)
    }))

  it.scopedLive("sequential calls reuse one keep-alive connection, also after the endpoint changes", () =>
    Effect.gen(function*() {
      const first = yield* watchedServer((_, res) => res.end("{}"))
      const second = yield* watchedServer((_, res) => res.end("[]"))
      const send = yield* direct()
      for (let i = 0; i < 10; i++) expect((yield* send(directRequest(first.url))).body).toBe("{}")
      for (let i = 0; i < 10; i++) expect((yield* send(directRequest(second.url))).body).toBe("[]")
      expect((yield* send(directRequest(first.url))).body).toBe("{}")
      expect([first.stats.requests, first.stats.opened, second.stats.requests, second.stats.opened]).toEqual([
        11,
        1,
        10,
        1
      ])
    }))

  it.scopedLive("an interrupted request is aborted: its socket is closed, not pooled", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer(() => {})
      const send = yield* direct()
      const fiber = yield* Effect.fork(send(directRequest(server.url)))
      yield* eventually(() => server.stats.requests === 1)
      yield* Fiber.interrupt(fiber)
      expect(Exit.isInterrupted(yield* Fiber.await(fiber))).toBe(true)
      yield* eventually(() => server.stats.closed === 1)
      expect(server.stats.closed).toBe(1)
    }))

  it.scopedLive("a server silent for longer than the bound fails the request and frees its socket", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer(() => {})
      const send = yield* direct({ silentServerMs: 150 })
      const failure = yield* Effect.flip(send(directRequest(server.url)))
      expect(failure.message).toContain("no data from the server for 150 ms")
      yield* eventually(() => server.stats.closed === 1)
      expect(server.stats.closed).toBe(1)
    }))

  it.scopedLive("https goes through TLS: against a plain HTTP port the handshake fails, nothing is processed", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => res.end("{}"))
      const send = yield* direct()
      const failure = yield* Effect.flip(send(directRequest(server.url.replace("http:", "https:"))))
      expect(failure.message.length).toBeGreaterThan(0)
      expect(server.stats.requests).toBe(0)
      expect(server.stats.opened).toBe(1)
    }))

  it.scopedLive("idle pooled sockets are closed after the idle time", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => res.end("{}"))
      const send = yield* direct({ idleSocketMs: 150 })
      yield* send(directRequest(server.url))
      expect(server.stats.closed).toBe(0)
      yield* eventually(() => server.stats.closed === 1)
      expect(server.stats.closed).toBe(1)
    }))

  it.scopedLive("a slow answer on a reused socket is not cut by the idle time", () =>
    Effect.gen(function*() {
      let calls = 0
      const server = yield* watchedServer((_, res) => {
        calls++
        setTimeout(() => res.end("{}"), calls === 1 ? 0 : 600)
      })
      const send = yield* direct({ idleSocketMs: 200 })
      yield* send(directRequest(server.url))
      const slow = yield* send(directRequest(server.url))
      expect(slow.body).toBe("{}")
      expect(server.stats.opened).toBe(1)
    }))

  it.scopedLive("closing the transport's scope closes its pooled sockets at once", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => res.end("{}"))
      const scope = yield* Scope.make()
      // The default idle time (4 s) is far beyond the wait below: only the scope can close the socket.
      const send = yield* Scope.extend(Transport.make(), scope)
      yield* send(directRequest(server.url))
      yield* Effect.sleep("100 millis")
      expect(server.stats).toEqual({ requests: 1, opened: 1, closed: 0 })
      yield* Scope.close(scope, Exit.void)
      yield* eventually(() => server.stats.closed === 1)
      expect(server.stats.closed).toBe(1)
    }))
})

describe("the Node layer over the node:http transport", () => {
  it.scopedLive("against the emulator: sequential calls share one connection, closed with the layer", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.server()
      const proxy = yield* tcpProxy(emulator.port)
      const scope = yield* Scope.make()
      const client = yield* Scope.extend(nodeClient(proxy.url), scope)
      const { ConnectionArn } = yield* client.createConnection({ ConnectionName: "keep-alive", ProviderType: "GitHub" })
      for (let i = 0; i < 10; i++) {
        const { Connection } = yield* client.getConnection({ ConnectionArn: ConnectionArn ?? "" })
        expect(Connection?.ConnectionName).toBe("keep-alive")
      }
      expect(yield* emulator.emulator.callCount("GetConnection")).toBe(10)
      expect(proxy.connections).toHaveLength(1)
      expect(proxy.connections[0]?.closedByClient).toBe(false)
      yield* Scope.close(scope, Exit.void)
      yield* eventually(() => proxy.connections[0]?.closedByClient === true)
      expect(proxy.connections[0]?.closedByClient).toBe(true)
    }))

  it.scopedLive("connections reset by the server are retried by the core policy, then end in a Transport error", () =>
    Effect.gen(function*() {
      let resets = 1
      const server = yield* watchedServer((req, res) => {
        if (resets-- > 0) return req.socket.resetAndDestroy()
        res.writeHead(200, { "content-type": "application/x-amz-json-1.0" })
        res.end(JSON.stringify(answer))
      })
      const client = yield* nodeClient(server.url)
      const { Connection } = yield* client.getConnection({ ConnectionArn: arn })
      expect(Connection?.ConnectionStatus).toBe("AVAILABLE")
      expect(server.stats.requests).toBe(2)

      resets = 3
      const error = yield* Effect.flip(client.getConnection({ ConnectionArn: arn }))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Transport", operation: "GetConnection" })
      expect(server.stats.requests).toBe(5)
    }))

  it.scopedLive("a server that never answers: each attempt times out and its socket is closed", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer(() => {})
      const client = yield* nodeClient(server.url, { attemptTimeout: "200 millis", maxAttempts: 2 })
      const error = yield* Effect.flip(client.getConnection({ ConnectionArn: arn }))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Timeout" })
      expect(server.stats.requests).toBe(2)
      // A fresh connection per attempt, and none left open.
      expect(server.stats.opened).toBe(2)
      yield* eventually(() => server.stats.closed === 2)
      expect(server.stats.closed).toBe(2)
    }))
})
