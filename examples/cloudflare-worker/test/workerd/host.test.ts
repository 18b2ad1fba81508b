/**
 * The WaitForHost Workflow (the library's `awaitHost` step, on the
 * CodeConnections API) inside workerd, with real short sleeps.
 */
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { EdgeCodeConnections } from "@effect-codestar/runtime-edge"
import { env, introspectWorkflowInstance } from "cloudflare:test"
import * as Effect from "effect/Effect"
import { beforeEach, describe, expect, it } from "vitest"
import { callCount, control } from "./emulatorControl.js"

const createHost = (name: string) =>
  Effect.runPromise(
    Effect.flatMap(CodeConnections, (client) =>
      client.createHost({
        Name: name,
        ProviderType: "GitHubEnterpriseServer",
        ProviderEndpoint: "https://ghes.example.com"
      })).pipe(Effect.provide(EdgeCodeConnections.layerFromBindings(env)))
  ).then((out) => {
    if (out.HostArn === undefined) {
      throw new Error("no HostArn")
    }
    return out.HostArn
  })

describe("the WaitForHost Workflow", () => {
  beforeEach(async () => {
    await control("reset")
  })

  it("polls a pending host with real sleeps, and completes once its setup is done", async () => {
    const hostArn = await createHost("wf-host")
    await using instance = await introspectWorkflowInstance(env.WAIT_FOR_HOST, "host-available")
    await env.WAIT_FOR_HOST.create({ id: "host-available", params: { hostArn, firstIntervalSeconds: 1 } })
    expect(await instance.waitForStepResult({ name: "get host status", index: 2 })).not.toBe("AVAILABLE")
    await control("completeHostSetup", { arn: hostArn })
    await instance.waitForStatus("complete")
    const output = await instance.getOutput()
    expect(output).toMatchObject({ hostArn, status: "AVAILABLE" })
    const polls = typeof output === "object" && output !== null && "polls" in output ? output.polls : undefined
    expect(polls).toBeGreaterThanOrEqual(3)
    expect(await callCount("GetHost")).toBe(polls)
  }, 30_000)

  it("ends without retrying when the host's setup fails", async () => {
    const hostArn = await createHost("wf-host-failed")
    await using instance = await introspectWorkflowInstance(env.WAIT_FOR_HOST, "host-failed")
    await instance.modify(async (m) => {
      await m.disableSleeps()
    })
    await env.WAIT_FOR_HOST.create({ id: "host-failed", params: { hostArn } })
    await instance.waitForStepResult({ name: "get host status" })
    await control("failHostSetup", { arn: hostArn })
    await instance.waitForStatus("errored")
    expect((await instance.getError()).message).toContain("NonRetryableError")
  }, 30_000)
})
