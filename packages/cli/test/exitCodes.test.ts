/**
 * Every documented exit code, from the installed bin run with plain node
 * against the emulator's installed bin, each with its one-line reason on
 * stderr and no stack trace.
 */
import * as HttpControl from "@effect-codestar/emulator/HttpControl"
import { spawn } from "node:child_process"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import * as ExitCode from "../src/ExitCode.js"
import { arnOf, cleanEnv, type Emulator, run, startEmulator } from "./support/processes.js"

const { bins } = inject("installed")
const cli = bins.codestarConnections

/** Takes connections on trust from any key; never completes a handshake by itself. */
let manual: Emulator
/** Completes handshakes after 2 s; knows only its own test key. */
let auto: Emulator

beforeAll(async () => {
  ;[manual, auto] = await Promise.all([
    startEmulator(bins.emulator, ["--accept-any-credentials"]),
    startEmulator(bins.emulator, ["--handshake-after", "2s"])
  ])
})
afterAll(() => {
  manual?.stop()
  auto?.stop()
})

const envFor = (emulator: Emulator, extra: Readonly<Record<string, string | undefined>> = {}) =>
  cleanEnv({
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: emulator === auto ? "AKIDEMULATOR" : "test",
    AWS_SECRET_ACCESS_KEY: emulator === auto ? "emulator-secret" : "test",
    ...extra
  })

const createConnection = async (emulator: Emulator, name: string) => {
  const created = await run(
    cli,
    ["create-connection", "--connection-name", name, "--provider-type", "GitHub"],
    envFor(emulator)
  )
  expect(created.code).toBe(0)
  return arnOf(created)
}

/** One line on stderr, starting with the bin's name, and nothing that looks like a stack trace. */
const expectOneLineReason = (stderr: string, pattern: RegExp) => {
  const lines = stderr.trimEnd().split("\n").filter((l) => l.startsWith("codestar-connections: "))
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
  expect(stderr).not.toMatch(/^\s+at /m)
}

const missingArn = "arn:aws:codestar-connections:us-east-1:123456789012:connection/00000000-0000-0000-0000-000000000000"

