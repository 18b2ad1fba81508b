/**
 * Test helpers for the Node runtime: a process environment set for one test
 * (the AWS SDK's providers read `process.env` directly), temporary
 * directories, and loopback HTTP servers as scoped resources.
 */
import * as Effect from "effect/Effect"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { connect, createServer as createNetServer, type Socket } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

/**
 * Sets `process.env` for the scope: every `AWS_*` variable is removed first
 * (so the machine's own settings cannot leak in), then `vars` are set.
 * Everything is restored when the scope closes.
 */
export const withProcessEnv = (vars: Readonly<Record<string, string>>) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const saved = { ...process.env }
      for (const key of Object.keys(process.env)) {
        if (key.startsWith("AWS_")) delete process.env[key]
      }
      Object.assign(process.env, vars)
      return saved
    }),
    (saved) =>
      Effect.sync(() => {
        for (const key of Object.keys(process.env)) {
          if (!(key in saved)) delete process.env[key]
        }
        Object.assign(process.env, saved)
      })
  )

/** A temporary directory, removed with the scope; `write` puts a file in it and returns its path. */
export const tempDir = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "effect-codestar-node-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
).pipe(
  Effect.map((dir) => ({
    dir,
    write: (name: string, content: string) =>
      Effect.promise(async () => {
        const path = join(dir, name)
        await writeFile(path, content, { mode: 0o700 })
        return path
      })
  }))
)

export interface SeenRequest {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage["headers"]
  readonly body: string
}

/** A loopback HTTP server (127.0.0.1, a free port) answering with `handler`; closed with the scope. */
export const loopback = (handler: (request: SeenRequest, response: ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly seen: Array<SeenRequest>; readonly close: () => Promise<void> }>(
      (resume) => {
        const seen: Array<SeenRequest> = []
        const server = createServer((req, res) => {
          let body = ""
          req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")))
          req.on("end", () => {
            const request = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body }
            seen.push(request)
            handler(request, res)
          })
        })
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          const port = typeof address === "object" && address !== null ? address.port : 0
          resume(Effect.succeed({
            url: `http://127.0.0.1:${port}`,
            seen,
            close: () =>
              new Promise<void>((done) => {
                server.closeAllConnections()
                server.close(() => done())
              })
          }))
        })
      }
    ),
    (server) => Effect.promise(server.close)
  )

/** Sends a JSON answer. */
export const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers })
  res.end(JSON.stringify(body))
}

/** One client connection through {@link tcpProxy}. */
export interface ProxiedConnection {
  /** Bytes the client sent on it. */
  fromClient: number
  /** Bytes the server sent back on it. */
  fromServer: number
  /** The client closed (or reset) its side first. */
  closedByClient: boolean
  /** The server closed its side first. */
  closedByServer: boolean
}

/**
 * A transparent TCP proxy on 127.0.0.1 in front of `targetPort`, to watch
 * connections from the server's side: how many, whether the client closed
 * them, and whether anything came back before.
 */
export const tcpProxy = (targetPort: number) =>
  Effect.acquireRelease(
    Effect.async<
      { readonly url: string; readonly connections: Array<ProxiedConnection>; readonly close: () => Promise<void> }
    >(
      (resume) => {
        const connections: Array<ProxiedConnection> = []
        const sockets = new Set<Socket>()
        const server = createNetServer((client) => {
          const record: ProxiedConnection = {
            fromClient: 0,
            fromServer: 0,
            closedByClient: false,
            closedByServer: false
          }
          connections.push(record)
          const upstream = connect(targetPort, "127.0.0.1")
          sockets.add(client)
          sockets.add(upstream)
          client.on("data", (chunk: Buffer) => {
            record.fromClient += chunk.length
            upstream.write(chunk)
          })
          upstream.on("data", (chunk: Buffer) => {
            record.fromServer += chunk.length
            client.write(chunk)
          })
          client.on("close", () => {
            if (!record.closedByServer) record.closedByClient = true
            upstream.destroy()
          })
          upstream.on("close", () => {
            if (!record.closedByClient) record.closedByServer = true
            client.destroy()
          })
          client.on("error", () => upstream.destroy())
          upstream.on("error", () => client.destroy())
        })
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          const port = typeof address === "object" && address !== null ? address.port : 0
          resume(Effect.succeed({
            url: `http://127.0.0.1:${port}`,
            connections,
            close: () =>
              new Promise<void>((done) => {
                for (const socket of sockets) socket.destroy()
                server.close(() => done())
              })
          }))
        })
      }
    ),
    (proxy) => Effect.promise(proxy.close)
  )
