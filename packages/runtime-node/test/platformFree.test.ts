/**
 * The Node runtime hands the core its own transport, so a Node program never
 * loads `@effect/platform`'s modules (about 30 ms of start-up). Checked in a
 * child process running the program as a user writes it, with a module hook
 * that reports every module loaded from `@effect/platform`.
 */
import { Emulator } from "@effect-codestar/emulator"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/platform-free/${name}`, import.meta.url))

const run = (args: ReadonlyArray<string>) =>
  Effect.async<{ readonly code: number; readonly stdout: string; readonly stderr: string }>((resume) => {
    const options = { timeout: 60_000, cwd: fileURLToPath(new URL("..", import.meta.url)) }
    const child = execFile(process.execPath, [...args], options, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1
      resume(Effect.succeed({ code, stdout, stderr }))
    })
    return Effect.sync(() => child.kill())
  })

describe("a Node program on the runtime's layer", () => {
  it.scopedLive("makes its calls without loading any module of @effect/platform", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.server()
      const { accessKeyId, secretAccessKey } = Emulator.testCredentials
      const result = yield* run([
        "--import",
        fixture("record-loads.mjs"),
        "--import",
        "tsx",
        fixture("program.ts"),
        emulator.url,
        accessKeyId,
        secretAccessKey
      ])
      expect(result.stdout, result.stderr).toBe("connections 0\n")
      expect(result.code).toBe(0)
      expect(result.stderr.split("\n").filter((line) => line.startsWith("platform-module "))).toEqual([])
      expect(yield* emulator.emulator.callCount("ListConnections")).toBe(1)
    }))

  it.scopedLive("the module hook does report @effect/platform when a program loads it", () =>
    Effect.gen(function*() {
      const result = yield* run([
        "--import",
        fixture("record-loads.mjs"),
        "--input-type=module",
        "-e",
        "await import('@effect/platform/HttpClient')"
      ])
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr).toContain("platform-module ")
    }))
})
