/**
 * Each operation's happy path and the errors AWS answers, on the wire, through
 * the in-process HttpClient.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Emulator } from "../src/index.js"
import { call, errorCode, field, ok, stringField } from "./support.js"

const account = "123456789012"
const roleArn = `arn:aws:iam::${account}:role/sync`
const run = <A, E>(
  effect: Effect.Effect<A, E, Emulator.EmulatorControl | HttpClient.HttpClient>,
  options?: Emulator.EmulatorOptions
) => Effect.provide(effect, Emulator.layer(options))

const expectError = (operation: string, input: unknown, code: string, status: number) =>
  Effect.gen(function*() {
    const answer = yield* call(operation, input)
    expect({ status: answer.status, code: errorCode(answer) }, answer.text).toEqual({ status, code })
    return answer
  })

/** An AVAILABLE GitHub connection and a repository link on it. */
const linkFixture = Effect.gen(function*() {
  const emulator = yield* Emulator.EmulatorControl
  const connectionArn = stringField(
    yield* ok("CreateConnection", { ConnectionName: "gh", ProviderType: "GitHub" }),
    "ConnectionArn"
  )
  yield* emulator.completeHandshake(connectionArn)
  const link = yield* ok("CreateRepositoryLink", {
    ConnectionArn: connectionArn,
    OwnerId: "octo",
    RepositoryName: "infra"
  })
  return { emulator, connectionArn, linkId: stringField(link, "RepositoryLinkInfo", "RepositoryLinkId") }
})

const syncInput = (linkId: string, resourceName = "web-stack") => ({
  Branch: "main",
  ConfigFile: "deploy.yaml",
  RepositoryLinkId: linkId,
  ResourceName: resourceName,
  RoleArn: roleArn,
  SyncType: "CFN_STACK_SYNC"
})

