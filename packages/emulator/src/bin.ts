#!/usr/bin/env node
/**
 * Runs the emulator as a loopback server until Ctrl-C, for demos, examples
 * and tests in other processes (or in workerd).
 *
 *   pnpm emulator [--port 4599] [--handshake-delay "10 seconds"] [--host-delay ms]
 *                 [--sync-delay ms] [--account 123456789012] [--page-size 50]
 *
 * Durations are milliseconds or Effect duration strings ("10 seconds").
 */
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import { parseArgs } from "node:util"
import { Emulator } from "./index.js"

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4599" },
    "handshake-delay": { type: "string" },
    "host-delay": { type: "string" },
    "sync-delay": { type: "string" },
    account: { type: "string" },
    "page-size": { type: "string" },
    help: { type: "boolean", short: "h" }
  }
})

const usage = `Usage: pnpm emulator [--port 4599] [--handshake-delay <duration>] [--host-delay <duration>]
                     [--sync-delay <duration>] [--account <12 digits>] [--page-size <n>]
--port 0 picks a free port. Durations are milliseconds or strings such as "10 seconds".`

const fail = (message: string): never => {
  console.error(`${message}\n\n${usage}`)
  process.exit(2)
}

const duration = (name: string, value: string | undefined): Duration.Duration | undefined => {
  if (value === undefined) return undefined
  const decoded = Duration.decodeUnknown(/^\d+$/.test(value) ? Number(value) : value)
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

const program = Effect.gen(function*() {
  const server = yield* Emulator.server({
    port: integer("port", values.port),
    accountId: values.account,
    handshakeCompletesAfter: duration("handshake-delay", values["handshake-delay"]),
    hostSetupCompletesAfter: duration("host-delay", values["host-delay"]),
    syncCompletesAfter: duration("sync-delay", values["sync-delay"]),
    defaultPageSize: integer("page-size", values["page-size"])
  })
  yield* Console.log([
    `CodeStar Connections / CodeConnections emulator listening on ${server.url}`,
    ``,
    `  endpoint           ${server.url}`,
    `  region             any (ARNs use the region the request is signed for)`,
    `  access key id      ${Emulator.testCredentials.accessKeyId}`,
    `  secret access key  ${Emulator.testCredentials.secretAccessKey}`,
    `  account            ${server.emulator.accountId}`,
    `  control            POST ${server.url}/_emulator/<action>  (e.g. completeHandshake {"arn": "..."})`,
    ``,
    `Press Ctrl-C to stop.`
  ].join("\n"))
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
