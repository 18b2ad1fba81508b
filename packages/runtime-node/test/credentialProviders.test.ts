/**
 * Issue 10, class 8: credential providers. Every fetch is bounded by a
 * timeout (30 s by default), the next call starts a fresh fetch after a
 * failure or a timeout, a hanging `credential_process` is killed with the
 * processes it started when its fetch is given up or the client's scope
 * closes, and a provider's error text (which can quote a password) stays out
 * of messages unless the user opts in. These run a real hanging script.
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import { readFile } from "node:fs/promises"
import { NodeCodeStarConnections } from "../src/index.js"
import { runningCount } from "../src/internal/credentialProcess.js"
import * as NodeCredentials from "../src/NodeCredentials.js"
import { tempDir, withProcessEnv } from "./support.js"

const password = "hunter2-do-not-print"

/** Real time, even under TestClock. */
const realSleep = (ms: number) => Effect.promise(() => new Promise((r) => setTimeout(r, ms)))

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Waits (real time) until `check` holds, for at most `ms`. */
const eventually = (check: () => boolean, ms = 5_000) =>
  Effect.gen(function*() {
    const until = Date.now() + ms
    while (!check() && Date.now() < until) yield* realSleep(25)
    return check()
  })

/**
 * A profile whose credential_process hangs after starting a grandchild; it
 * records its own pid and the grandchild's, and counts its runs. The command
 * line carries a password, as users' do.
 */
const hangingProfile = Effect.gen(function*() {
  const dir = yield* tempDir
  const pids = `${dir.dir}/pids`
  const runs = `${dir.dir}/runs`
  const script = yield* dir.write(
    "hang.mjs",
    [
      "import { spawn } from 'node:child_process'",
      "import { appendFileSync, writeFileSync } from 'node:fs'",
      `appendFileSync(${JSON.stringify(runs)}, 'x')`,
      "const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })",
      `writeFileSync(${JSON.stringify(pids)}, JSON.stringify([process.pid, grandchild.pid]))`,
      "setInterval(() => {}, 1000)"
    ].join("\n")
  )
  const config = yield* dir.write(
    "config",
    `[profile hang]\ncredential_process = ${process.execPath} ${script} --password=${password}\n`
  )
  const credentials = yield* dir.write("credentials", "")
  yield* withProcessEnv({ HOME: dir.dir, AWS_EC2_METADATA_DISABLED: "true" })
  const readPids = Effect.promise(async (): Promise<ReadonlyArray<number>> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(pids, "utf8"))
      return Array.isArray(parsed) ? parsed.filter((p): p is number => typeof p === "number") : []
    } catch {
      return []
    }
  })
  const runCount = Effect.promise(() => readFile(runs, "utf8").then((s) => s.length, () => 0))
  return { options: { profile: "hang", configFile: config, credentialsFile: credentials }, readPids, runCount }
})

/** Waits until the hanging script has written its pids (a new run when `after` is given). */
const started = (h: Effect.Effect.Success<typeof hangingProfile>, runs: number) =>
  Effect.gen(function*() {
    const until = Date.now() + 10_000
    while (Date.now() < until) {
      if ((yield* h.runCount) >= runs) {
        const pids = yield* h.readPids
        if (pids.length === 2) return pids
      }
      yield* realSleep(25)
    }
    throw new Error("the credential_process never started")
  })