describe("connections", () => {
  it.effect("CreateConnection answers an ARN in the real format, GetConnection shows it PENDING", () =>
    run(Effect.gen(function*() {
      const created = yield* ok("CreateConnection", { ConnectionName: "my-github", ProviderType: "GitHub" })
      const arn = stringField(created, "ConnectionArn")
      expect(arn).toMatch(
        /^arn:aws:codestar-connections:us-east-1:123456789012:connection\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
      )
      expect(created).toEqual({ ConnectionArn: arn })
      expect(yield* ok("GetConnection", { ConnectionArn: arn })).toEqual({
        Connection: {
          ConnectionName: "my-github",
          ConnectionArn: arn,
          ProviderType: "GitHub",
          OwnerAccountId: account,
          ConnectionStatus: "PENDING"
        }
      })
    })))

  it.effect("the 2023-12-01 API makes codeconnections ARNs, and both APIs see the same resources", () =>
    run(Effect.gen(function*() {
      const created = yield* ok("CreateConnection", { ConnectionName: "az", ProviderType: "AzureDevOps" }, {
        api: "codeconnections",
        region: "eu-west-1"
      })
      const arn = stringField(created, "ConnectionArn")
      expect(arn).toMatch(/^arn:aws:codeconnections:eu-west-1:123456789012:connection\/[0-9a-f-]{36}$/)
      // The same connection, named with the other namespace, through the other API.
      const viaOld = yield* ok("GetConnection", {
        ConnectionArn: arn.replace(":codeconnections:", ":codestar-connections:")
      })
      expect(field(viaOld, "Connection", "ConnectionName")).toBe("az")
    })))

  it.effect("AzureDevOps is a provider of the 2023-12-01 API only", () =>
    run(Effect.gen(function*() {
      const answer = yield* expectError(
        "CreateConnection",
        { ConnectionName: "az", ProviderType: "AzureDevOps" },
        "ValidationException",
        400
      )
      expect(field(answer.json, "message")).toContain("ProviderType")
    })))

  it.effect("a connection needs a ProviderType or a HostArn, and self-managed providers need a host", () =>
    run(Effect.gen(function*() {
      yield* expectError("CreateConnection", { ConnectionName: "none" }, "ValidationException", 400)
      yield* expectError(
        "CreateConnection",
        { ConnectionName: "ghe", ProviderType: "GitHubEnterpriseServer" },
        "ValidationException",
        400
      )
      yield* expectError(
        "CreateConnection",
        {
          ConnectionName: "ghe",
          HostArn: `arn:aws:codestar-connections:us-east-1:${account}:host/nope-12345678`
        },
        "ResourceNotFoundException",
        404
      )
    })))

  it.effect("GetConnection and DeleteConnection of an unknown ARN answer ResourceNotFoundException", () =>
    run(Effect.gen(function*() {
      const arn = `arn:aws:codestar-connections:us-east-1:${account}:connection/00000000-0000-0000-0000-000000000000`
      yield* expectError("GetConnection", { ConnectionArn: arn }, "ResourceNotFoundException", 404)
      yield* expectError("DeleteConnection", { ConnectionArn: arn }, "ResourceNotFoundException", 404)
    })))

  it.effect("DeleteConnection removes it", () =>
    run(Effect.gen(function*() {
      const arn = stringField(
        yield* ok("CreateConnection", { ConnectionName: "x", ProviderType: "GitLab" }),
        "ConnectionArn"
      )
      expect(yield* ok("DeleteConnection", { ConnectionArn: arn })).toEqual({})
      yield* expectError("GetConnection", { ConnectionArn: arn }, "ResourceNotFoundException", 404)
    })))

  it.effect("the connection quota answers LimitExceededException", () =>
    run(
      Effect.gen(function*() {
        yield* ok("CreateConnection", { ConnectionName: "a", ProviderType: "GitHub" })
        yield* ok("CreateConnection", { ConnectionName: "b", ProviderType: "GitHub" })
        yield* expectError(
          "CreateConnection",
          { ConnectionName: "c", ProviderType: "GitHub" },
          "LimitExceededException",
          429
        )
      }),
      { quotas: { connections: 2 } }
    ))

  it.effect("ListConnections filters by provider type and host, and an unknown host filter is not found", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      const hostArn = stringField(
        yield* ok("CreateHost", {
          Name: "gl",
          ProviderType: "GitLabSelfManaged",
          ProviderEndpoint: "https://gitlab.example.com"
        }),
        "HostArn"
      )
      yield* emulator.completeHostSetup(hostArn)
      yield* ok("CreateConnection", { ConnectionName: "gh", ProviderType: "GitHub" })
      yield* ok("CreateConnection", { ConnectionName: "gl", HostArn: hostArn })
      const github = yield* ok("ListConnections", { ProviderTypeFilter: "GitHub" })
      expect(field(github, "Connections")).toMatchObject([{ ConnectionName: "gh" }])
      const viaHost = yield* ok("ListConnections", { HostArnFilter: hostArn })
      expect(field(viaHost, "Connections")).toMatchObject([{
        ConnectionName: "gl",
        HostArn: hostArn,
        ProviderType: "GitLabSelfManaged"
      }])
      yield* expectError("ListConnections", { HostArnFilter: `${hostArn}0` }, "ResourceNotFoundException", 404)
    })))
})

