/**
 * The loopback transport: a `node:http` server on 127.0.0.1 only, so that a
 * dropped connection really is a socket destroyed without an answer. Service
 * calls go to `POST /`; control actions to `POST /_emulator/<action>`
 * (unsigned: the server listens on loopback only).
 */
import * as Effect from "effect/Effect"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as http from "node:http"
import type { Emulator } from "./model.js"
import type { WireOutcome } from "./wire.js"

/** The server could not start (the port is taken, for instance). */
export class EmulatorServerError extends Schema.TaggedError<EmulatorServerError>()("EmulatorServerError", {
  message: Schema.String
}) {}

export const controlPrefix = "/_emulator/"

const lowerCaseHeaders = (raw: http.IncomingHttpHeaders): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value
  }
  return headers
}

const readBody = (req: http.IncomingMessage): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

const sendJson = (res: http.ServerResponse, status: number, value: unknown): void => {
  const body = JSON.stringify(value)
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
  res.end(body)
}

const send = (req: http.IncomingMessage, res: http.ServerResponse, outcome: WireOutcome): void => {
  if (outcome._tag === "Drop") {
    req.socket.destroy()
    return
  }
  const { response } = outcome
  const body = Buffer.from(response.body, "utf8")
  res.writeHead(response.status, { ...response.headers, "content-length": body.length })
  if (response.truncate) {
    // Announce the whole length, deliver half, then cut the connection.
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy())
  } else {
    res.end(body)
  }
}

/** Starts the server for the lifetime of the scope and returns the port it listens on. */
export const listen = (
  emulator: Emulator,
  port: number
): Effect.Effect<number, EmulatorServerError, Scope.Scope> =>
  Effect.gen(function*() {
    const runtime = yield* Effect.runtime<never>()
    const run = Runtime.runPromise(runtime)

    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      const path = req.url ?? "/"
      readBody(req).then(async (body) => {
        if (path.startsWith(controlPrefix)) {
          const action = path.slice(controlPrefix.length).split("?")[0] ?? ""
          let args: unknown = {}
          try {
            const text = Buffer.from(body).toString("utf8")
            args = text.trim() === "" ? {} : JSON.parse(text)
          } catch {
            return sendJson(res, 400, { error: "The control body is not JSON." })
          }
          const result = await run(Effect.either(emulator.control(action, args)))
          return result._tag === "Right"
            ? sendJson(res, 200, result.right)
            : sendJson(res, 400, { error: result.left.message })
        }
        const outcome = await run(emulator.handle({
          method: req.method ?? "GET",
          path,
          authority: undefined,
          headers: lowerCaseHeaders(req.headers),
          body
        }))
        send(req, res, outcome)
      }).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: String(error) })
        else res.destroy()
      })
    }

    const server = yield* Effect.acquireRelease(
      Effect.async<http.Server, EmulatorServerError>((resume) => {
        const server = http.createServer(onRequest)
        server.once("error", (error) => resume(Effect.fail(new EmulatorServerError({ message: error.message }))))
        server.listen(port, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )
    const address = server.address()
    return typeof address === "object" && address !== null ? address.port : port
  })
