import { createServer, type IncomingMessage } from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { environmentCredentials, layerCodeStarConnections } from "../src/NodeClient.js"

const withEnv = (env: Record<string, string>) => Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

describe("environment credentials", () => {
  it.effect("are read from the standard variables, secrets redacted", () =>
    Effect.gen(function*() {
      const identity = yield* environmentCredentials.get.pipe(withEnv({
        AWS_ACCESS_KEY_ID: "AKIDENV",
        AWS_SECRET_ACCESS_KEY: "env-secret",
        AWS_SESSION_TOKEN: "env-token"
      }))
      expect(identity.accessKeyId).toBe("AKIDENV")
      expect(Redacted.value(identity.secretAccessKey)).toBe("env-secret")
      expect(identity.sessionToken && Redacted.value(identity.sessionToken)).toBe("env-token")
      expect(String(identity.secretAccessKey)).not.toContain("env-secret")
    }))

  it.effect("missing variables are a typed failure", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(environmentCredentials.get.pipe(withEnv({ AWS_ACCESS_KEY_ID: "AKIDENV" })))
      expect(error._tag).toBe("CredentialsUnavailable")
    }))
})

/** A loopback server that records one request and answers a GetConnection output. */
const recordingServer = Effect.acquireRelease(
  Effect.async<{ readonly url: string; readonly seen: Array<{ headers: IncomingMessage["headers"]; body: string }>; readonly close: () => void }>((resume) => {
    const seen: Array<{ headers: IncomingMessage["headers"]; body: string }> = []
    const server = createServer((req, res) => {
      let body = ""
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")))
      req.on("end", () => {
        seen.push({ headers: req.headers, body })
        res.writeHead(200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "r-1" })
        res.end(JSON.stringify({ Connection: { ConnectionName: "over-loopback", ConnectionStatus: "AVAILABLE" } }))
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, seen, close: () => server.close() }))
    })
  }),
  (server) => Effect.sync(server.close)
)

describe("NodeClient over real HTTP", () => {
  it.scoped("signs with aws4fetch and sends over fetch", () =>
    Effect.gen(function*() {
      const server = yield* recordingServer
      const client = yield* CodeStarConnections.pipe(
        Effect.provide(layerCodeStarConnections({
          region: "us-west-2",
          endpoint: server.url,
          credentials: { accessKeyId: "AKIDLOOP", secretAccessKey: "loop-secret" }
        }))
      )
      const out = yield* client.getConnection({
        ConnectionArn: "arn:aws:codestar-connections:us-west-2:123456789012:connection/abc"
      })
      expect(out.Connection?.ConnectionStatus).toBe("AVAILABLE")
      expect(server.seen).toHaveLength(1)
      const { body, headers } = server.seen[0]!
      expect(headers["x-amz-target"]).toBe("CodeStar_connections_20191201.GetConnection")
      expect(headers["content-type"]).toBe("application/x-amz-json-1.0")
      expect(headers["authorization"]).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDLOOP\/\d{8}\/us-west-2\/codestar-connections\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/
      )
      expect(JSON.parse(body)).toEqual({ ConnectionArn: "arn:aws:codestar-connections:us-west-2:123456789012:connection/abc" })
    }))
})
