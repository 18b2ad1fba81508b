/**
 * The Worker's HTTP API, called through `SELF` (the Worker of wrangler.jsonc,
 * running in workerd) against the emulator.
 */
import { SELF } from "cloudflare:test"
import { beforeEach, describe, expect, it } from "vitest"
import { callCount, control } from "./emulatorControl.js"

const call = async (method: string, path: string, body?: unknown) => {
  const response = await SELF.fetch(`https://worker.example${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } })
  })
  const json: unknown = await response.json()
  return { status: response.status, json, headers: response.headers }
}

/** A field of a JSON object answer; anything else fails the test. */
const field = (json: unknown, name: string): unknown => {
  if (typeof json === "object" && json !== null && name in json) {
    return Object.getOwnPropertyDescriptor(json, name)?.value
  }
  throw new Error(`no ${name} in ${JSON.stringify(json)}`)
}

const create = async (connectionName: string) => {
  const created = await call("POST", "/connections", { connectionName, providerType: "GitHub" })
  expect(created.status).toBe(201)
  const arn = field(created.json, "connectionArn")
  if (typeof arn !== "string") throw new Error("no ARN")
  return arn
}

describe("the Worker's HTTP API", () => {
  beforeEach(async () => {
    await control("reset")
  })

  it("creates a connection, lists it, and reads its status as the handshake completes", async () => {
    const arn = await create("api-github")
    expect(arn).toMatch(/^arn:aws:codestar-connections:us-east-1:\d{12}:connection\//)

    const listed = await call("GET", "/connections")
    expect(listed.status).toBe(200)
    expect(listed.json).toEqual([
      { connectionArn: arn, connectionName: "api-github", providerType: "GitHub", status: "PENDING" }
    ])

    const pending = await call("GET", `/connections/${encodeURIComponent(arn)}`)
    expect(pending.status).toBe(200)
    expect(field(pending.json, "status")).toBe("PENDING")

    await control("completeHandshake", { arn })
    const available = await call("GET", `/connections/${encodeURIComponent(arn)}`)
    expect(field(available.json, "status")).toBe("AVAILABLE")
  })

  it("answers 404 with the modeled error for a connection that does not exist", async () => {
    const arn = "arn:aws:codestar-connections:us-east-1:123456789012:connection/00000000-0000-0000-0000-000000000000"
    const missing = await call("GET", `/connections/${encodeURIComponent(arn)}`)
    expect(missing.status).toBe(404)
    expect(field(missing.json, "error")).toBe("ResourceNotFoundException")
  })

  it("answers 400 for a bad body, and for an input the model rejects, without calling AWS", async () => {
    const notJson = await SELF.fetch("https://worker.example/connections", { method: "POST", body: "{" })
    expect(notJson.status).toBe(400)
    const badProvider = await call("POST", "/connections", { connectionName: "x", providerType: "Subversion" })
    expect(badProvider.status).toBe(400)
    const tooLong = await call("POST", "/connections", { connectionName: "x".repeat(33), providerType: "GitHub" })
    expect(tooLong.status).toBe(400)
    expect(field(tooLong.json, "error")).toBe("AwsRequestError")
    expect(await callCount("CreateConnection")).toBe(0)
  })

  it("retries a throttled call inside the request", async () => {
    await control("throttleNext", { count: 1, operation: "ListConnections" })
    const listed = await call("GET", "/connections")
    expect(listed.status).toBe(200)
    expect(await callCount("ListConnections")).toBe(2)
  })

  it("answers 429 when throttling outlasts the client's attempts", async () => {
    await control("throttleNext", { count: 10, operation: "ListConnections" })
    const listed = await call("GET", "/connections")
    expect(listed.status).toBe(429)
    expect(field(listed.json, "error")).toBe("ThrottlingException")
    expect(listed.headers.get("retry-after")).toBe("5")
  }, 20_000)

  it("answers 404 for an unknown route, 400 for an ARN that is not URL-encoded correctly", async () => {
    expect((await call("GET", "/nothing")).status).toBe(404)
    expect((await call("GET", "/connections/%E0%A4%A")).status).toBe(400)
  })
})