describe("exit codes", () => {
  it("0: the connection became AVAILABLE", async () => {
    const arn = await createConnection(auto, "reached")
    const result = await run(cli, ["wait", "connection-available", arn, "--min-delay", "500ms"], envFor(auto))
    expect(result.code).toBe(ExitCode.Success)
    expect(result.stderr).toMatch(new RegExp(`^connection ${arn}: AVAILABLE after \\d+s \\(\\d+ polls?\\)$`, "m"))
  })

  it("1: the handshake failed (ERROR)", async () => {
    const arn = await createConnection(manual, "failed")
    await HttpControl.control(manual.url, "failHandshake", { arn })
    const result = await run(cli, ["wait", "connection-available", arn], envFor(manual))
    expect(result.code).toBe(ExitCode.FailureState)
    expectOneLineReason(result.stderr, new RegExp(`connection ${arn} is in status ERROR$`))
  })

  it("2: still PENDING when --timeout ran out", async () => {
    const arn = await createConnection(manual, "pending")
    const result = await run(
      cli,
      ["wait", "connection-available", arn, "--timeout", "1500ms", "--min-delay", "500ms"],
      envFor(manual)
    )
    expect(result.code).toBe(ExitCode.TimedOut)
    expectOneLineReason(result.stderr, /timed out: connection .* was still PENDING after/)
  })

  it("3: no such connection, for the waiter and for a call", async () => {
    const waited = await run(cli, ["wait", "connection-available", missingArn], envFor(manual))
    expect(waited.code).toBe(ExitCode.NotFound)
    expectOneLineReason(waited.stderr, /ResourceNotFoundException: .*does not exist/)
    const got = await run(cli, ["get-connection", "--connection-arn", missingArn], envFor(manual))
    expect(got.code).toBe(ExitCode.NotFound)
  })

  it("252: usage errors name the flag, and nothing is sent", async () => {
    const before = await HttpControl.callCount(manual.url)
    const unknownFlag = await run(cli, ["get-connection", "--connection-arnn", missingArn], envFor(manual))
    expect(unknownFlag.code).toBe(ExitCode.Usage)
    expect(unknownFlag.stderr).toContain("--connection-arnn")

    const badValue = await run(cli, ["get-connection", "--connection-arn", "not-an-arn"], envFor(manual))
    expect(badValue.code).toBe(ExitCode.Usage)
    expectOneLineReason(badValue.stderr, /--connection-arn: must match the pattern/)

    const missing = await run(cli, ["create-connection", "--provider-type", "GitHub"], envFor(manual))
    expect(missing.code).toBe(ExitCode.Usage)
    expectOneLineReason(missing.stderr, /--connection-name is required/)

    const badEnum = await run(cli, ["list-connections", "--provider-type-filter", "GitHubb"], envFor(manual))
    expect(badEnum.code).toBe(ExitCode.Usage)
    expectOneLineReason(badEnum.stderr, /--provider-type-filter: must be one of .*"GitHub"/)

    const badDuration = await run(
      cli,
      ["wait", "connection-available", missingArn, "--timeout", "soon"],
      envFor(manual)
    )
    expect(badDuration.code).toBe(ExitCode.Usage)
    expectOneLineReason(badDuration.stderr, /--timeout: not a duration: soon/)

    const badJson = await run(cli, ["create-connection", "--cli-input-json", "{nope"], envFor(manual))
    expect(badJson.code).toBe(ExitCode.Usage)
    expectOneLineReason(badJson.stderr, /--cli-input-json: not valid JSON/)

    const noCommand = await run(cli, ["get-connectionn"], envFor(manual))
    expect(noCommand.code).toBe(ExitCode.Usage)

    expect(await HttpControl.callCount(manual.url)).toBe(before)
  })

  it("253: no region, or credentials the service does not know", async () => {
    const noRegion = await run(cli, ["list-connections"], envFor(manual, { AWS_REGION: undefined }))
    expect(noRegion.code).toBe(ExitCode.Configuration)
    expectOneLineReason(noRegion.stderr, /No AWS region: set --region, AWS_REGION/)

    // The same keys the emulator with --accept-any-credentials takes are refused by one without it.
    const unknownKeys = await run(
      cli,
      ["list-connections"],
      envFor(auto, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" })
    )
    expect(unknownKeys.code).toBe(ExitCode.Configuration)
    expectOneLineReason(
      unknownKeys.stderr,
      /UnrecognizedClientException: The security token included in the request is invalid/
    )
    expect((await run(cli, ["list-connections"], envFor(manual))).code).toBe(ExitCode.Success)
  })

  it("254: any other error the service answers", async () => {
    await HttpControl.control(manual.url, "failNext", {
      status: 400,
      code: "LimitExceededException",
      message: "Connection limit reached",
      operation: "CreateConnection"
    })
    const result = await run(
      cli,
      ["create-connection", "--connection-name", "quota", "--provider-type", "GitHub"],
      envFor(manual)
    )
    expect(result.code).toBe(ExitCode.ServiceError)
    expectOneLineReason(result.stderr, /LimitExceededException: Connection limit reached/)
  })

  it("130: interrupted while waiting (Ctrl-C or SIGTERM)", async () => {
    const arn = await createConnection(manual, "interrupted")
    const child = spawn(process.execPath, [cli, "wait", "connection-available", arn], { env: envFor(manual) })
    let stderr = ""
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString()
        if (stderr.includes("PENDING")) resolve()
      })
    })
    child.kill("SIGINT")
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)))
    expect(code).toBe(ExitCode.Interrupted)
    expect(stderr).not.toMatch(/^\s+at /m)
  })

  it("255: the service cannot be reached", async () => {
    const result = await run(
      cli,
      ["list-connections", "--endpoint-url", "http://127.0.0.1:9"],
      envFor(manual, { AWS_MAX_ATTEMPTS: "1" })
    )
    expect(result.code).toBe(ExitCode.Other)
    expectOneLineReason(result.stderr, /Transport error/)
  })
})