describe("hosts", () => {
  const ghe = { Name: "ghe", ProviderType: "GitHubEnterpriseServer", ProviderEndpoint: "https://ghe.example.com" }
  const vpc = { VpcId: "vpc-0123abcd", SubnetIds: ["subnet-0123abcd"], SecurityGroupIds: ["sg-0123abcd"] }

  it.effect("CreateHost answers host/<name>-<id> and GetHost shows its fields", () =>
    run(Effect.gen(function*() {
      const created = yield* ok("CreateHost", { ...ghe, Tags: [{ Key: "a", Value: "b" }] })
      const arn = stringField(created, "HostArn")
      expect(arn).toMatch(/^arn:aws:codestar-connections:us-east-1:123456789012:host\/ghe-[0-9a-f]{8}$/)
      expect(field(created, "Tags")).toEqual([{ Key: "a", Value: "b" }])
      expect(yield* ok("GetHost", { HostArn: arn })).toEqual({
        Name: "ghe",
        Status: "PENDING",
        ProviderType: "GitHubEnterpriseServer",
        ProviderEndpoint: "https://ghe.example.com"
      })
    })))

  it.effect("a host with a VPC configuration starts VPC_CONFIG_INITIALIZING and cannot be updated meanwhile", () =>
    run(Effect.gen(function*() {
      const arn = stringField(yield* ok("CreateHost", { ...ghe, VpcConfiguration: vpc }), "HostArn")
      expect(yield* ok("GetHost", { HostArn: arn })).toMatchObject({
        Status: "VPC_CONFIG_INITIALIZING",
        VpcConfiguration: vpc
      })
      yield* expectError(
        "UpdateHost",
        { HostArn: arn, ProviderEndpoint: "https://x.example.com" },
        "ConflictException",
        409
      )
      yield* expectError("DeleteHost", { HostArn: arn }, "ResourceUnavailableException", 400)
    })))

  it.effect("UpdateHost changes the endpoint; with nothing to change it is unsupported", () =>
    run(Effect.gen(function*() {
      const arn = stringField(yield* ok("CreateHost", ghe), "HostArn")
      expect(yield* ok("UpdateHost", { HostArn: arn, ProviderEndpoint: "https://ghe2.example.com" })).toEqual({})
      expect(field(yield* ok("GetHost", { HostArn: arn }), "ProviderEndpoint")).toBe("https://ghe2.example.com")
      yield* expectError("UpdateHost", { HostArn: arn }, "UnsupportedOperationException", 400)
    })))

  it.effect("hosts are for self-managed providers only; the host quota answers LimitExceededException", () =>
    run(
      Effect.gen(function*() {
        yield* expectError("CreateHost", { ...ghe, ProviderType: "GitHub" }, "ValidationException", 400)
        yield* ok("CreateHost", ghe)
        yield* expectError("CreateHost", ghe, "LimitExceededException", 429)
      }),
      { quotas: { hosts: 1 } }
    ))

  it.effect("DeleteHost refuses while connections use it, then deletes; unknown hosts are not found", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      const arn = stringField(yield* ok("CreateHost", ghe), "HostArn")
      yield* emulator.completeHostSetup(arn)
      const connection = stringField(
        yield* ok("CreateConnection", { ConnectionName: "c", HostArn: arn }),
        "ConnectionArn"
      )
      yield* expectError("DeleteHost", { HostArn: arn }, "ResourceUnavailableException", 400)
      yield* ok("DeleteConnection", { ConnectionArn: connection })
      expect(yield* ok("DeleteHost", { HostArn: arn })).toEqual({})
      yield* expectError("GetHost", { HostArn: arn }, "ResourceNotFoundException", 404)
      yield* expectError(
        "UpdateHost",
        { HostArn: arn, ProviderEndpoint: "https://x" },
        "ResourceNotFoundException",
        404
      )
    })))

  it.effect("ListHosts lists hosts with their ARNs and statuses", () =>
    run(Effect.gen(function*() {
      const arn = stringField(yield* ok("CreateHost", ghe), "HostArn")
      expect(yield* ok("ListHosts", {})).toEqual({
        Hosts: [{
          Name: "ghe",
          HostArn: arn,
          ProviderType: "GitHubEnterpriseServer",
          ProviderEndpoint: "https://ghe.example.com",
          Status: "PENDING"
        }]
      })
    })))
})

