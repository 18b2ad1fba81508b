/**
 * The runtime's own node:http transport over real loopback HTTP: small
 * node:http servers started here (which count the connections they see and
 * when each closes), and the emulator's server behind the whole Node layer.
 * What matters besides the answers: sockets are reused, and every socket the
 * transport opened is closed once a request is abandoned or the layer's
 * scope ends.
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { DirectSendId, hasDirectSend } from "@effect-codestar/core/DirectTransport"
import type { RetryOptions } from "@effect-codestar/core/Retry"
import { Emulator } from "@effect-codestar/emulator"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { createHash } from "node:crypto"
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

const transport = (options?: Transport.TransportOptions) =>
  Effect.flatMap(
    Layer.build(Layer.scoped(HttpClient.HttpClient, Transport.make(options))),
    (context) => Effect.succeed(Context.get(context, HttpClient.HttpClient))
  )

const post = (url: string, body = "{}") =>
  HttpClientRequest.post(url, { body: HttpBody.text(body, "application/x-amz-json-1.0") })

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

describe("the node:http transport", () => {
  it.scopedLive("a normal call: body sent, status, lowercase headers, text, json and bytes read", () =>
    Effect.gen(function*() {
      let contentType: string | undefined
      const server = yield* watchedServer((req, res) => {
        contentType = req.headers["content-type"]
        res.writeHead(201, [["X-Amzn-RequestId", "req-1"], ["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"], [
          "Content-Type",
          "application/json"
        ]])
        res.end(JSON.stringify(answer))
      })
      const http = yield* transport()
      const response = yield* http.execute(post(server.url, "{\"héllo\":1}"))
      expect(response.status).toBe(201)
      expect(response.headers["x-amzn-requestid"]).toBe("req-1")
      expect(response.headers["content-type"]).toBe("application/json")
      expect(contentType).toBe("application/x-amz-json-1.0")
      expect(response.cookies.cookies["b"]?.value).toBe("2")
      expect(yield* response.json).toEqual(answer)
      expect(yield* response.text).toBe(JSON.stringify(answer))
      expect(new TextDecoder().decode(yield* response.arrayBuffer)).toBe(JSON.stringify(answer))

      // The bytes of a non-ASCII body arrive intact, with a matching content-length.
      const seen = yield* watchedServer((req, res, body) =>
        res.end(`${req.headers["content-length"]}|${body.toString("utf8")}`)
      )
      const echoed = yield* Effect.flatMap(http.execute(post(seen.url, "{\"héllo\":1}")), (r) => r.text)
      expect(echoed).toBe(`${Buffer.byteLength("{\"héllo\":1}")}|{"héllo":1}`)
    }))

  it.scopedLive("a large response body (8 MiB in many chunks) arrives whole", () =>
    Effect.gen(function*() {
      const big = Buffer.alloc(8 * 1024 * 1024)
      for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff
      const server = yield* watchedServer((_, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream" })
        for (let offset = 0; offset < big.length; offset += 64 * 1024) {
          res.write(big.subarray(offset, offset + 64 * 1024))
        }
        res.end()
      })
      const http = yield* transport()
      const bytes = yield* Effect.flatMap(http.execute(post(server.url)), (r) => r.arrayBuffer)
      expect(bytes.byteLength).toBe(big.length)
      const digest = (b: Uint8Array) => createHash("sha256").update(b).digest("hex")
      expect(digest(new Uint8Array(bytes))).toBe(digest(big))
    }))

  it.scopedLive("a reset connection is a typed Transport RequestError", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((req) => req.socket.resetAndDestroy())
      const http = yield* transport()
      const error = yield* Effect.flip(http.execute(post(server.url)))
      expect(error).toMatchObject({ _tag: "RequestError", reason: "Transport" })
      expect(error.message).toMatch(/ECONNRESET|socket hang up/)
    }))

  it.scopedLive("https goes through TLS: against a plain HTTP port the handshake fails with a typed Transport error", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => res.end("{}"))
      const http = yield* transport()
      const error = yield* Effect.flip(http.execute(post(server.url.replace("http:", "https:"))))
      expect(error).toMatchObject({ _tag: "RequestError", reason: "Transport" })
      expect(server.stats.requests).toBe(0)
      expect(server.stats.opened).toBe(1)
    }))

  it.scopedLive("a body cut short after the headers is a typed Transport error", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => {
        res.writeHead(200, { "content-length": "1000" })
        res.write("{\"partial\":")
        setTimeout(() => res.socket?.destroy(), 20)
      })
      const http = yield* transport()
      const error = yield* Effect.flip(http.execute(post(server.url)))
      expect(error).toMatchObject({ _tag: "RequestError", reason: "Transport" })
    }))

  it.scopedLive("stream bodies are refused with a typed Encode error, before any connection", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => res.end())
      const http = yield* transport()
      const request = HttpClientRequest.post(server.url, {
        body: HttpBody.stream(Stream.make(new Uint8Array([1, 2, 3])), "application/octet-stream")
      })
      const error = yield* Effect.flip(http.execute(request))
      expect(error).toMatchObject({ _tag: "RequestError", reason: "Encode" })
      expect(server.stats.opened).toBe(0)
    }))

  it.scopedLive("a header Node refuses to write is a typed Encode error, not a defect", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => res.end())
      const http = yield* transport()
      const error = yield* Effect.flip(
        http.execute(post(server.url).pipe(HttpClientRequest.setHeader("x-bad", "a\r\nb")))
      )
      expect(error).toMatchObject({ _tag: "RequestError", reason: "Encode" })
      expect(server.stats.requests).toBe(0)
    }))

  it.scopedLive("sequential calls reuse one keep-alive connection", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => res.end("{}"))
      const http = yield* transport()
      for (let i = 0; i < 20; i++) yield* Effect.flatMap(http.execute(post(server.url)), (r) => r.text)
      expect(server.stats.requests).toBe(20)
      expect(server.stats.opened).toBe(1)
      expect(server.stats.closed).toBe(0)
    }))

  it.scopedLive("an interrupted request is aborted: its socket is closed, not pooled", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer(() => {}) // never answers
      const http = yield* transport()
      const fiber = yield* Effect.fork(http.execute(post(server.url)))
      yield* eventually(() => server.stats.requests === 1)
      expect(server.stats.requests).toBe(1)
      yield* Fiber.interrupt(fiber)
      expect(Exit.isInterrupted(yield* Fiber.await(fiber))).toBe(true)
      yield* eventually(() => server.stats.closed === 1)
      expect(server.stats.closed).toBe(1)
    }))

  it.scopedLive("a server silent for longer than the bound fails the request and frees its socket", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer(() => {})
      const http = yield* transport({ silentServerMs: 150 })
      const error = yield* Effect.flip(http.execute(post(server.url)))
      expect(error).toMatchObject({ _tag: "RequestError", reason: "Transport" })
      expect(error.message).toContain("no data from the server for 150 ms")
      yield* eventually(() => server.stats.closed === 1)
      expect(server.stats.closed).toBe(1)
    }))

  it.scopedLive("idle pooled sockets are closed after the idle time", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => res.end("{}"))
      const http = yield* transport({ idleSocketMs: 150 })
      yield* Effect.flatMap(http.execute(post(server.url)), (r) => r.text)
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
      const http = yield* transport({ idleSocketMs: 200 })
      yield* Effect.flatMap(http.execute(post(server.url)), (r) => r.text)
      const slow = yield* Effect.flatMap(http.execute(post(server.url)), (r) => r.text)
      expect(slow).toBe("{}")
      expect(server.stats.opened).toBe(1)
    }))

  it.scopedLive("closing the layer's scope closes its pooled sockets at once", () =>
    Effect.gen(function*() {
      const server = yield* watchedServer((_, res) => res.end("{}"))
      const scope = yield* Scope.make()
      // The default idle time (4 s) is far beyond the wait below: only the scope can close the socket.
      const context = yield* Layer.buildWithScope(Transport.layer, scope)
      const http = Context.get(context, HttpClient.HttpClient)
      yield* Effect.flatMap(http.execute(post(server.url)), (r) => r.text)
      yield* Effect.sleep("100 millis")
      expect(server.stats).toEqual({ requests: 1, opened: 1, closed: 0 })
      yield* Scope.close(scope, Exit.void)
      yield* eventually(() => server.stats.closed === 1)
      expect(server.stats.closed).toBe(1)
    }))
})

/** The transport's direct path (`DirectTransport`), as the core client calls it. */
const direct = (options?: Transport.TransportOptions) =>
  Effect.flatMap(
    transport(options),
    (http) => hasDirectSend(http) ? Effect.succeed(http[DirectSendId]) : Effect.dieMessage("no direct path")
  )

const directRequest = (url: string, body = "{}") => ({
  url,
  headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "Svc.Op" },
  body
})

describe("the node:http transport's direct path", () => {
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
