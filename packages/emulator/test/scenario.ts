/**
 * One end-to-end scenario over all 27 operations, written as data: a list of
 * steps with the outcome each must have. It names operations and inputs the
 * way the wire does (PascalCase members, as in the model), so any client can
 * run it through a small driver: the official AWS SDK (interop.test.ts), or
 * the project's own client.
 *
 * A driver calls an operation and reports either its output or its error
 * code and HTTP status; control steps go to the emulator's control API.
 */
import type * as Ops from "@effect-codestar/core/CodeStarConnections/operations"
import type * as Schema from "effect/Schema"
import { expect } from "vitest"

export type OperationName = keyof typeof Ops

/** The input of each operation, as the core's schemas type it (the wire shape). */
export type Inputs = { readonly [K in OperationName]: Schema.Schema.Type<(typeof Ops)[K]["input"]> }

/** Values captured from earlier outputs (ARNs, ids, tokens). */
export type Vars = Readonly<Record<string, string>>

export type Outcome =
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly code: string; readonly status: number | undefined; readonly message: string }

/** What a client under test must provide. */
export interface ScenarioDriver {
  readonly call: <Op extends OperationName>(operation: Op, input: Inputs[Op]) => Promise<Outcome>
  readonly control: (action: string, body: Readonly<Record<string, unknown>>) => Promise<unknown>
}

/** A matcher for `toMatchObject`: may use `expect.any(Date)` and friends. */
type Matcher = object | ((vars: Vars) => object)

export type Expectation =
  | { readonly ok: Matcher }
  | { readonly error: string; readonly status: number }

type Capture = Readonly<Record<string, ReadonlyArray<string | number>>>

export interface CallStep<Op extends OperationName> {
  readonly kind: "call"
  readonly title: string
  readonly operation: Op
  readonly input: (vars: Vars) => Inputs[Op]
  readonly expect: Expectation
  readonly capture?: Capture
}

type PaginatedOperation = "ListConnections" | "ListHosts" | "ListRepositoryLinks" | "ListSyncConfigurations"

export interface PaginateStep<Op extends PaginatedOperation> {
  readonly kind: "paginate"
  readonly title: string
  readonly operation: Op
  /** The input of every page; the runner adds `NextToken` and `MaxResults`. */
  readonly input: (vars: Vars) => Inputs[Op]
  readonly itemsKey: string
  readonly pageSize: number
  readonly expectItems: number
  readonly expectPages: number
}

export interface ControlStep {
  readonly kind: "control"
  readonly title: string
  readonly action: string
  readonly body: (vars: Vars) => Readonly<Record<string, unknown>>
  readonly expect?: object
  readonly capture?: Capture
}

export type Step =
  | { readonly [Op in OperationName]: CallStep<Op> }[OperationName]
  | { readonly [Op in PaginatedOperation]: PaginateStep<Op> }[PaginatedOperation]
  | ControlStep

const call = <Op extends OperationName>(
  title: string,
  operation: Op,
  input: (vars: Vars) => Inputs[Op],
  expectation: Expectation,
  capture?: Capture
): CallStep<Op> => ({
  kind: "call",
  title,
  operation,
  input,
  expect: expectation,
  ...(capture === undefined ? {} : { capture })
})

const paginate = <Op extends PaginatedOperation>(
  title: string,
  operation: Op,
  input: (vars: Vars) => Inputs[Op],
  itemsKey: string,
  pageSize: number,
  expectItems: number,
  expectPages: number
): PaginateStep<Op> => ({ kind: "paginate", title, operation, input, itemsKey, pageSize, expectItems, expectPages })

const control = (
  title: string,
  action: string,
  body: (vars: Vars) => Readonly<Record<string, unknown>>,
  extra: { readonly expect?: object; readonly capture?: Capture } = {}
): ControlStep => ({ kind: "control", title, action, body, ...extra })

const v = (vars: Vars, name: string): string => {
  const value = vars[name]
  if (value === undefined) throw new Error(`The scenario has not captured ${name} yet`)
  return value
}