describe("repository links", () => {
  it.effect("CreateRepositoryLink, GetRepositoryLink, UpdateRepositoryLink, DeleteRepositoryLink", () =>
    run(Effect.gen(function*() {
      const { connectionArn, linkId } = yield* linkFixture
      const got = yield* ok("GetRepositoryLink", { RepositoryLinkId: linkId })
      expect(got).toEqual({
        RepositoryLinkInfo: {
          ConnectionArn: connectionArn,
          OwnerId: "octo",
          ProviderType: "GitHub",
          RepositoryLinkArn: `arn:aws:codestar-connections:us-east-1:${account}:repository-link/${linkId}`,
          RepositoryLinkId: linkId,
          RepositoryName: "infra"
        }
      })
      const key = `arn:aws:kms:us-east-1:${account}:key/abcd-1234`
      const updated = yield* ok("UpdateRepositoryLink", { RepositoryLinkId: linkId, EncryptionKeyArn: key })
      expect(field(updated, "RepositoryLinkInfo", "EncryptionKeyArn")).toBe(key)
      yield* expectError("UpdateRepositoryLink", { RepositoryLinkId: linkId }, "InvalidInputException", 400)
      expect(yield* ok("DeleteRepositoryLink", { RepositoryLinkId: linkId })).toEqual({})
      yield* expectError("GetRepositoryLink", { RepositoryLinkId: linkId }, "ResourceNotFoundException", 404)
      yield* expectError("DeleteRepositoryLink", { RepositoryLinkId: linkId }, "ResourceNotFoundException", 404)
    })))

  it.effect("a link needs an existing, AVAILABLE connection and is unique per repository", () =>
    run(Effect.gen(function*() {
      const { connectionArn } = yield* linkFixture
      const pending = stringField(
        yield* ok("CreateConnection", { ConnectionName: "p", ProviderType: "GitHub" }),
        "ConnectionArn"
      )
      yield* expectError(
        "CreateRepositoryLink",
        { ConnectionArn: pending, OwnerId: "o", RepositoryName: "r" },
        "InvalidInputException",
        400
      )
      yield* expectError(
        "CreateRepositoryLink",
        { ConnectionArn: `${connectionArn}0`, OwnerId: "o", RepositoryName: "r" },
        "InvalidInputException",
        400
      )
      yield* expectError(
        "CreateRepositoryLink",
        { ConnectionArn: connectionArn, OwnerId: "octo", RepositoryName: "infra" },
        "ResourceAlreadyExistsException",
        409
      )
    })))

  it.effect("UpdateRepositoryLink refuses a connection to another provider", () =>
    run(Effect.gen(function*() {
      const { emulator, linkId } = yield* linkFixture
      const gitlab = stringField(
        yield* ok("CreateConnection", { ConnectionName: "gl", ProviderType: "GitLab" }),
        "ConnectionArn"
      )
      yield* emulator.completeHandshake(gitlab)
      const answer = yield* expectError(
        "UpdateRepositoryLink",
        { RepositoryLinkId: linkId, ConnectionArn: gitlab },
        "InvalidInputException",
        400
      )
      expect(field(answer.json, "message")).toContain("GitLab")
    })))

  it.effect("a link with sync configurations cannot be deleted", () =>
    run(Effect.gen(function*() {
      const { linkId } = yield* linkFixture
      yield* ok("CreateSyncConfiguration", syncInput(linkId))
      const answer = yield* expectError(
        "DeleteRepositoryLink",
        { RepositoryLinkId: linkId },
        "SyncConfigurationStillExistsException",
        409
      )
      expect(field(answer.json, "message")).toContain("web-stack")
    })))
})

