/**
 * The official AWS SDK v3 client, unchanged, against the loopback server: the
 * whole scenario (all 27 operations, errors, pagination), then retries and
 * faults as the SDK experiences them.
 */
import {
  CodeStarConnectionsClient,
  CodeStarConnectionsServiceException,
  CreateConnectionCommand,
  CreateHostCommand,
  CreateRepositoryLinkCommand,
  CreateSyncConfigurationCommand,
  DeleteConnectionCommand,
  DeleteHostCommand,
  DeleteRepositoryLinkCommand,
  DeleteSyncConfigurationCommand,
  GetConnectionCommand,
  GetHostCommand,
  GetRepositoryLinkCommand,
  GetRepositorySyncStatusCommand,
  GetResourceSyncStatusCommand,
  GetSyncBlockerSummaryCommand,
  GetSyncConfigurationCommand,
  ListConnectionsCommand,
  ListHostsCommand,
  ListRepositoryLinksCommand,
  ListRepositorySyncDefinitionsCommand,
  ListSyncConfigurationsCommand,
  ListTagsForResourceCommand,
  paginateListConnections,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateHostCommand,
  UpdateRepositoryLinkCommand,
  UpdateSyncBlockerCommand,
  UpdateSyncConfigurationCommand
} from "@aws-sdk/client-codestar-connections"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Emulator } from "../src/index.js"
import { type Inputs, type OperationName, type Outcome, runScenario, scenario, type ScenarioDriver } from "./scenario.js"

type Tags = ReadonlyArray<{ readonly Key: string; readonly Value: string }> | undefined
const tags = (t: Tags) => t?.map((tag) => ({ ...tag }))
const vpc = (
  v: { readonly VpcId: string; readonly SubnetIds: ReadonlyArray<string>; readonly SecurityGroupIds: ReadonlyArray<string>; readonly TlsCertificate?: string | undefined } | undefined
) => v === undefined ? undefined : { ...v, SubnetIds: [...v.SubnetIds], SecurityGroupIds: [...v.SecurityGroupIds] }

const sdkClient = (url: string, maxAttempts: number) =>
  new CodeStarConnectionsClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: Emulator.testCredentials.accessKeyId, secretAccessKey: Emulator.testCredentials.secretAccessKey },
    maxAttempts
  })

/** The scenario driver for the AWS SDK: one command per operation, errors as code and status. */
export const sdkDriver = (url: string): ScenarioDriver & { readonly client: CodeStarConnectionsClient } => {
  const client = sdkClient(url, 1)
  const commands: { readonly [K in OperationName]: (input: Inputs[K]) => Promise<unknown> } = {
    CreateConnection: (i) => client.send(new CreateConnectionCommand({ ...i, Tags: tags(i.Tags) })),
    CreateHost: (i) => client.send(new CreateHostCommand({ ...i, Tags: tags(i.Tags), VpcConfiguration: vpc(i.VpcConfiguration) })),
    CreateRepositoryLink: (i) => client.send(new CreateRepositoryLinkCommand({ ...i, Tags: tags(i.Tags) })),
    CreateSyncConfiguration: (i) => client.send(new CreateSyncConfigurationCommand(i)),
    DeleteConnection: (i) => client.send(new DeleteConnectionCommand(i)),
    DeleteHost: (i) => client.send(new DeleteHostCommand(i)),
    DeleteRepositoryLink: (i) => client.send(new DeleteRepositoryLinkCommand(i)),
    DeleteSyncConfiguration: (i) => client.send(new DeleteSyncConfigurationCommand(i)),
    GetConnection: (i) => client.send(new GetConnectionCommand(i)),
    GetHost: (i) => client.send(new GetHostCommand(i)),
    GetRepositoryLink: (i) => client.send(new GetRepositoryLinkCommand(i)),
    GetRepositorySyncStatus: (i) => client.send(new GetRepositorySyncStatusCommand(i)),
    GetResourceSyncStatus: (i) => client.send(new GetResourceSyncStatusCommand(i)),
    GetSyncBlockerSummary: (i) => client.send(new GetSyncBlockerSummaryCommand(i)),
    GetSyncConfiguration: (i) => client.send(new GetSyncConfigurationCommand(i)),
    ListConnections: (i) => client.send(new ListConnectionsCommand(i)),
    ListHosts: (i) => client.send(new ListHostsCommand(i)),
    ListRepositoryLinks: (i) => client.send(new ListRepositoryLinksCommand(i)),
    ListRepositorySyncDefinitions: (i) => client.send(new ListRepositorySyncDefinitionsCommand(i)),
    ListSyncConfigurations: (i) => client.send(new ListSyncConfigurationsCommand(i)),
    ListTagsForResource: (i) => client.send(new ListTagsForResourceCommand(i)),
    TagResource: (i) => client.send(new TagResourceCommand({ ...i, Tags: tags(i.Tags) })),
    UntagResource: (i) => client.send(new UntagResourceCommand({ ...i, TagKeys: [...i.TagKeys] })),
    UpdateHost: (i) => client.send(new UpdateHostCommand({ ...i, VpcConfiguration: vpc(i.VpcConfiguration) })),
    UpdateRepositoryLink: (i) => client.send(new UpdateRepositoryLinkCommand(i)),
    UpdateSyncBlocker: (i) => client.send(new UpdateSyncBlockerCommand(i)),
    UpdateSyncConfiguration: (i) => client.send(new UpdateSyncConfigurationCommand(i))
  }
  const call = async <Op extends OperationName>(operation: Op, input: Inputs[Op]): Promise<Outcome> => {
    try {
      return { ok: true, output: await commands[operation](input) }
    } catch (error) {
      if (error instanceof CodeStarConnectionsServiceException) {
        return { ok: false, code: error.name, status: error.$metadata.httpStatusCode, message: error.message }
      }
      throw error
    }
  }
  return { client, call, control: (action, body) => controlOverHttp(url, action, body) }
}

