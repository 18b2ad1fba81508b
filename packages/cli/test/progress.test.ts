/**
 * What a waiting command shows: plain lines when stderr is not a terminal (a
 * CI log), one live line under a pseudo-terminal, nothing with --quiet, and
 * the resource as JSON on stdout with --output json.
 */
import * as HttpControl from "@effect-codestar/emulator/HttpControl"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { arnOf, cleanEnv, type Emulator, run, runInTerminal, startEmulator } from "./support/processes.js"

const { bins } = inject("installed")
const cli = bins.codestarConnections

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator(bins.emulator, ["--accept-any-credentials"])
})
afterAll(() => emulator?.stop())

const env = () =>
  cleanEnv({
    AWS_REGION: "eu-west-1",
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test"
  })

const createConnection = async (name: string) =>
  arnOf(await run(cli, ["create-connection", "--connection-name", name, "--provider-type", "GitLab"], env()))

/** Completes the handshake once the waiter has polled the connection `polls` times. */
const completeAfterPolls = async (arn: string, polls: number) => {
  const start = await HttpControl.callCount(emulator.url, "GetConnection")
  for (let i = 0; i < 200; i++) {
    if ((await HttpControl.callCount(emulator.url, "GetConnection")) >= start + polls) break
    await new Promise((r) => setTimeout(r, 100))
  }
  await HttpControl.control(emulator.url, "completeHandshake", { arn })
}

describe("progress", () => {
  it("not on a terminal: one line per status change, then a final line; stdout stays empty", async () => {
    const arn = await createConnection("lines")
    const [result] = await Promise.all([
      run(cli, ["wait", "connection-available", arn, "--min-delay", "300ms", "--max-delay", "300ms"], env()),
      completeAfterPolls(arn, 3)
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe("")
    const lines = result.stderr.trimEnd().split("\n")
    // Three or more PENDING polls, but one line for them; AVAILABLE only in the final line.
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(new RegExp(`^connection ${arn}: PENDING \\(waited \\d+s\\)$`))
    expect(lines[1]).toMatch(new RegExp(`^connection ${arn}: AVAILABLE after \\d+s \\((\\d+) polls\\)$`))
    expect(Number(/\((\d+) polls\)/.exec(lines[1] ?? "")?.[1])).toBeGreaterThanOrEqual(4)
    expect(result.stderr).not.toContain("\x1b[")
  })

  it("on a terminal: one live line, rewritten in place, with status, time waited and next poll", async () => {
    const arn = await createConnection("live")
    const [result] = await Promise.all([
      runInTerminal(cli, ["wait", "connection-available", arn, "--min-delay", "1s", "--max-delay", "1s"], env()),
      completeAfterPolls(arn, 2)
    ])
    expect(result.code).toBe(0)
    const output = result.stdout
    // Each update returns to the start of the line and clears it, instead of adding a line.
    const updates = output.split("\r\x1b[2K").slice(1)
    expect(updates.length).toBeGreaterThanOrEqual(2)
    expect(updates.some((u) => new RegExp(`^connection ${arn}: PENDING · waited \\d+s · next poll in \\d+s`).test(u)))
      .toBe(true)
    // The live line never wrote a newline; the only newline is the final line's.
    const final = updates[updates.length - 1] ?? ""
    expect(final).toMatch(new RegExp(`^connection ${arn}: AVAILABLE after \\d+s \\(\\d+ polls\\)\\r?\\n$`))
    expect(output.replace(/\r?\n$/, "")).not.toMatch(/\n/)
  })

  it("--quiet prints nothing on success, and --output json prints the connection on stdout", async () => {
    const arn = await createConnection("json")
    await HttpControl.control(emulator.url, "completeHandshake", { arn })
    const result = await run(cli, ["wait", "connection-available", arn, "--quiet", "--output", "json"], env())
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    const connection: unknown = JSON.parse(result.stdout)
    expect(connection).toMatchObject({
      ConnectionArn: arn,
      ConnectionName: "json",
      ConnectionStatus: "AVAILABLE",
      ProviderType: "GitLab",
      OwnerAccountId: "123456789012"
    })
  })

  it("--quiet still gives a failure its one-line reason", async () => {
    const arn = await createConnection("quiet-failure")
    await HttpControl.control(emulator.url, "failHandshake", { arn })
    const result = await run(cli, ["wait", "connection-available", arn, "--quiet"], env())
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`codestar-connections: connection ${arn} is in status ERROR\n`)
  })
})
