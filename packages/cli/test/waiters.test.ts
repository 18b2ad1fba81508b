/**
 * The other three waiters from the installed bin: hosts, and the two sync
 * waiters (which take flags rather than an ARN, and default --sync-type).
 */
import * as HttpControl from "@effect-codestar/emulator/HttpControl"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { cleanEnv, type Emulator, run, startEmulator } from "./support/processes.js"

const { bins } = inject("installed")
const cli = bins.codestarConnections

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator(bins.emulator, ["--accept-any-credentials", "--handshake-after", "200ms"])
})
afterAll(() => emulator?.stop())

const env = () =>
  cleanEnv({
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test"
  })

/** Runs a command that must succeed and returns its JSON output. */
const ok = async (args: ReadonlyArray<string>): Promise<unknown> => {
  const result = await run(cli, args, env())
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout)
}

const pick = (value: unknown, ...path: ReadonlyArray<string>): string => {
  let current = value
  for (const key of path) {
    current = typeof current === "object" && current !== null && key in current
      ? Object.entries(current).find(([k]) => k === key)?.[1]
      : undefined
  }
  if (typeof current !== "string") throw new Error(`no ${path.join(".")} in ${JSON.stringify(value)}`)
  return current
}

describe("waiters", () => {
  it("host-available: 0 once the setup completes, 1 when it failed", async () => {
    const create = (name: string) =>
      ok([
        "create-host",
        "--name",
        name,
        "--provider-type",
        "GitHubEnterpriseServer",
        "--provider-endpoint",
        "https://ghe.example.com"
      ])
    const good = pick(await create("good"), "HostArn")
    const bad = pick(await create("bad"), "HostArn")
    await HttpControl.control(emulator.url, "completeHostSetup", { arn: good })
    await HttpControl.control(emulator.url, "failHostSetup", { arn: bad, message: "no route to the VPC" })

    const reached = await run(cli, ["wait", "host-available", good, "--output", "json"], env())
    expect(reached.code).toBe(0)
    expect(JSON.parse(reached.stdout)).toMatchObject({ Name: "good", Status: "AVAILABLE" })
    const failed = await run(cli, ["wait", "host-available", bad], env())
    expect(failed.code).toBe(1)
    // The status line of the CI log, then the reason.
    const lines = failed.stderr.split("\n")
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(new RegExp(`^host ${bad}: VPC_CONFIG_FAILED_INITIALIZATION \\(waited \\d+s\\)$`))
    expect(lines[1]).toBe(`codestar-connections: host ${bad} is in status VPC_CONFIG_FAILED_INITIALIZATION`)
    expect(lines[2]).toBe("")
  })

  it("resource-sync-succeeded and repository-sync-succeeded: 0 on SUCCEEDED, 1 on FAILED", async () => {
    const connection = pick(
      await ok(["create-connection", "--connection-name", "sync", "--provider-type", "GitHub"]),
      "ConnectionArn"
    )
    expect((await run(cli, ["wait", "connection-available", connection, "--min-delay", "300ms"], env())).code).toBe(0)
    const link = pick(
      await ok([
        "create-repository-link",
        "--connection-arn",
        connection,
        "--owner-id",
        "octo",
        "--repository-name",
        "infra"
      ]),
      "RepositoryLinkInfo",
      "RepositoryLinkId"
    )
    const configure = (resource: string, branch: string) =>
      ok([
        "create-sync-configuration",
        "--branch",
        branch,
        "--config-file",
        "deploy.yaml",
        "--repository-link-id",
        link,
        "--resource-name",
        resource,
        "--role-arn",
        "arn:aws:iam::123456789012:role/sync",
        "--sync-type",
        "CFN_STACK_SYNC"
      ])
    await configure("stack-ok", "main")
    await configure("stack-bad", "release")
    await HttpControl.control(emulator.url, "setSyncStatus", { resourceName: "stack-ok", status: "SUCCEEDED" })
    await HttpControl.control(emulator.url, "setSyncStatus", { resourceName: "stack-bad", status: "FAILED" })

    const resource = await run(cli, ["wait", "resource-sync-succeeded", "--resource-name", "stack-ok"], env())
    expect(resource.code).toBe(0)
    expect(resource.stderr).toMatch(/^resource sync of stack-ok: SUCCEEDED after \d+s \(1 poll\)$/m)
    const repository = await run(cli, [
      "wait",
      "repository-sync-succeeded",
      "--repository-link-id",
      link,
      "--branch",
      "main"
    ], env())
    expect(repository.code).toBe(0)
    expect(repository.stderr).toMatch(new RegExp(`^repository sync of ${link} branch main: SUCCEEDED after`, "m"))

    const failed = await run(cli, ["wait", "resource-sync-succeeded", "--resource-name", "stack-bad"], env())
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/is in status FAILED\n$/)
    const missing = await run(cli, ["wait", "repository-sync-succeeded", "--repository-link-id", link], env())
    expect(missing.code).toBe(252)
    expect(missing.stderr).toContain("--branch is required")
  })
})