const account = "123456789012"
const roleArn = `arn:aws:iam::${account}:role/sync-role`
const kmsKeyArn = `arn:aws:kms:us-east-1:${account}:key/0a1b2c3d-1111-2222-3333-444455556666`
const unknownConnectionArn =
  `arn:aws:codestar-connections:us-east-1:${account}:connection/00000000-0000-0000-0000-000000000000`
const unknownLinkId = "00000000-0000-0000-0000-000000000000"
const connectionArnPattern = new RegExp(`^arn:aws:codestar-connections:us-east-1:${account}:connection/[0-9a-f-]{36}$`)
const hostArnPattern = new RegExp(`^arn:aws:codestar-connections:us-east-1:${account}:host/ghe-[0-9a-f]{8}$`)
const linkArnPattern = new RegExp(`^arn:aws:codestar-connections:us-east-1:${account}:repository-link/[0-9a-f-]{36}$`)
const manyTags = Array.from({ length: 200 }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }))

const ok = (m: Matcher): Expectation => ({ ok: m })
const error = (code: string, status: number): Expectation => ({ error: code, status })

/** The steps, in order. Each title says what AWS behaviour it pins down. */
export const scenario: ReadonlyArray<Step> = [
  // Hosts and their lifecycle.
  call(
    "CreateHost makes a PENDING host",
    "CreateHost",
    () => ({
      Name: "ghe",
      ProviderType: "GitHubEnterpriseServer",
      ProviderEndpoint: "https://ghe.example.com"
    }),
    ok({ HostArn: expect.stringMatching(hostArnPattern) }),
    { hostArn: ["HostArn"] }
  ),
  call(
    "GetHost shows PENDING",
    "GetHost",
    (x) => ({ HostArn: v(x, "hostArn") }),
    ok({
      Name: "ghe",
      Status: "PENDING",
      ProviderType: "GitHubEnterpriseServer",
      ProviderEndpoint: "https://ghe.example.com"
    })
  ),
  call("a connection cannot use a host that is not AVAILABLE", "CreateConnection", (x) => ({
    ConnectionName: "ghe-early",
    HostArn: v(x, "hostArn")
  }), error("ResourceUnavailableException", 400)),
  control("the host's setup completes", "completeHostSetup", (x) => ({ arn: v(x, "hostArn") })),
  call("UpdateHost changes the endpoint", "UpdateHost", (x) => ({
    HostArn: v(x, "hostArn"),
    ProviderEndpoint: "https://ghe2.example.com"
  }), ok({})),
  call(
    "GetHost shows AVAILABLE and the new endpoint",
    "GetHost",
    (x) => ({ HostArn: v(x, "hostArn") }),
    ok({
      Status: "AVAILABLE",
      ProviderEndpoint: "https://ghe2.example.com"
    })
  ),
  call(
    "ListHosts lists it",
    "ListHosts",
    () => ({}),
    ok((x) => ({ Hosts: [{ HostArn: v(x, "hostArn"), Status: "AVAILABLE" }] }))
  ),

  // Connections and the handshake.
  call(
    "CreateConnection through the host",
    "CreateConnection",
    (x) => ({
      ConnectionName: "ghe",
      HostArn: v(x, "hostArn")
    }),
    ok({ ConnectionArn: expect.stringMatching(connectionArnPattern) }),
    { gheArn: ["ConnectionArn"] }
  ),
  call(
    "CreateConnection with tags echoes them",
    "CreateConnection",
    () => ({
      ConnectionName: "github",
      ProviderType: "GitHub",
      Tags: [{ Key: "team", Value: "platform" }]
    }),
    ok({ ConnectionArn: expect.stringMatching(connectionArnPattern), Tags: [{ Key: "team", Value: "platform" }] }),
    {
      githubArn: ["ConnectionArn"]
    }
  ),
  call(
    "CreateConnection to Bitbucket",
    "CreateConnection",
    () => ({ ConnectionName: "bitbucket", ProviderType: "Bitbucket" }),
    ok({}),
    {
      bitbucketArn: ["ConnectionArn"]
    }
  ),
  call("a 40-character ConnectionName fails validation", "CreateConnection", () => ({
    ConnectionName: "x".repeat(40),
    ProviderType: "GitHub"
  }), error("ValidationException", 400)),
  call(
    "a new connection is PENDING",
    "GetConnection",
    (x) => ({ ConnectionArn: v(x, "githubArn") }),
    ok((x) => ({
      Connection: {
        ConnectionName: "github",
        ConnectionArn: v(x, "githubArn"),
        ProviderType: "GitHub",
        OwnerAccountId: account,
        ConnectionStatus: "PENDING"
      }
    }))
  ),
  call(
    "GetConnection of an unknown ARN",
    "GetConnection",
    () => ({ ConnectionArn: unknownConnectionArn }),
    error("ResourceNotFoundException", 404)
  ),
  call("a repository link needs an AVAILABLE connection", "CreateRepositoryLink", (x) => ({
    ConnectionArn: v(x, "githubArn"),
    OwnerId: "octo",
    RepositoryName: "infra"
  }), error("InvalidInputException", 400)),
  control("the GitHub handshake completes", "completeHandshake", (x) => ({ arn: v(x, "githubArn") })),
  control("the Bitbucket handshake fails", "failHandshake", (x) => ({ arn: v(x, "bitbucketArn") })),
  call(
    "GetConnection shows AVAILABLE",
    "GetConnection",
    (x) => ({ ConnectionArn: v(x, "githubArn") }),
    ok({
      Connection: { ConnectionStatus: "AVAILABLE" }
    })
  ),
  call(
    "GetConnection shows ERROR",
    "GetConnection",
    (x) => ({ ConnectionArn: v(x, "bitbucketArn") }),
    ok({
      Connection: { ConnectionStatus: "ERROR" }
    })
  ),
  call(
    "ListConnections filters by provider type",
    "ListConnections",
    () => ({ ProviderTypeFilter: "GitHub" }),
    ok((x) => ({
      Connections: [{ ConnectionArn: v(x, "githubArn") }]
    }))
  ),
  call(
    "ListConnections filters by host",
    "ListConnections",
    (x) => ({ HostArnFilter: v(x, "hostArn") }),
    ok((x) => ({
      Connections: [{ ConnectionArn: v(x, "gheArn"), HostArn: v(x, "hostArn"), ProviderType: "GitHubEnterpriseServer" }]
    }))
  ),
  paginate("ListConnections pages one by one", "ListConnections", () => ({}), "Connections", 1, 3, 3),
  call(
    "ListConnections rejects a forged NextToken",
    "ListConnections",
    () => ({ NextToken: "not-a-token" }),
    error("ValidationException", 400)
  ),

  // Repository links.
  call(
    "CreateRepositoryLink",
    "CreateRepositoryLink",
    (x) => ({
      ConnectionArn: v(x, "githubArn"),
      OwnerId: "octo",
      RepositoryName: "infra",
      Tags: [{ Key: "team", Value: "platform" }]
    }),
    ok((x) => ({
      RepositoryLinkInfo: {
        ConnectionArn: v(x, "githubArn"),
        OwnerId: "octo",
        RepositoryName: "infra",
        ProviderType: "GitHub",
        RepositoryLinkArn: expect.stringMatching(linkArnPattern)
      }
    })),
    { linkId: ["RepositoryLinkInfo", "RepositoryLinkId"], linkArn: ["RepositoryLinkInfo", "RepositoryLinkArn"] }
  ),
  call("the same repository cannot be linked twice", "CreateRepositoryLink", (x) => ({
    ConnectionArn: v(x, "githubArn"),
    OwnerId: "octo",
    RepositoryName: "infra"
  }), error("ResourceAlreadyExistsException", 409)),
  call(
    "CreateRepositoryLink for a second repository",
    "CreateRepositoryLink",
    (x) => ({
      ConnectionArn: v(x, "githubArn"),
      OwnerId: "octo",
      RepositoryName: "app"
    }),
    ok({}),
    { link2Id: ["RepositoryLinkInfo", "RepositoryLinkId"] }
  ),
  call(
    "GetRepositoryLink",
    "GetRepositoryLink",
    (x) => ({ RepositoryLinkId: v(x, "linkId") }),
    ok((x) => ({
      RepositoryLinkInfo: { RepositoryLinkId: v(x, "linkId"), RepositoryName: "infra" }
    }))
  ),
  call(
    "GetRepositoryLink of an unknown id",
    "GetRepositoryLink",
    () => ({ RepositoryLinkId: unknownLinkId }),
    error("ResourceNotFoundException", 404)
  ),
  call("UpdateRepositoryLink sets a KMS key", "UpdateRepositoryLink", (x) => ({
    RepositoryLinkId: v(x, "linkId"),
    EncryptionKeyArn: kmsKeyArn
  }), ok({ RepositoryLinkInfo: { EncryptionKeyArn: kmsKeyArn } })),
  paginate("ListRepositoryLinks pages one by one", "ListRepositoryLinks", () => ({}), "RepositoryLinks", 1, 2, 2),
  call(
    "ListRepositoryLinks rejects a forged NextToken",
    "ListRepositoryLinks",
    () => ({ NextToken: "bm9wZQ" }),
    error("InvalidInputException", 400)
  ),

  // Sync configurations, their status and blockers.
  call(
    "CreateSyncConfiguration",
    "CreateSyncConfiguration",
    (x) => ({
      Branch: "main",
      ConfigFile: "deploy/web.yaml",
      RepositoryLinkId: v(x, "linkId"),
      ResourceName: "web-stack",
      RoleArn: roleArn,
      SyncType: "CFN_STACK_SYNC"
    }),
    ok((x) => ({
      SyncConfiguration: {
        Branch: "main",
        ConfigFile: "deploy/web.yaml",
        OwnerId: "octo",
        ProviderType: "GitHub",
        RepositoryLinkId: v(x, "linkId"),
        RepositoryName: "infra",
        ResourceName: "web-stack",
        RoleArn: roleArn,
        SyncType: "CFN_STACK_SYNC",
        PublishDeploymentStatus: "ENABLED",
        TriggerResourceUpdateOn: "ANY_CHANGE"
      }
    }))
  ),
  call("one sync configuration per resource", "CreateSyncConfiguration", (x) => ({
    Branch: "dev",
    ConfigFile: "deploy/web.yaml",
    RepositoryLinkId: v(x, "linkId"),
    ResourceName: "web-stack",
    RoleArn: roleArn,
    SyncType: "CFN_STACK_SYNC"
  }), error("ResourceAlreadyExistsException", 409)),
  call("CreateSyncConfiguration for a second stack", "CreateSyncConfiguration", (x) => ({
    Branch: "main",
    ConfigFile: "deploy/api.yaml",
    RepositoryLinkId: v(x, "linkId"),
    ResourceName: "api-stack",
    RoleArn: roleArn,
    SyncType: "CFN_STACK_SYNC"
  }), ok({})),
  call(
    "GetSyncConfiguration",
    "GetSyncConfiguration",
    () => ({ ResourceName: "web-stack", SyncType: "CFN_STACK_SYNC" }),
    ok({
      SyncConfiguration: { ResourceName: "web-stack", ConfigFile: "deploy/web.yaml" }
    })
  ),
  call("UpdateSyncConfiguration", "UpdateSyncConfiguration", () => ({
    ResourceName: "web-stack",
    SyncType: "CFN_STACK_SYNC",
    TriggerResourceUpdateOn: "FILE_CHANGE"
  }), ok({ SyncConfiguration: { ResourceName: "web-stack", TriggerResourceUpdateOn: "FILE_CHANGE" } })),
  paginate(
    "ListSyncConfigurations pages one by one",
    "ListSyncConfigurations",
    (x) => ({
      RepositoryLinkId: v(x, "linkId"),
      SyncType: "CFN_STACK_SYNC"
    }),
    "SyncConfigurations",
    1,
    2,
    2
  ),
  call(
    "ListRepositorySyncDefinitions",
    "ListRepositorySyncDefinitions",
    (x) => ({
      RepositoryLinkId: v(x, "linkId"),
      SyncType: "CFN_STACK_SYNC"
    }),
    ok((x) => ({
      RepositorySyncDefinitions: [
        { Branch: "main", Directory: "deploy/web.yaml", Parent: v(x, "linkId"), Target: "web-stack" },
        { Branch: "main", Directory: "deploy/api.yaml", Parent: v(x, "linkId"), Target: "api-stack" }
      ]
    }))
  ),
  call(
    "a new sync is IN_PROGRESS",
    "GetResourceSyncStatus",
    () => ({ ResourceName: "web-stack", SyncType: "CFN_STACK_SYNC" }),
    ok({
      LatestSync: { Status: "IN_PROGRESS", StartedAt: expect.any(Date), Target: "web-stack" }
    })
  ),
  control("the sync succeeds", "setSyncStatus", () => ({ resourceName: "web-stack", status: "SUCCEEDED" })),
  call(
    "GetResourceSyncStatus shows SUCCEEDED",
    "GetResourceSyncStatus",
    () => ({ ResourceName: "web-stack", SyncType: "CFN_STACK_SYNC" }),
    ok({
      DesiredState: { Branch: "main", OwnerId: "octo", RepositoryName: "infra", ProviderType: "GitHub" },
      LatestSync: {
        Status: "SUCCEEDED",
        Events: expect.arrayContaining([expect.objectContaining({ Time: expect.any(Date) })])
      },
      LatestSuccessfulSync: { Status: "SUCCEEDED" }
    })
  ),
  call("GetRepositorySyncStatus of the branch", "GetRepositorySyncStatus", (x) => ({
    Branch: "main",
    RepositoryLinkId: v(x, "linkId"),
    SyncType: "CFN_STACK_SYNC"
  }), ok({ LatestSync: { StartedAt: expect.any(Date), Status: expect.stringMatching(/^(IN_PROGRESS|SUCCEEDED)$/) } })),
  call("GetRepositorySyncStatus of a branch nothing follows", "GetRepositorySyncStatus", (x) => ({
    Branch: "feature",
    RepositoryLinkId: v(x, "linkId"),
    SyncType: "CFN_STACK_SYNC"
  }), error("ResourceNotFoundException", 404)),
  call(
    "no blockers at first",
    "GetSyncBlockerSummary",
    () => ({ ResourceName: "web-stack", SyncType: "CFN_STACK_SYNC" }),
    ok({
      SyncBlockerSummary: { ResourceName: "web-stack", LatestBlockers: [] }
    })
  ),
  control(
    "a sync blocker appears",
    "createSyncBlocker",
    () => ({ resourceName: "web-stack", reason: "Stack drifted" }),
    {
      capture: { blockerId: ["id"] }
    }
  ),
  call(
    "GetSyncBlockerSummary lists the blocker",
    "GetSyncBlockerSummary",
    () => ({
      ResourceName: "web-stack",
      SyncType: "CFN_STACK_SYNC"
    }),
    ok((x) => ({
      SyncBlockerSummary: {
        LatestBlockers: [{
          Id: v(x, "blockerId"),
          Type: "AUTOMATED",
          Status: "ACTIVE",
          CreatedReason: "Stack drifted",
          CreatedAt: expect.any(Date)
        }]
      }
    }))
  ),
  call("UpdateSyncBlocker of an unknown id", "UpdateSyncBlocker", () => ({
    Id: "no-such-blocker",
    ResourceName: "web-stack",
    SyncType: "CFN_STACK_SYNC",
    ResolvedReason: "fixed"
  }), error("SyncBlockerDoesNotExistException", 404)),
  call(
    "UpdateSyncBlocker resolves it",
    "UpdateSyncBlocker",
    (x) => ({
      Id: v(x, "blockerId"),
      ResourceName: "web-stack",
      SyncType: "CFN_STACK_SYNC",
      ResolvedReason: "Drift fixed"
    }),
    ok((x) => ({
      ResourceName: "web-stack",
      SyncBlocker: {
        Id: v(x, "blockerId"),
        Status: "RESOLVED",
        ResolvedReason: "Drift fixed",
        ResolvedAt: expect.any(Date)
      }
    }))
  ),

  // Tags.
  call(
    "TagResource adds a tag",
    "TagResource",
    (x) => ({ ResourceArn: v(x, "githubArn"), Tags: [{ Key: "env", Value: "prod" }] }),
    ok({})
  ),
  call(
    "ListTagsForResource",
    "ListTagsForResource",
    (x) => ({ ResourceArn: v(x, "githubArn") }),
    ok({
      Tags: [{ Key: "team", Value: "platform" }, { Key: "env", Value: "prod" }]
    })
  ),
  call(
    "UntagResource removes one",
    "UntagResource",
    (x) => ({ ResourceArn: v(x, "githubArn"), TagKeys: ["team"] }),
    ok({})
  ),
  call(
    "ListTagsForResource after untagging",
    "ListTagsForResource",
    (x) => ({ ResourceArn: v(x, "githubArn") }),
    ok({
      Tags: [{ Key: "env", Value: "prod" }]
    })
  ),
  call(
    "TagResource of an unknown ARN",
    "TagResource",
    () => ({ ResourceArn: unknownConnectionArn, Tags: [{ Key: "a", Value: "b" }] }),
    error("ResourceNotFoundException", 404)
  ),
  call(
    "more than 200 tags on one resource",
    "TagResource",
    (x) => ({ ResourceArn: v(x, "linkArn"), Tags: manyTags }),
    error("LimitExceededException", 429)
  ),

  // Deletion, in dependency order.
  call(
    "a link with sync configurations cannot be deleted",
    "DeleteRepositoryLink",
    (x) => ({ RepositoryLinkId: v(x, "linkId") }),
    error("SyncConfigurationStillExistsException", 409)
  ),
  call(
    "DeleteSyncConfiguration web-stack",
    "DeleteSyncConfiguration",
    () => ({ ResourceName: "web-stack", SyncType: "CFN_STACK_SYNC" }),
    ok({})
  ),
  call(
    "DeleteSyncConfiguration api-stack",
    "DeleteSyncConfiguration",
    () => ({ ResourceName: "api-stack", SyncType: "CFN_STACK_SYNC" }),
    ok({})
  ),
  call(
    "DeleteSyncConfiguration of a deleted one",
    "DeleteSyncConfiguration",
    () => ({ ResourceName: "web-stack", SyncType: "CFN_STACK_SYNC" }),
    error("InvalidInputException", 400)
  ),
  call(
    "GetSyncConfiguration of a deleted one",
    "GetSyncConfiguration",
    () => ({ ResourceName: "web-stack", SyncType: "CFN_STACK_SYNC" }),
    error("ResourceNotFoundException", 404)
  ),
  call("DeleteRepositoryLink", "DeleteRepositoryLink", (x) => ({ RepositoryLinkId: v(x, "linkId") }), ok({})),
  call(
    "DeleteRepositoryLink of the second link",
    "DeleteRepositoryLink",
    (x) => ({ RepositoryLinkId: v(x, "link2Id") }),
    ok({})
  ),
  call(
    "a host with connections cannot be deleted",
    "DeleteHost",
    (x) => ({ HostArn: v(x, "hostArn") }),
    error("ResourceUnavailableException", 400)
  ),
  call("DeleteConnection ghe", "DeleteConnection", (x) => ({ ConnectionArn: v(x, "gheArn") }), ok({})),
  call("DeleteConnection github", "DeleteConnection", (x) => ({ ConnectionArn: v(x, "githubArn") }), ok({})),
  call("DeleteConnection bitbucket", "DeleteConnection", (x) => ({ ConnectionArn: v(x, "bitbucketArn") }), ok({})),
  call(
    "DeleteConnection twice",
    "DeleteConnection",
    (x) => ({ ConnectionArn: v(x, "githubArn") }),
    error("ResourceNotFoundException", 404)
  ),
  call("DeleteHost", "DeleteHost", (x) => ({ HostArn: v(x, "hostArn") }), ok({})),
  call(
    "GetHost of a deleted host",
    "GetHost",
    (x) => ({ HostArn: v(x, "hostArn") }),
    error("ResourceNotFoundException", 404)
  ),
  call("ListConnections is empty at the end", "ListConnections", () => ({}), ok({ Connections: [] })),

  // The emulator counted every call, failed ones included.
  control("CreateConnection was called 5 times", "callCount", () => ({ operation: "CreateConnection" }), {
    expect: { count: 5 }
  })
]