describe("sync configurations", () => {
  it.effect("Create, Get, Update, List and Delete", () =>
    run(Effect.gen(function*() {
      const { linkId } = yield* linkFixture
      const created = yield* ok("CreateSyncConfiguration", {
        ...syncInput(linkId),
        PublishDeploymentStatus: "DISABLED"
      })
      expect(created).toEqual({
        SyncConfiguration: {
          Branch: "main",
          ConfigFile: "deploy.yaml",
          OwnerId: "octo",
          ProviderType: "GitHub",
          RepositoryLinkId: linkId,
          RepositoryName: "infra",
          ResourceName: "web-stack",
          RoleArn: roleArn,
          SyncType: "CFN_STACK_SYNC",
          PublishDeploymentStatus: "DISABLED",
          TriggerResourceUpdateOn: "ANY_CHANGE"
        }
      })
      const key = { ResourceName: "web-stack", SyncType: "CFN_STACK_SYNC" }
      expect(yield* ok("GetSyncConfiguration", key)).toEqual(created)
      const updated = yield* ok("UpdateSyncConfiguration", { ...key, Branch: "release" })
      expect(field(updated, "SyncConfiguration", "Branch")).toBe("release")
      const listed = yield* ok("ListSyncConfigurations", { RepositoryLinkId: linkId, SyncType: "CFN_STACK_SYNC" })
      expect(field(listed, "SyncConfigurations", 0, "Branch")).toBe("release")
      expect(yield* ok("DeleteSyncConfiguration", key)).toEqual({})
      yield* expectError("GetSyncConfiguration", key, "ResourceNotFoundException", 404)
      yield* expectError("UpdateSyncConfiguration", key, "ResourceNotFoundException", 404)
      yield* expectError("DeleteSyncConfiguration", key, "InvalidInputException", 400)
    })))

  it.effect("PullRequestComment exists in the 2023-12-01 API only", () =>
    run(Effect.gen(function*() {
      const { linkId } = yield* linkFixture
      const created = yield* ok("CreateSyncConfiguration", { ...syncInput(linkId), PullRequestComment: "DISABLED" }, {
        api: "codeconnections"
      })
      expect(field(created, "SyncConfiguration", "PullRequestComment")).toBe("DISABLED")
      const viaOld = yield* ok("GetSyncConfiguration", { ResourceName: "web-stack", SyncType: "CFN_STACK_SYNC" })
      expect(viaOld).not.toHaveProperty("SyncConfiguration.PullRequestComment")
    })))

  it.effect("duplicates, unknown links and the quota", () =>
    run(
      Effect.gen(function*() {
        const { linkId } = yield* linkFixture
        yield* ok("CreateSyncConfiguration", syncInput(linkId))
        yield* expectError("CreateSyncConfiguration", syncInput(linkId), "ResourceAlreadyExistsException", 409)
        yield* expectError(
          "CreateSyncConfiguration",
          syncInput("00000000-0000-0000-0000-000000000000", "other"),
          "InvalidInputException",
          400
        )
        yield* expectError("CreateSyncConfiguration", syncInput(linkId, "third"), "LimitExceededException", 429)
        yield* expectError(
          "ListSyncConfigurations",
          {
            RepositoryLinkId: "00000000-0000-0000-0000-000000000000",
            SyncType: "CFN_STACK_SYNC"
          },
          "ResourceNotFoundException",
          404
        )
      }),
      { quotas: { syncConfigurations: 1 } }
    ))

  it.effect("ListRepositorySyncDefinitions, GetRepositorySyncStatus and GetResourceSyncStatus", () =>
    run(Effect.gen(function*() {
      const { emulator, linkId } = yield* linkFixture
      yield* ok("CreateSyncConfiguration", syncInput(linkId))
      expect(yield* ok("ListRepositorySyncDefinitions", { RepositoryLinkId: linkId, SyncType: "CFN_STACK_SYNC" }))
        .toEqual({
          RepositorySyncDefinitions: [{ Branch: "main", Directory: "deploy.yaml", Parent: linkId, Target: "web-stack" }]
        })
      const resource = yield* ok("GetResourceSyncStatus", { ResourceName: "web-stack", SyncType: "CFN_STACK_SYNC" })
      expect(resource).toMatchObject({
        DesiredState: {
          Branch: "main",
          Directory: "deploy.yaml",
          OwnerId: "octo",
          RepositoryName: "infra",
          ProviderType: "GitHub"
        },
        LatestSync: { Status: "IN_PROGRESS", Target: "web-stack", StartedAt: expect.any(Number) }
      })
      expect(resource).not.toHaveProperty("LatestSuccessfulSync")
      expect(stringField(resource, "LatestSync", "TargetRevision", "Sha")).toMatch(/^[0-9a-f]{40}$/)
      yield* emulator.setSyncStatus({ resourceName: "web-stack", status: "FAILED" })
      const repository = yield* ok("GetRepositorySyncStatus", {
        Branch: "main",
        RepositoryLinkId: linkId,
        SyncType: "CFN_STACK_SYNC"
      })
      expect(field(repository, "LatestSync", "Status")).toBe("FAILED")
      expect(field(repository, "LatestSync", "Events", 1)).toMatchObject({ Event: "Sync failed", Type: "SYNC_STATUS" })
      yield* expectError(
        "GetRepositorySyncStatus",
        { Branch: "dev", RepositoryLinkId: linkId, SyncType: "CFN_STACK_SYNC" },
        "ResourceNotFoundException",
        404
      )
      yield* expectError(
        "GetResourceSyncStatus",
        { ResourceName: "nope", SyncType: "CFN_STACK_SYNC" },
        "ResourceNotFoundException",
        404
      )
    })))

  it.effect("sync blockers: created by the control API, listed, resolved once", () =>
    run(Effect.gen(function*() {
      const { emulator, linkId } = yield* linkFixture
      yield* ok("CreateSyncConfiguration", syncInput(linkId))
      const key = { ResourceName: "web-stack", SyncType: "CFN_STACK_SYNC" }
      expect(yield* ok("GetSyncBlockerSummary", key)).toEqual({
        SyncBlockerSummary: { ResourceName: "web-stack", LatestBlockers: [] }
      })
      const id = yield* emulator.createSyncBlocker({
        resourceName: "web-stack",
        reason: "drift",
        contexts: [{ Key: "stack", Value: "web" }]
      })
      expect(field(yield* ok("GetSyncBlockerSummary", key), "SyncBlockerSummary", "LatestBlockers")).toMatchObject([
        {
          Id: id,
          Type: "AUTOMATED",
          Status: "ACTIVE",
          CreatedReason: "drift",
          Contexts: [{ Key: "stack", Value: "web" }]
        }
      ])
      yield* expectError(
        "UpdateSyncBlocker",
        { ...key, Id: "other", ResolvedReason: "x" },
        "SyncBlockerDoesNotExistException",
        404
      )
      const resolved = yield* ok("UpdateSyncBlocker", { ...key, Id: id, ResolvedReason: "fixed" })
      expect(resolved).toMatchObject({
        ResourceName: "web-stack",
        SyncBlocker: { Id: id, Status: "RESOLVED", ResolvedReason: "fixed" }
      })
      yield* expectError("UpdateSyncBlocker", { ...key, Id: id, ResolvedReason: "again" }, "InvalidInputException", 400)
      yield* expectError(
        "UpdateSyncBlocker",
        { ...key, ResourceName: "nope", Id: id, ResolvedReason: "x" },
        "ResourceNotFoundException",
        404
      )
      yield* expectError("GetSyncBlockerSummary", { ...key, ResourceName: "nope" }, "ResourceNotFoundException", 404)
    })))
})

