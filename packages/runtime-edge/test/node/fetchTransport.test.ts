/**
 * The edge transport (`fetch`) over real loopback HTTP, in Node (whose global
 * `fetch` is the WHATWG one): what the core reads from each kind of answer
 * and failure. The workerd tests run it end to end against the emulator.
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { describe, expect, it } from "vitest"
import { fetchSend } from "../../src/internal/fetchTransport.js"

/** A loopback server for one test; `closed` counts the connections that ended. */
const serve = async (handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) => {
  const stats = { closed: 0 }
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => handler(req, res, Buffer.concat(chunks).toString("utf8")))
  })
  server.on("connection", (socket) => socket.on("close", () => stats.closed++))
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done))
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/`,
    stats,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      })
  }
}

const request = (url: string, body = "{}") => ({
  url,
  headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "Svc.Op" },
  body
})

describe("the edge fetch transport", () => {
  it("sends the body and headers; reads the status, lower-case headers and the body as UTF-8", async () => {
    const server = await serve((req, res, body) => {
      res.writeHead(201, [["X-Amzn-RequestId", "req-1"], ["Content-Type", "application/x-amz-json-1.0"]])
      res.end(`${req.headers["x-amz-target"]}|${body}|é`)
    })
    try {
      const response = await Effect.runPromise(fetchSend(request(server.url, "{\"héllo\":1}")))
      expect(response.status).toBe(201)
      expect(response.headers["x-amzn-requestid"]).toBe("req-1")
      expect(response.body).toBe("Svc.Op|{\"héllo\":1}|é")
    } finally {
      await server.close()
    }
  })

  it("a refused connection fails with ECONNREFUSED in the cause chain and no status", async () => {
    const server = await serve(() => {})
    await server.close()
    const exit = await Effect.runPromiseExit(fetchSend(request(server.url)))
    expect(Exit.isFailure(exit)).toBe(true)
    const failure = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined
    expect(failure?.status).toBeUndefined()
    expect(failure?.message).toContain("ECONNREFUSED")
  })

  it("a body cut short after the head fails with the answer's status (the service saw the request)", async () => {
    const server = await serve((_, res) => {
      res.writeHead(200, { "content-length": "1000" })
      res.write("{\"partial\":")
      setTimeout(() => res.socket?.destroy(), 20)
    })
    try {
      const exit = await Effect.runPromiseExit(fetchSend(request(server.url)))
      const failure = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined
      expect(failure?.status).toBe(200)
      expect(failure?.message).toMatch(/^reading the response failed: /)
    } finally {
      await server.close()
    }
  })

  it("interrupting the exchange aborts the request: its connection is closed", async () => {
    let received = 0
    const server = await serve(() => {
      received++
    })
    try {
      const fiber = Effect.runFork(fetchSend(request(server.url)))
      for (let i = 0; i < 200 && received === 0; i++) await new Promise((done) => setTimeout(done, 10))
      expect(received).toBe(1)
      const exit = await Effect.runPromise(Fiber.interrupt(fiber))
      expect(Exit.isInterrupted(exit)).toBe(true)
      for (let i = 0; i < 200 && server.stats.closed === 0; i++) await new Promise((done) => setTimeout(done, 10))
      expect(server.stats.closed).toBe(1)
    } finally {
      await server.close()
    }
  })
})
