/**
 * Runs the installed bins as child processes: the emulator (until the test
 * file ends) and the command line, with an environment built from scratch so
 * that nothing of the developer's AWS configuration leaks in.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** An empty home and no config files: only what a test sets counts. */
export const cleanEnv = (extra: Readonly<Record<string, string | undefined>>): Record<string, string> => {
  const home = mkdtempSync(join(tmpdir(), "cli-home-"))
  const env: Record<string, string> = {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: home,
    AWS_CONFIG_FILE: join(home, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
    // No EC2 metadata lookups if a test leaves credentials out.
    AWS_EC2_METADATA_DISABLED: "true"
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v
  return env
}

/** Runs `node bin args...` and collects its output; never rejects. */
export const run = (bin: string, args: ReadonlyArray<string>, env: Record<string, string>, timeoutMs = 45_000) =>
  new Promise<Result>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env, timeout: timeoutMs, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null
        resolve({ code, stdout, stderr })
      }
    )
  })

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/**
 * Runs `node bin args...` under a pseudo-terminal (`script` from util-linux),
 * so that its stderr is a TTY. The output is what the terminal received,
 * stdout and stderr together, escape codes included.
 */
export const runInTerminal = (bin: string, args: ReadonlyArray<string>, env: Record<string, string>) =>
  new Promise<Result>((resolve) => {
    const command = [process.execPath, bin, ...args].map(quote).join(" ")
    execFile("script", ["-q", "-e", "-f", "-c", command, "/dev/null"], {
      env: { ...env, COLUMNS: "300" },
      timeout: 45_000,
      encoding: "utf8"
    }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null
      resolve({ code, stdout, stderr })
    })
  })

export interface Emulator {
  readonly url: string
  readonly process: ChildProcess
  readonly stop: () => void
}

/** Starts the emulator bin and waits for its readiness line, which gives the URL. */
export const startEmulator = (bin: string, args: ReadonlyArray<string>) =>
  new Promise<Emulator>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    let err = ""
    const timer = setTimeout(() => reject(new Error(`the emulator printed no readiness line:\n${out}\n${err}`)), 20_000)
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      const ready = /^codestar-emulator ready at (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)
      if (ready?.[1] !== undefined) {
        clearTimeout(timer)
        resolve({ url: ready[1], process: child, stop: () => child.kill("SIGTERM") })
      }
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`the emulator exited with ${code}:\n${out}\n${err}`))
    })
  })

/** The ARN a `create-connection` printed. */
export const arnOf = (result: Result): string => {
  const parsed: unknown = JSON.parse(result.stdout)
  if (
    typeof parsed === "object" && parsed !== null && "ConnectionArn" in parsed &&
    typeof parsed.ConnectionArn === "string"
  ) {
    return parsed.ConnectionArn
  }
  throw new Error(`no ConnectionArn in ${result.stdout}\n${result.stderr}`)
}
