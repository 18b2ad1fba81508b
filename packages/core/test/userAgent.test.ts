import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"
import { CodeConnections } from "../src/CodeConnections.js"
import { CodeStarConnections } from "../src/CodeStarConnections.js"
import { apiName, formatPair, userAgent } from "../src/internal/userAgent.js"
import { version } from "../src/internal/version.js"
import { connectionArn } from "./samples.js"
import { dependencies, json, recordingHttp, region } from "./support.js"

describe("the User-Agent", () => {
  it("names the version of package.json (the constant must follow every version bump)", () => {
    const manifest: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    const declared = typeof manifest === "object" && manifest !== null && "version" in manifest
      ? manifest.version
      : undefined
    expect(version, "set src/internal/version.ts to package.json's version (after `pnpm changeset version`)").toBe(
      declared
    )
  })

  it("is in the AWS SDK format", () => {
    const value = userAgent({
      sdkId: "CodeStar connections",
      runtime: [["md/nodejs", "20.20.2"], ["os/linux", "6.8.0-1"]],
      appId: "billing-service"
    })
    expect(value).toBe(
      `effect-codestar/${version} ua/2.1 os/linux#6.8.0-1 lang/js md/nodejs#20.20.2 ` +
        `api/codestar-connections#${version} app/billing-service`
    )
    expect(userAgent({ sdkId: "CodeConnections" })).toBe(
      `effect-codestar/${version} ua/2.1 lang/js api/codeconnections#${version}`
    )
  })

  it("escapes what the format does not allow, as the AWS SDKs do", () => {
    expect(formatPair(["app", "my app/v2 (beta)"])).toBe("app/my-app-v2--beta-")
    expect(formatPair(["md/cloudflare workers", "1#2"])).toBe("md/cloudflare-workers#1#2")
    expect(apiName("CodeStar connections")).toBe("codestar-connections")
  })

  it.effect("is sent on every request, as x-amz-user-agent and User-Agent, with the app id when set", () =>
    Effect.gen(function*() {
      const http = recordingHttp(() => json({ Connections: [] }))
      const deps = dependencies(http.layer)
      const codestar = yield* CodeStarConnections.make({
        region,
        userAgentAppId: "billing",
        userAgentRuntime: [["md/test-runtime", "1.0"]]
      }).pipe(Effect.provide(deps))
      const twin = yield* CodeConnections.make({ region }).pipe(Effect.provide(deps))
      yield* codestar.listConnections()
      yield* codestar.getConnection({ ConnectionArn: connectionArn }).pipe(Effect.ignore)
      yield* twin.listConnections()
      expect(http.requests).toHaveLength(3)
      const [first, second, third] = http.requests
      const expected =
        `effect-codestar/${version} ua/2.1 lang/js md/test-runtime#1.0 api/codestar-connections#${version} app/billing`
      expect(first?.headers["x-amz-user-agent"]).toBe(expected)
      expect(first?.headers["user-agent"]).toBe(expected)
      expect(second?.headers["x-amz-user-agent"]).toBe(expected)
      expect(third?.headers["x-amz-user-agent"]).toBe(
        `effect-codestar/${version} ua/2.1 lang/js api/codeconnections#${version}`
      )
      // The signer saw x-amz-user-agent (so it is signed); it never sees user-agent, which proxies and browsers may rewrite.
      expect(first?.headers["authorization"]).toContain("TEST")
    }))
})
