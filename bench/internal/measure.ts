/** Starting the stub server, and measuring client CPU per call. */
import { spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))

/** Starts the stub service in a child process; resolves with its URL and a stop function. */
export const startStub = (): Promise<{ readonly url: string; readonly stop: () => void }> =>
  new Promise((resolve, reject) => {
    const child = spawn(join(here, "../node_modules/.bin/tsx"), [join(here, "stub-server.ts")], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    child.once("error", reject)
    child.stdout.once("data", (chunk: Buffer) => {
      resolve({ url: `http://127.0.0.1:${chunk.toString().trim()}`, stop: () => child.kill("SIGTERM") })
    })
  })

export interface Sample {
  readonly cpuMicros: number
  readonly wallMicros: number
}

/** Runs `calls` sequential calls and returns client CPU and wall time per call. */
export const measure = async (calls: number, run: (n: number) => Promise<void>): Promise<Sample> => {
  const cpu = process.cpuUsage()
  const wall = process.hrtime.bigint()
  await run(calls)
  const used = process.cpuUsage(cpu)
  const elapsed = Number(process.hrtime.bigint() - wall) / 1000
  return { cpuMicros: (used.user + used.system) / calls, wallMicros: elapsed / calls }
}

export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