const capture = (output: unknown, paths: Capture, vars: Record<string, string>): void => {
  for (const [name, path] of Object.entries(paths)) {
    const value = path.reduce<unknown>(
      (acc, key) => (typeof acc === "object" && acc !== null ? Reflect.get(acc, key) : undefined),
      output
    )
    if (typeof value !== "string") throw new Error(`Nothing to capture as ${name} at ${path.join(".")}`)
    vars[name] = value
  }
}

const check = (outcome: Outcome, expectation: Expectation, vars: Vars): void => {
  if ("ok" in expectation) {
    if (!outcome.ok) throw new Error(`expected success, got ${outcome.code} (${outcome.status}): ${outcome.message}`)
    expect(outcome.output, `output: ${JSON.stringify(outcome.output)}`).toMatchObject(
      typeof expectation.ok === "function" ? expectation.ok(vars) : expectation.ok
    )
  } else {
    if (outcome.ok) throw new Error(`expected ${expectation.error}, got success: ${JSON.stringify(outcome.output)}`)
    expect({ code: outcome.code, status: outcome.status }, `error: ${outcome.message}`).toEqual({
      code: expectation.error,
      status: expectation.status
    })
  }
}

const items = (output: unknown, key: string): ReadonlyArray<unknown> => {
  const list = typeof output === "object" && output !== null ? Reflect.get(output, key) : undefined
  return Array.isArray(list) ? list : []
}

