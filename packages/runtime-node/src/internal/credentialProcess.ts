/**
 * `credential_process`, run by us rather than by the AWS SDK.
 *
 * The SDK runs the command with `child_process.exec` and keeps no handle on
 * it: a command that hangs can be neither timed out nor killed, so it blocks
 * every call and outlives the client; and its error text is exec's, which
 * quotes the command line (and whatever the command wrote to stderr), where
 * users put passwords and tokens. Here the command runs in its own process
 * group, the fetch that started it can be interrupted (by the credential
 * timeout, or by the client's scope closing), which kills the whole group,
 * and failures are described by fixed reasons. The output contract is the
 * AWS CLI's: JSON with `Version: 1`, `AccessKeyId`, `SecretAccessKey`, and
 * optionally `SessionToken` and `Expiration` (ISO 8601).
 *
 * Whether a profile's credentials come from a command is decided in
 * profile.ts (`processCommandOf`); this module, and `node:child_process`
 * with it, is imported only when a command is to be run (see
 * NodeCredentials.ts), which most programs never do.
 */
import { type AwsCredentialIdentity, CredentialsUnavailable } from "@effect-codestar/core/AwsCredentials"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { type ChildProcess, spawn } from "node:child_process"

/** A helper writes a few hundred bytes; more than this is not credentials. */
const maxOutputBytes = 1024 * 1024

const ownGroup = process.platform !== "win32"

/** Children still running, ended if the process exits before their fetch does. */
const running = new Set<ChildProcess>()
let exitHookInstalled = false

/** Ends a child and everything it started (its process group). */
const end = (child: ChildProcess) => {
  running.delete(child)
  if (child.exitCode !== null || child.signalCode !== null) {
    // The shell is gone; helpers it left in the group may not be.
    if (ownGroup && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL")
      } catch {
        // The group is already empty.
      }
    }
    return
  }
  try {
    if (ownGroup && child.pid !== undefined) process.kill(-child.pid, "SIGKILL")
    else child.kill("SIGKILL")
  } catch {
    // Already ended.
  }
}

const installExitHook = () => {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once("exit", () => {
    for (const child of running) end(child)
  })
}

const isRecord = (u: unknown): u is { readonly [key: string]: unknown } =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** Reads the helper's output; a fixed reason when it is not credentials. */
const parseOutput = (stdout: string, nowMs: number): AwsCredentialIdentity | string => {
  let data: unknown
  try {
    data = JSON.parse(stdout.trim())
  } catch {
    return "its output is not JSON"
  }
  if (!isRecord(data)) return "its output is not a JSON object"
  if (data["Version"] !== 1) return "its output does not say Version 1"
  const { AccessKeyId, Expiration, SecretAccessKey, SessionToken } = data
  if (
    typeof AccessKeyId !== "string" || AccessKeyId === "" || typeof SecretAccessKey !== "string" ||
    SecretAccessKey === ""
  ) {
    return "its output lacks AccessKeyId or SecretAccessKey"
  }
  if (SessionToken !== undefined && SessionToken !== null && typeof SessionToken !== "string") {
    return "its SessionToken is not a string"
  }
  let expiration: Date | undefined
  if (Expiration !== undefined && Expiration !== null) {
    expiration = typeof Expiration === "string" ? new Date(Expiration) : undefined
    if (expiration === undefined || Number.isNaN(expiration.getTime())) return "its Expiration is not a date"
    if (expiration.getTime() <= nowMs) return "it returned expired credentials"
  }
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: Redacted.make(SecretAccessKey),
    ...(typeof SessionToken === "string" && SessionToken !== "" ? { sessionToken: Redacted.make(SessionToken) } : {}),
    ...(expiration === undefined ? {} : { expiration })
  }
}

/**
 * Runs `command` through the shell, as the AWS CLI does, and reads its
 * credentials. Interrupting the effect ends the command and its children.
 * Messages name the profile and a fixed reason, never the command line or
 * what the command printed.
 */
export const runCredentialProcess = (
  profileName: string,
  command: string
): Effect.Effect<AwsCredentialIdentity, CredentialsUnavailable> =>
  Effect.async<AwsCredentialIdentity, CredentialsUnavailable>((resume) => {
    const source = `credential_process of profile ${profileName}`
    let settled = false
    const settle = (result: AwsCredentialIdentity | string) => {
      if (settled) return
      settled = true
      resume(
        typeof result === "string"
          ? Effect.fail(new CredentialsUnavailable({ message: `${source}: ${result}` }))
          : Effect.succeed(result)
      )
    }
    let child: ChildProcess
    try {
      child = spawn(command, {
        shell: true,
        detached: ownGroup,
        // stdin closed, stdout read. stderr is dropped rather than passed on: helpers print diagnostics
        // there that can quote what they were given (prompts for a person go to the terminal, not stderr).
        stdio: ["ignore", "pipe", "ignore"],
        windowsHide: true
      })
    } catch {
      settle("the command could not be started")
      return
    }
    running.add(child)
    installExitHook()
    const chunks: Array<Buffer> = []
    let size = 0
    child.stdout?.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > maxOutputBytes) {
        end(child)
        settle(`it wrote more than ${maxOutputBytes} bytes`)
      } else {
        chunks.push(chunk)
      }
    })
    child.on("error", () => {
      end(child)
      settle("the command could not be started")
    })
    child.on("close", (code, signal) => {
      running.delete(child)
      if (code !== 0) {
        settle(
          code === null ? `the command was ended by ${signal ?? "a signal"}` : `the command exited with code ${code}`
        )
        return
      }
      settle(parseOutput(Buffer.concat(chunks).toString("utf8"), Date.now()))
    })
    // Interrupted (timed out, or the client's scope closed): the command is given up on, with its children.
    return Effect.sync(() => {
      settled = true
      end(child)
    })
  })

/** How many helper processes are running (for tests). */
export const runningCount = (): number => running.size
