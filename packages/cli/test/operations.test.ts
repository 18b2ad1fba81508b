/**
 * The per-operation commands: AWS CLI names and flags, JSON output,
 * --cli-input-json, lists and structures from flags, automatic paging with
 * --max-items / --starting-token / --page-size, and the second bin for
 * CodeConnections.
 */
import * as HttpControl from "@effect-codestar/emulator/HttpControl"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { arnOf, cleanEnv, type Emulator, run, startEmulator } from "./support/processes.js"

const { bins } = inject("installed")
const cli = bins.codestarConnections

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator(bins.emulator, ["--accept-any-credentials", "--handshake-after", "1s"])
})
afterAll(() => emulator?.stop())

const env = () =>
  cleanEnv({
    AWS_REGION: "us-west-2",
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test"
  })

const json = (stdout: string): unknown => JSON.parse(stdout)

const names = (output: unknown): Array<string> => {
  if (
    typeof output !== "object" || output === null || !("Connections" in output) || !Array.isArray(output.Connections)
  ) {
    throw new Error(`no Connections in ${JSON.stringify(output)}`)
  }
  return output.Connections.map((c: unknown) =>
    typeof c === "object" && c !== null && "ConnectionName" in c && typeof c.ConnectionName === "string"
      ? c.ConnectionName
      : "?"
  )
}