const nextToken = (output: unknown): string | undefined => {
  const token = typeof output === "object" && output !== null ? Reflect.get(output, "NextToken") : undefined
  return typeof token === "string" && token !== "" ? token : undefined
}

const runPaginate = async <Op extends PaginatedOperation>(
  driver: ScenarioDriver,
  step: PaginateStep<Op>,
  vars: Vars
): Promise<void> => {
  let token: string | undefined
  let pages = 0
  let total = 0
  do {
    const outcome = await driver.call(step.operation, {
      ...step.input(vars),
      MaxResults: step.pageSize,
      ...(token === undefined ? {} : { NextToken: token })
    })
    if (!outcome.ok) throw new Error(`page ${pages + 1} failed: ${outcome.code}: ${outcome.message}`)
    pages++
    const got = items(outcome.output, step.itemsKey)
    expect(got.length).toBeLessThanOrEqual(step.pageSize)
    total += got.length
    token = nextToken(outcome.output)
  } while (token !== undefined && pages < 100)
  expect({ items: total, pages }).toEqual({ items: step.expectItems, pages: step.expectPages })
}

const runCall = async <Op extends OperationName>(
  driver: ScenarioDriver,
  step: CallStep<Op>,
  vars: Record<string, string>
) => {
  const outcome = await driver.call(step.operation, step.input(vars))
  check(outcome, step.expect, vars)
  if (step.capture !== undefined && outcome.ok) capture(outcome.output, step.capture, vars)
}

/** Runs every step in order; a failure names the step. Returns the captured values. */
export const runScenario = async (driver: ScenarioDriver, steps: ReadonlyArray<Step> = scenario): Promise<Vars> => {
  const vars: Record<string, string> = {}
  for (const [index, step] of steps.entries()) {
    try {
      switch (step.kind) {
        case "call":
          await runCall(driver, step, vars)
          break
        case "paginate":
          await runPaginate(driver, step, vars)
          break
        case "control": {
          const result = await driver.control(step.action, step.body(vars))
          if (step.expect !== undefined) expect(result).toMatchObject(step.expect)
          if (step.capture !== undefined) capture(result, step.capture, vars)
          break
        }
      }
    } catch (cause) {
      throw new Error(
        `Scenario step ${index + 1} "${step.title}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
        {
          cause
        }
      )
    }
  }
  return vars
}