/** A control action through the server's HTTP control endpoint. */
export const controlOverHttp = async (url: string, action: string, body: unknown): Promise<unknown> => {
  const response = await fetch(`${url}/_emulator/${action}`, { method: "POST", body: JSON.stringify(body) })
  const json: unknown = await response.json()
  if (!response.ok) throw new Error(`control ${action} answered ${response.status}: ${JSON.stringify(json)}`)
  return json
}

describe("the official AWS SDK against the loopback server", () => {
  it.scopedLive("runs the whole scenario: all 27 operations, errors and pagination", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.server()
      const driver = sdkDriver(server.url)
      yield* Effect.addFinalizer(() => Effect.sync(() => driver.client.destroy()))
      yield* Effect.promise(() => runScenario(driver))
      const calls = yield* server.emulator.calls
      expect(new Set(calls.map((c) => c.operation)).size).toBe(27)
      // Every call of the scenario was signed by the SDK and verified by the emulator.
      const signatureErrors = ["MissingAuthenticationTokenException", "IncompleteSignatureException", "UnrecognizedClientException", "InvalidSignatureException"]
      expect(calls.filter((c) => c.errorCode !== undefined && signatureErrors.includes(c.errorCode))).toEqual([])
      // One call per call step, one per page; the errors are exactly those the scenario expects, in order.
      const expectedErrors = scenario.flatMap((step) => step.kind === "call" && "error" in step.expect ? [step.expect.error] : [])
      const expectedOk = scenario.reduce(
        (n, step) => n + (step.kind === "call" && "ok" in step.expect ? 1 : step.kind === "paginate" ? step.expectPages : 0),
        0
      )
      expect(calls.filter((c) => c.status === 200)).toHaveLength(expectedOk)
      expect(calls.flatMap((c) => c.errorCode === undefined ? [] : [c.errorCode])).toEqual(expectedErrors)
      expect(calls.every((c) => c.api === "codestar-connections")).toBe(true)
    }), 30_000)

  it.scopedLive("the SDK paginator walks every page", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.server({ handshakeCompletesAfter: 0 })
      const client = sdkClient(server.url, 1)
      yield* Effect.addFinalizer(() => Effect.sync(() => client.destroy()))
      const names = yield* Effect.promise(async () => {
        for (let i = 0; i < 7; i++) {
          await client.send(new CreateConnectionCommand({ ConnectionName: `c${i}`, ProviderType: "GitLab" }))
        }
        const seen: Array<string> = []
        for await (const page of paginateListConnections({ client, pageSize: 3 }, {})) {
          for (const c of page.Connections ?? []) seen.push(c.ConnectionName ?? "")
        }
        return seen
      })
      expect(names).toEqual(["c0", "c1", "c2", "c3", "c4", "c5", "c6"])
      expect(yield* server.emulator.callCount("ListConnections")).toBe(3)
    }))

  it.scopedLive("the SDK retries throttling, 5xx and dropped connections, and succeeds", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.server()
      const client = sdkClient(server.url, 4)
      yield* Effect.addFinalizer(() => Effect.sync(() => client.destroy()))
      const { ConnectionArn } = yield* Effect.promise(() =>
        client.send(new CreateConnectionCommand({ ConnectionName: "retry", ProviderType: "GitHub" }))
      )
      // Throttling first: the SDK backs off longest after it.
      yield* server.emulator.throttleNext(1)
      yield* server.emulator.failNext({ status: 503 })
      yield* server.emulator.dropNext(1)
      const got = yield* Effect.promise(() => client.send(new GetConnectionCommand({ ConnectionArn })))
      expect(got.Connection?.ConnectionName).toBe("retry")
      expect(got.$metadata.attempts).toBe(4)
      expect(yield* server.emulator.callCount("GetConnection")).toBe(4)
      expect((yield* server.emulator.calls).map((c) => c.status)).toEqual([200, 400, 503, "dropped", 200])
    }), 30_000)

  it.scopedLive("the SDK sees the SigV4 errors AWS sends", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.server()
      const failure = (client: CodeStarConnectionsClient) =>
        Effect.promise(() =>
          client.send(new ListConnectionsCommand({})).then(
            () => undefined,
            (e: unknown) => e instanceof CodeStarConnectionsServiceException ? { name: e.name, status: e.$metadata.httpStatusCode, message: e.message } : undefined
          )
        )
      const wrongKey = new CodeStarConnectionsClient({
        region: "us-east-1",
        endpoint: server.url,
        credentials: { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x" },
        maxAttempts: 1
      })
      const wrongSecret = new CodeStarConnectionsClient({
        region: "us-east-1",
        endpoint: server.url,
        credentials: { accessKeyId: Emulator.testCredentials.accessKeyId, secretAccessKey: "not-the-secret" },
        maxAttempts: 1
      })
      yield* Effect.addFinalizer(() => Effect.sync(() => [wrongKey, wrongSecret].forEach((c) => c.destroy())))
      expect(yield* failure(wrongKey)).toEqual({
        name: "UnrecognizedClientException",
        status: 400,
        message: "The security token included in the request is invalid."
      })
      expect(yield* failure(wrongSecret)).toMatchObject({ name: "InvalidSignatureException", status: 400 })
    }))
})