describe("operation commands", () => {
  it("create, get, tag with shorthand and JSON, read the tags back: every output is JSON", async () => {
    const created = await run(cli, [
      "create-connection",
      "--connection-name",
      "ops",
      "--provider-type",
      "Bitbucket",
      "--tags",
      "Key=team,Value=platform",
      "--tags",
      "[{\"Key\":\"env\",\"Value\":\"ci\"}]"
    ], env())
    expect(created.code).toBe(0)
    const arn = arnOf(created)
    expect(arn).toMatch(/^arn:aws:codestar-connections:us-west-2:123456789012:connection\//)

    const got = await run(cli, ["get-connection", "--connection-arn", arn], env())
    expect(got.code).toBe(0)
    expect(json(got.stdout)).toMatchObject({ Connection: { ConnectionName: "ops", ProviderType: "Bitbucket" } })

    const untagged = await run(cli, ["untag-resource", "--resource-arn", arn, "--tag-keys", "env"], env())
    expect(untagged.code).toBe(0)
    const tags = await run(cli, ["list-tags-for-resource", "--resource-arn", arn], env())
    expect(json(tags.stdout)).toEqual({ Tags: [{ Key: "team", Value: "platform" }] })
  })

  it("--cli-input-json, as text or file://, with flags overriding it", async () => {
    const input = JSON.stringify({ ConnectionName: "from-json", ProviderType: "GitHub" })
    const fromText = await run(cli, ["create-connection", "--cli-input-json", input], env())
    expect(fromText.code).toBe(0)
    const file = join(env()["HOME"] ?? "/tmp", "input.json")
    writeFileSync(file, input)
    const fromFile = await run(cli, [
      "create-connection",
      "--cli-input-json",
      `file://${file}`,
      "--connection-name",
      "overridden"
    ], env())
    expect(fromFile.code).toBe(0)
    const got = await run(cli, ["get-connection", "--connection-arn", arnOf(fromFile)], env())
    expect(json(got.stdout)).toMatchObject({ Connection: { ConnectionName: "overridden", ProviderType: "GitHub" } })

    const unknown = await run(cli, ["create-connection", "--cli-input-json", "{\"ConnectionNam\":\"x\"}"], env())
    expect(unknown.code).toBe(252)
    expect(unknown.stderr).toMatch(/--cli-input-json ConnectionNam: is unexpected/)
  })

  it("list commands fetch every page; --max-items stops and --starting-token goes on where it stopped", async () => {
    for (const name of ["page-a", "page-b", "page-c", "page-d", "page-e"]) {
      const r = await run(cli, ["create-connection", "--connection-name", name, "--provider-type", "GitLab"], env())
      expect(r.code).toBe(0)
    }
    const gitlab = (all: unknown) => names(all).filter((n) => n.startsWith("page-"))

    const before = await HttpControl.callCount(emulator.url, "ListConnections")
    const all = await run(cli, ["list-connections", "--provider-type-filter", "GitLab", "--page-size", "2"], env())
    expect(all.code).toBe(0)
    expect(gitlab(json(all.stdout))).toEqual(["page-a", "page-b", "page-c", "page-d", "page-e"])
    expect(names(json(all.stdout)).length).toBe(5)
    // Five items, two per page: three requests.
    expect((await HttpControl.callCount(emulator.url, "ListConnections")) - before).toBe(3)

    const first = await run(cli, [
      "list-connections",
      "--provider-type-filter",
      "GitLab",
      "--page-size",
      "2",
      "--max-items",
      "3"
    ], env())
    const firstOut = json(first.stdout)
    expect(names(firstOut)).toEqual(["page-a", "page-b", "page-c"])
    const token = typeof firstOut === "object" && firstOut !== null && "NextToken" in firstOut
      ? firstOut.NextToken
      : undefined
    expect(typeof token).toBe("string")
    const rest = await run(cli, [
      "list-connections",
      "--provider-type-filter",
      "GitLab",
      "--page-size",
      "2",
      "--starting-token",
      String(token)
    ], env())
    const restOut = json(rest.stdout)
    expect(names(restOut)).toEqual(["page-d", "page-e"])
    expect(restOut).not.toHaveProperty("NextToken")

    const single = await run(cli, [
      "list-connections",
      "--provider-type-filter",
      "GitLab",
      "--page-size",
      "2",
      "--no-paginate"
    ], env())
    expect(names(json(single.stdout))).toEqual(["page-a", "page-b"])
    expect(json(single.stdout)).toHaveProperty("NextToken")

    const tooBig = await run(cli, ["list-connections", "--page-size", "1000"], env())
    expect(tooBig.code).toBe(252)
    expect(tooBig.stderr).toMatch(/--page-size: /)
  })

  it("the codeconnections bin speaks API 2023-12-01 and waits the same way", async () => {
    const created = await run(bins.codeconnections, [
      "create-connection",
      "--connection-name",
      "twin",
      "--provider-type",
      "AzureDevOps"
    ], env())
    expect(created.code).toBe(0)
    const arn = arnOf(created)
    expect(arn).toMatch(/^arn:aws:codeconnections:us-west-2:123456789012:connection\//)
    const waited = await run(bins.codeconnections, [
      "wait",
      "connection-available",
      arn,
      "--min-delay",
      "500ms",
      "--output",
      "json"
    ], env())
    expect(waited.code).toBe(0)
    expect(json(waited.stdout)).toMatchObject({
      ConnectionArn: arn,
      ConnectionStatus: "AVAILABLE",
      ProviderType: "AzureDevOps"
    })
    expect(waited.stderr).toMatch(/^connection arn:aws:codeconnections:.*: AVAILABLE after/m)
    // AzureDevOps is a provider of the newer API only: the older bin refuses it before sending anything.
    const older = await run(
      cli,
      ["create-connection", "--connection-name", "x", "--provider-type", "AzureDevOps"],
      env()
    )
    expect(older.code).toBe(252)
  })

  it("reads --profile from the shared config and credentials files, as the AWS CLI does", async () => {
    const base = cleanEnv({})
    const home = base["HOME"] ?? "/tmp"
    writeFileSync(join(home, "config"), `[profile ci]\nregion = ap-southeast-2\nendpoint_url = ${emulator.url}\n`)
    writeFileSync(join(home, "credentials"), "[ci]\naws_access_key_id = test\naws_secret_access_key = test\n")
    const profileEnv = {
      ...base,
      AWS_CONFIG_FILE: join(home, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials")
    }
    const created = await run(cli, [
      "create-connection",
      "--connection-name",
      "profiled",
      "--provider-type",
      "GitHub",
      "--profile",
      "ci"
    ], profileEnv)
    expect(created.code, created.stderr).toBe(0)
    // The region came from the profile: it is in the ARN the emulator made.
    expect(arnOf(created)).toMatch(/^arn:aws:codestar-connections:ap-southeast-2:/)
    // --region and --endpoint-url win over the profile.
    const overridden = await run(cli, ["list-connections", "--profile", "ci", "--endpoint-url", "http://127.0.0.1:9"], {
      ...profileEnv,
      AWS_MAX_ATTEMPTS: "1"
    })
    expect(overridden.code).toBe(255)
    const unknownProfile = await run(cli, ["list-connections", "--profile", "nope"], profileEnv)
    expect(unknownProfile.code).toBe(253)
  })

  it("--help lists the wait commands and the operations under their AWS CLI names, and the exit codes", async () => {
    const help = await run(cli, ["--help"], env())
    expect(help.code).toBe(0)
    for (
      const command of [
        "wait connection-available",
        "wait repository-sync-succeeded",
        "get-connection",
        "list-tags-for-resource",
        "update-sync-blocker"
      ]
    ) {
      expect(help.stdout).toContain(command)
    }
    expect(help.stdout).toContain("EXIT CODES")
  })
})