describe("class 8: credential providers (timeouts, fresh fetches, child processes, secrets)", () => {
  it.scoped(
    "a hanging credential_process fails after the default 30 s, its processes are killed, the next call starts afresh",
    () =>
      Effect.gen(function*() {
        const h = yield* hangingProfile
        const credentials = yield* NodeCredentials.make(h.options)
        const first = yield* Effect.fork(credentials.get)
        const pids = yield* started(h, 1)
        expect(pids.every(alive)).toBe(true)
        // Just under the default: still waiting.
        yield* TestClock.adjust("29 seconds")
        yield* realSleep(50)
        expect(first.unsafePoll()).toBeNull()
        yield* TestClock.adjust("1 second")
        const error = yield* Effect.flip(Fiber.join(first))
        expect(error._tag).toBe("CredentialsUnavailable")
        expect(error.message).toBe("AWS credential chain: no answer within 30s")
        expect(yield* eventually(() => !pids.some(alive))).toBe(true)
        expect(runningCount()).toBe(0)

        // The next call starts a fresh fetch: a second run of the command.
        const second = yield* Effect.fork(credentials.get)
        const pids2 = yield* started(h, 2)
        expect(yield* h.runCount).toBe(2)
        yield* TestClock.adjust("30 seconds")
        expect(Exit.isFailure(yield* Fiber.await(second))).toBe(true)
        expect(yield* eventually(() => !pids2.some(alive))).toBe(true)
      }),
    { timeout: 30_000 }
  )

  it.scoped(
    "a shorter credentialTimeout, and callers that gave up (an attempt timeout) do not keep the client blocked",
    () =>
      Effect.gen(function*() {
        const h = yield* hangingProfile
        const credentials = yield* NodeCredentials.make({ ...h.options, credentialTimeout: "2 seconds" })
        // A caller with its own, shorter limit gives up; the fetch goes on for the others...
        const impatient = yield* Effect.fork(Effect.timeout(credentials.get, "1 second"))
        const pids = yield* started(h, 1)
        yield* TestClock.adjust("1 second")
        expect(Exit.isFailure(yield* Fiber.await(impatient))).toBe(true)
        expect(pids.every(alive)).toBe(true)
        // ...until its own timeout, after which the command is gone and a new call runs it again.
        yield* TestClock.adjust("1 second")
        expect(yield* eventually(() => !pids.some(alive))).toBe(true)
        const again = yield* Effect.fork(credentials.get)
        yield* started(h, 2)
        expect(yield* h.runCount).toBe(2)
        yield* Fiber.interrupt(again)
      }),
    { timeout: 30_000 }
  )

  it.live(
    "closing the client's scope kills a running credential_process and fails its waiters",
    () =>
      Effect.gen(function*() {
        const scope = yield* Scope.make()
        const h = yield* Scope.extend(hangingProfile, scope)
        const credentials = yield* Scope.extend(NodeCredentials.make(h.options), scope)
        const waiter = yield* Effect.fork(credentials.get)
        const pids = yield* started(h, 1)
        expect(pids.every(alive)).toBe(true)
        yield* Scope.close(scope, Exit.void)
        expect(yield* eventually(() => !pids.some(alive))).toBe(true)
        const exit = yield* Fiber.await(waiter)
        expect(Exit.isFailure(exit)).toBe(true)
      }),
    { timeout: 30_000 }
  )

  it.scoped("a failing credential_process: its command line and output stay out of the message", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const script = yield* dir.write(
        "fail.mjs",
        `console.log("token=${password}"); console.error("bad password ${password}"); process.exit(3)\n`
      )
      const config = yield* dir.write(
        "config",
        `[default]\ncredential_process = ${process.execPath} ${script} ${password}\n`
      )
      yield* withProcessEnv({ HOME: dir.dir, AWS_EC2_METADATA_DISABLED: "true", AWS_CONFIG_FILE: config })
      const error = yield* Effect.flip(Effect.flatMap(NodeCredentials.make(), (c) => c.get))
      expect(error.message).toBe("credential_process of profile default: the command exited with code 3")
      expect(JSON.stringify(error)).not.toContain(password)
    }))

  it.scoped("a credential_process answering garbage gets a fixed reason; a good one still works", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const cases: ReadonlyArray<readonly [string, string]> = [
        [`{"Version":2,"AccessKeyId":"A","SecretAccessKey":"${password}"}`, "its output does not say Version 1"],
        [`not json ${password}`, "its output is not JSON"],
        [`{"Version":1,"AccessKeyId":"A"}`, "its output lacks AccessKeyId or SecretAccessKey"],
        [
          `{"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","Expiration":"2001-01-01T00:00:00Z"}`,
          "it returned expired credentials"
        ]
      ]
      for (const [output, reason] of cases) {
        const script = yield* dir.write("out.mjs", `process.stdout.write(${JSON.stringify(output)})\n`)
        const config = yield* dir.write("config", `[profile p]\ncredential_process = ${process.execPath} ${script}\n`)
        const credentials = yield* NodeCredentials.make({
          profile: "p",
          configFile: config,
          credentialsFile: `${dir.dir}/none`
        })
        const error = yield* Effect.flip(credentials.get)
        expect(error.message).toBe(`credential_process of profile p: ${reason}`)
        expect(error.message).not.toContain(password)
      }
    }))

  it.scoped("an SDK provider's error text is left out unless the user opts in", () =>
    Effect.gen(function*() {
      const provider: NodeCredentials.SdkCredentialProvider = () =>
        Promise.reject(new Error(`Command failed: get-creds --password ${password}`))
      const quiet = yield* NodeCredentials.fromProvider(provider)
      const error = yield* Effect.flip(quiet.get)
      expect(error.message).toBe("credential provider: the provider failed (Error)")
      const verbose = yield* NodeCredentials.fromProvider(provider, { providerErrorDetails: true, name: "my provider" })
      const detailed = yield* Effect.flip(verbose.get)
      expect(detailed.message).toContain(
        `my provider: the provider failed (Error): Error: Command failed: get-creds --password ${password}`
      )
    }))

  it.scoped("a provider that never answers: a timeout, then a fresh fetch that succeeds", () =>
    Effect.gen(function*() {
      let calls = 0
      const provider: NodeCredentials.SdkCredentialProvider = () => {
        calls++
        return calls === 1
          ? new Promise(() => {})
          : Promise.resolve({ accessKeyId: "AKIDSECOND", secretAccessKey: "s" })
      }
      const credentials = yield* NodeCredentials.fromProvider(provider, { credentialTimeout: "5 seconds" })
      const first = yield* Effect.fork(credentials.get)
      yield* TestClock.adjust("5 seconds")
      const error = yield* Effect.flip(Fiber.join(first))
      expect(error.message).toBe("credential provider: no answer within 5s")
      expect((yield* credentials.get).accessKeyId).toBe("AKIDSECOND")
      expect(calls).toBe(2)
    }))

  it.scoped("through a client: the call fails with reason Credentials, and no message or log line quotes the provider", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const script = yield* dir.write("fail.mjs", `console.error("wrong password ${password}"); process.exit(3)\n`)
      const config = yield* dir.write(
        "config",
        `[profile ci]\ncredential_process = ${process.execPath} ${script} --password ${password}\n`
      )
      yield* withProcessEnv({ HOME: dir.dir, AWS_EC2_METADATA_DISABLED: "true", AWS_CONFIG_FILE: config })
      const lines: Array<string> = []
      const logger = Logger.make(({ message }) => lines.push(JSON.stringify(message)))
      const context = yield* Layer.build(
        NodeCodeStarConnections.layer({ region: "us-east-1", endpoint: "http://127.0.0.1:9", profile: "ci" })
      )
      const error = yield* Effect.flip(
        Context.get(context, CodeStarConnections).getConnection({
          ConnectionArn:
            "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
        })
      ).pipe(Logger.withMinimumLogLevel(LogLevel.All), Effect.provide(Logger.replace(Logger.defaultLogger, logger)))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Credentials" })
      expect(error.message).toContain("credential_process of profile ci: the command exited with code 3")
      expect(`${JSON.stringify(error)} ${String(error)} ${lines.join("\n")}`).not.toContain(password)
    }))
  it.live(
    "through a client: credentialTimeout bounds a hanging credential_process, whose processes are then killed",
    () =>
      Effect.gen(function*() {
        const h = yield* hangingProfile
        yield* withProcessEnv({
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_CONFIG_FILE: h.options.configFile,
          AWS_SHARED_CREDENTIALS_FILE: h.options.credentialsFile
        })
        const context = yield* Layer.build(
          NodeCodeStarConnections.layer({
            region: "us-east-1",
            endpoint: "http://127.0.0.1:9",
            profile: h.options.profile,
            credentialTimeout: "1 second"
          })
        )
        const started = Date.now()
        const error = yield* Effect.flip(
          Context.get(context, CodeStarConnections).getConnection({
            ConnectionArn:
              "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
          })
        )
        expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Credentials" })
        expect(error.message).toContain("no answer within 1s")
        // Bounded by the option, far below the 30 s default (generous for a loaded machine).
        expect(Date.now() - started).toBeLessThan(15_000)
        const pids = yield* h.readPids
        expect(pids.length).toBe(2)
        expect(yield* eventually(() => pids.every((pid) => !alive(pid)))).toBe(true)
      }).pipe(Effect.scoped),
    { timeout: 30_000 }
  )
})