describe("tags", () => {
  it.effect("TagResource, ListTagsForResource and UntagResource on connections, hosts and links", () =>
    run(Effect.gen(function*() {
      const { connectionArn, linkId } = yield* linkFixture
      const linkArn = stringField(
        yield* ok("GetRepositoryLink", { RepositoryLinkId: linkId }),
        "RepositoryLinkInfo",
        "RepositoryLinkArn"
      )
      const hostArn = stringField(
        yield* ok("CreateHost", { Name: "h", ProviderType: "GitLabSelfManaged", ProviderEndpoint: "https://gl" }),
        "HostArn"
      )
      for (const arn of [connectionArn, linkArn, hostArn]) {
        expect(
          yield* ok("TagResource", { ResourceArn: arn, Tags: [{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }] })
        ).toEqual({})
        yield* ok("TagResource", { ResourceArn: arn, Tags: [{ Key: "a", Value: "3" }] })
        expect(yield* ok("ListTagsForResource", { ResourceArn: arn })).toEqual({
          Tags: [{ Key: "a", Value: "3" }, { Key: "b", Value: "2" }]
        })
        expect(yield* ok("UntagResource", { ResourceArn: arn, TagKeys: ["a", "missing"] })).toEqual({})
        expect(yield* ok("ListTagsForResource", { ResourceArn: arn })).toEqual({ Tags: [{ Key: "b", Value: "2" }] })
      }
    })))

  it.effect("unknown ARNs are not found", () =>
    run(Effect.gen(function*() {
      const arn = `arn:aws:codestar-connections:us-east-1:${account}:connection/00000000-0000-0000-0000-000000000000`
      yield* expectError("ListTagsForResource", { ResourceArn: arn }, "ResourceNotFoundException", 404)
      yield* expectError("TagResource", { ResourceArn: arn, Tags: [] }, "ResourceNotFoundException", 404)
      yield* expectError("UntagResource", { ResourceArn: arn, TagKeys: [] }, "ResourceNotFoundException", 404)
    })))

  it.effect("the tag limits: 200 per request, a key of 1..128 characters, and the per-resource quota", () =>
    run(
      Effect.gen(function*() {
        const arn = stringField(
          yield* ok("CreateConnection", { ConnectionName: "t", ProviderType: "GitHub" }),
          "ConnectionArn"
        )
        const tags = (n: number, prefix = "k") =>
          Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: "v" }))
        const tooMany = yield* expectError(
          "TagResource",
          { ResourceArn: arn, Tags: tags(201) },
          "ValidationException",
          400
        )
        expect(field(tooMany.json, "message")).toContain("Tags")
        const longKey = yield* expectError(
          "TagResource",
          { ResourceArn: arn, Tags: [{ Key: "k".repeat(129), Value: "v" }] },
          "ValidationException",
          400
        )
        expect(field(longKey.json, "message")).toContain("Tags[0].Key")
        yield* expectError(
          "TagResource",
          { ResourceArn: arn, Tags: [{ Key: "", Value: "v" }] },
          "ValidationException",
          400
        )
        yield* ok("TagResource", { ResourceArn: arn, Tags: tags(3) })
        yield* expectError("TagResource", { ResourceArn: arn, Tags: tags(3, "j") }, "LimitExceededException", 429)
        // The failed call changed nothing.
        expect(field(yield* ok("ListTagsForResource", { ResourceArn: arn }), "Tags")).toHaveLength(3)
        yield* expectError(
          "CreateConnection",
          { ConnectionName: "u", ProviderType: "GitHub", Tags: tags(5) },
          "LimitExceededException",
          429
        )
      }),
      { quotas: { tagsPerResource: 4 } }
    ))
})
