/**
 * The Node layers end to end over real HTTP on loopback: what goes on the
 * wire, settings taken from the environment, and no secret in any span,
 * span event or log line.
 */
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { describe, expect, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Tracer from "effect/Tracer"
import * as NodeCodeConnections from "../src/NodeCodeConnections.js"
import * as NodeCodeStarConnections from "../src/NodeCodeStarConnections.js"
import { loopback, sendJson, tempDir, withProcessEnv } from "./support.js"

const arn = "arn:aws:codestar-connections:us-west-2:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
const connection = { Connection: { ConnectionName: "over-loopback", ConnectionStatus: "AVAILABLE" } }

/** A loopback service answering every call with `connection`, or with `status` errors first. */
const service = (failFirst = 0, status = 503) => {
  let calls = 0
  return loopback((_, res) => {
    calls++
    if (calls <= failFirst) {
      sendJson(res, status, { __type: "ServiceUnavailable", message: "try later" }, {
        "x-amzn-requestid": `r-${calls}`
      })
    } else {
      sendJson(res, 200, connection, { "x-amzn-requestid": `r-${calls}` })
    }
  })
}

/** The process environment without AWS settings and with an empty HOME, for the scope. */
const quietEnvironment = Effect.flatMap(tempDir, (home) => withProcessEnv({ HOME: home.dir }))

const signature =
  /^AWS4-HMAC-SHA256 Credential=(\w+)\/\d{8}\/([\w-]+)\/([\w-]+)\/aws4_request, SignedHeaders=host;x-amz-date(?:;x-amz-security-token)?;x-amz-target;x-amz-user-agent, Signature=[0-9a-f]{64}$/

describe("over real HTTP", () => {
  it.scopedLive("make: the client as a value, its transport living as long as the scope it was made in", () =>
    Effect.gen(function*() {
      yield* quietEnvironment
      const server = yield* service()
      const client = yield* NodeCodeConnections.make({
        region: "eu-west-1",
        endpoint: server.url,
        credentials: { accessKeyId: "AKIDMAKE", secretAccessKey: "make-secret" },
        signer: "aws4fetch"
      })
      const first = yield* client.getConnection({ ConnectionArn: arn })
      const second = yield* client.getConnection({ ConnectionArn: arn })
      expect([first.Connection?.ConnectionStatus, second.Connection?.ConnectionStatus]).toEqual([
        "AVAILABLE",
        "AVAILABLE"
      ])
      expect(server.seen.map((r) => r.headers["x-amz-target"])).toEqual([
        "CodeConnections_20231201.GetConnection",
        "CodeConnections_20231201.GetConnection"
      ])
    }))

  it.scopedLive("CodeStar Connections: signed (node:crypto by default), sent with node:http", () =>
    Effect.gen(function*() {
      yield* quietEnvironment
      const server = yield* service()
      const context = yield* Layer.build(NodeCodeStarConnections.layer({
        region: "us-west-2",
        endpoint: server.url,
        credentials: { accessKeyId: "AKIDLOOP", secretAccessKey: "loop-secret" }
      }))
      const out = yield* Context.get(context, CodeStarConnections).getConnection({ ConnectionArn: arn })
      expect(out.Connection?.ConnectionStatus).toBe("AVAILABLE")
      expect(server.seen).toHaveLength(1)
      const { body, headers } = server.seen[0]!
      expect(headers["x-amz-target"]).toBe("CodeStar_connections_20191201.GetConnection")
      expect(headers["content-type"]).toBe("application/x-amz-json-1.0")
      expect(signature.exec(headers["authorization"] ?? "")?.slice(1)).toEqual([
        "AKIDLOOP",
        "us-west-2",
        "codestar-connections"
      ])
      expect(JSON.parse(body)).toEqual({ ConnectionArn: arn })
    }))

  it.scopedLive("CodeConnections: its own target and signing name", () =>
    Effect.gen(function*() {
      yield* quietEnvironment
      const server = yield* service()
      const context = yield* Layer.build(NodeCodeConnections.layer({
        region: "eu-central-1",
        endpoint: server.url,
        credentials: { accessKeyId: "AKIDTWIN", secretAccessKey: "twin-secret", sessionToken: "twin-token" }
      }))
      yield* Context.get(context, CodeConnections).getConnection({ ConnectionArn: arn })
      const { headers } = server.seen[0]!
      expect(headers["x-amz-target"]).toBe("CodeConnections_20231201.GetConnection")
      expect(headers["x-amz-security-token"]).toBe("twin-token")
      expect(signature.exec(headers["authorization"] ?? "")?.slice(1)).toEqual([
        "AKIDTWIN",
        "eu-central-1",
        "codeconnections"
      ])
    }))

  it.scopedLive("everything from the environment: region, service endpoint, keys, attempts", () =>
    Effect.gen(function*() {
      yield* quietEnvironment
      const server = yield* service(5)
      const home = yield* tempDir
      const provider = ConfigProvider.fromMap(
        new Map([
          ["HOME", home.dir],
          ["AWS_REGION", "ap-northeast-1"],
          ["AWS_ENDPOINT_URL", "http://127.0.0.1:9"],
          ["AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS", server.url],
          ["AWS_ACCESS_KEY_ID", "AKIDFROMENV"],
          ["AWS_SECRET_ACCESS_KEY", "env-secret"],
          ["AWS_MAX_ATTEMPTS", "2"]
        ])
      )
      const error = yield* Effect.gen(function*() {
        const context = yield* Layer.build(NodeCodeStarConnections.layer())
        return yield* Effect.flip(Context.get(context, CodeStarConnections).getConnection({ ConnectionArn: arn }))
      }).pipe(Effect.withConfigProvider(provider))
      expect(error).toMatchObject({ _tag: "ServiceUnavailable", Message: "try later" })
      expect(server.seen).toHaveLength(2)
      expect(signature.exec(server.seen[0]!.headers["authorization"] ?? "")?.slice(1)).toEqual([
        "AKIDFROMENV",
        "ap-northeast-1",
        "codestar-connections"
      ])
    }))

  it.scopedLive("layerConfig: options from Config", () =>
    Effect.gen(function*() {
      yield* quietEnvironment
      const server = yield* service()
      const provider = ConfigProvider.fromMap(
        new Map([["ENDPOINT", server.url], ["KEY", "AKIDCFG"], ["SECRET", "cfg-secret"]])
      )
      yield* Effect.gen(function*() {
        const context = yield* Layer.build(NodeCodeStarConnections.layerConfig({
          region: Config.succeed("sa-east-1"),
          endpoint: Config.string("ENDPOINT"),
          credentials: { accessKeyId: Config.string("KEY"), secretAccessKey: Config.redacted("SECRET") },
          retry: { maxAttempts: Config.integer("ATTEMPTS").pipe(Config.withDefault(1)) }
        }))
        yield* Context.get(context, CodeStarConnections).getConnection({ ConnectionArn: arn })
      }).pipe(Effect.withConfigProvider(provider))
      expect(signature.exec(server.seen[0]!.headers["authorization"] ?? "")?.slice(1)).toEqual([
        "AKIDCFG",
        "sa-east-1",
        "codestar-connections"
      ])
    }))
})

describe("no secret in traces or logs (real signing)", () => {
  it.scopedLive("spans, span events and log lines of a retried call", () =>
    Effect.gen(function*() {
      yield* quietEnvironment
      const server = yield* service(1)
      const recorded: Array<string> = []
      const spans: Array<{ name: string; attributes: Map<string, unknown> }> = []
      const tracer = Tracer.make({
        span: (name, parent, context, links, startTime, kind, options) => {
          const attributes = new Map<string, unknown>(Object.entries(options?.attributes ?? {}))
          spans.push({ name, attributes })
          const span: Tracer.Span = {
            _tag: "Span",
            name,
            spanId: `s${spans.length}`,
            traceId: "t",
            parent,
            context,
            status: { _tag: "Started", startTime },
            attributes,
            links,
            sampled: true,
            kind,
            end: (_endTime, exit) => {
              recorded.push(`${name} end ${Exit.isSuccess(exit) ? "Success" : String(exit.cause)}`)
            },
            attribute: (key, value) => {
              attributes.set(key, value)
            },
            event: (eventName, _time, eventAttributes) => {
              recorded.push(`${name} event ${eventName} ${JSON.stringify(eventAttributes ?? {})}`)
            },
            addLinks: () => {}
          }
          return span
        },
        context: (f) => f()
      })
      const logger = Logger.make(({ message }) => {
        recorded.push(`log ${JSON.stringify(message)}`)
      })
      const context = yield* Layer.build(NodeCodeStarConnections.layer({
        region: "us-west-2",
        endpoint: server.url,
        credentials: {
          accessKeyId: "AKIDTRACE",
          secretAccessKey: "trace-secret-key",
          sessionToken: "trace-session-token"
        },
        retry: { baseDelay: "1 millis" }
      }))
      yield* Context.get(context, CodeStarConnections).getConnection({ ConnectionArn: arn }).pipe(
        Effect.withTracer(tracer),
        Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
        Logger.withMinimumLogLevel(LogLevel.All)
      )
      expect(server.seen).toHaveLength(2)
      const call = spans.find((s) => s.name === "CodeStarConnections.GetConnection")
      expect(call?.attributes.get("aws.attempts")).toBe(2)
      expect(call?.attributes.get("aws.request_id")).toBe("r-2")
      // One span per call, none per HTTP request: the signed request never reaches the tracer.
      expect(spans.map((s) => s.name)).toEqual(["CodeStarConnections.GetConnection"])
      const sent = server.seen.map((r) => r.headers["authorization"] ?? "")
      expect(sent.every((a) => a.startsWith("AWS4-HMAC-SHA256"))).toBe(true)
      const everything = [
        ...recorded,
        ...spans.map((s) => JSON.stringify([...s.attributes]))
      ].join("\n")
      expect(recorded.some((line) => line.includes("aws.retry"))).toBe(true)
      for (const secret of ["trace-secret-key", "trace-session-token", ...sent]) {
        expect(everything).not.toContain(secret)
      }
    }))
})
