#!/usr/bin/env node
/**
 * Runs the emulator as a loopback server until Ctrl-C or SIGTERM, for demos,
 * examples, pipelines and the test suites of other projects (or workerd).
 *
 *   codestar-emulator [--port 4599] [--handshake-after 5s] [--accept-any-credentials]
 *                     [--host-after <duration>] [--sync-after <duration>]
 *                     [--account 123456789012] [--page-size 50]
 *
 * Once it listens, it prints exactly one line on stdout,
 * `codestar-emulator ready at http://127.0.0.1:<port>`, so that a test suite
 * or a pipeline can wait for that line and read the URL from it; the details
 * (credentials, control endpoint) go to stderr. Durations: `500ms`, `5s`,
 * `2m`, `1h`, a bare number of milliseconds, or an Effect duration string
 * ("10 seconds").
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import { parseArgs } from "node:util"
import { Emulator } from "./index.js"

const usage = `Usage: codestar-emulator [options]   (in this repository: pnpm emulator [options])

  --port <n>                  port on 127.0.0.1 (default 4599; 0 picks a free one)
  --handshake-after <d>       a new connection turns AVAILABLE by itself after this long (default: never;
                              it stays PENDING until POST /_emulator/completeHandshake, as on AWS)
  --host-after <d>            the same for hosts
  --sync-after <d>            a sync attempt turns SUCCEEDED after this long
  --accept-any-credentials    accept any well-formed signed request (e.g. keys test/test); the signature of
                              a key the emulator does not know cannot be checked and is not
  --account <12 digits>       account id in ARNs (default 123456789012)
  --page-size <n>             items per page when MaxResults is absent (default 50)

Durations: 500ms, 5s, 2m, 1h, a bare number of milliseconds, or "10 seconds".
On start it prints one line on stdout: codestar-emulator ready at <url>.`

const fail = (message: string): never => {
  console.error(`${message}\n\n${usage}`)
  process.exit(2)
}

const options = {
  port: { type: "string", default: "4599" },
  "handshake-after": { type: "string" },
  "handshake-delay": { type: "string" },
  "host-after": { type: "string" },
  "host-delay": { type: "string" },
  "sync-after": { type: "string" },
  "sync-delay": { type: "string" },
  "accept-any-credentials": { type: "boolean" },
  account: { type: "string" },
  "page-size": { type: "string" },
  help: { type: "boolean", short: "h" }
} satisfies NonNullable<Parameters<typeof parseArgs>[0]>["options"]

/** The parsed flags; an unknown flag or a missing value ends with the usage and exit code 2, not a stack trace. */
const parseFlags = () => {
  try {
    return parseArgs({ options }).values
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e))
  }
}
const values = parseFlags()

const units: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** `5s`, `1m30s`, `500` (milliseconds), or an Effect duration string. */
const duration = (name: string, value: string | undefined): Duration.Duration | undefined => {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Duration.millis(Number(text))
  if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) {
    let millis = 0
    for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
      millis += Number(amount) * (units[unit ?? "ms"] ?? 1)
    }
    return Duration.millis(millis)
  }
  const decoded = Duration.decodeUnknown(text)
  return Option.isSome(decoded) ? decoded.value : fail(`--${name}: not a duration: ${value}`)
}

const integer = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  return /^\d+$/.test(value) ? Number(value) : fail(`--${name}: not a whole number: ${value}`)
}

if (values.help === true) {
  console.log(usage)
  process.exit(0)
}

// The --*-delay spellings are the older names of the same options.
const program = Effect.gen(function*() {
  const server = yield* Emulator.server({
    port: integer("port", values.port),
    accountId: values.account,
    handshakeCompletesAfter: duration("handshake-after", values["handshake-after"] ?? values["handshake-delay"]),
    hostSetupCompletesAfter: duration("host-after", values["host-after"] ?? values["host-delay"]),
    syncCompletesAfter: duration("sync-after", values["sync-after"] ?? values["sync-delay"]),
    defaultPageSize: integer("page-size", values["page-size"]),
    acceptAnyCredentials: values["accept-any-credentials"] === true
  })
  yield* Effect.sync(() => {
    process.stdout.write(`codestar-emulator ready at ${server.url}\n`)
    process.stderr.write([
      `CodeStar Connections / CodeConnections emulator`,
      ``,
      `  endpoint           ${server.url}`,
      `  region             any (ARNs use the region the request is signed for)`,
      `  access key id      ${Emulator.testCredentials.accessKeyId}${
        values["accept-any-credentials"] === true ? " (or any other)" : ""
      }`,
      `  secret access key  ${Emulator.testCredentials.secretAccessKey}`,
      `  account            ${server.emulator.accountId}`,
      `  control            POST ${server.url}/_emulator/<action>  (e.g. completeHandshake {"arn": "..."})`,
      ``,
      `Press Ctrl-C to stop.`,
      ``
    ].join("\n"))
  })
  return yield* Effect.never
}).pipe(Effect.scoped)

const fiber = Effect.runFork(program)
const stop = () => Effect.runFork(Fiber.interrupt(fiber))
process.once("SIGINT", stop)
process.once("SIGTERM", stop)
fiber.addObserver((exit) => {
  if (Exit.isFailure(exit) && !Exit.isInterrupted(exit)) {
    console.error(`The emulator stopped: ${String(exit.cause)}`)
    process.exitCode = 1
  }
})
