/**
 * One valid call per operation, with the body we expect on the wire and a
 * response as AWS would send it. Shared by both API versions: their inputs are
 * the same apart from additions on the CodeConnections side.
 */
import type * as Effect from "effect/Effect"
import type { CodeConnections } from "../src/CodeConnections.js"
import type { CodeStarConnections } from "../src/CodeStarConnections.js"

type AnyClient = CodeStarConnections.Service | CodeConnections.Service

export const connectionArn =
  "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
export const hostArn = "arn:aws:codestar-connections:us-east-1:123456789012:host/my-host-0a1b2c3d"
export const repositoryLinkId = "0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
export const repositoryLinkArn =
  `arn:aws:codestar-connections:us-east-1:123456789012:repository-link/${repositoryLinkId}`
export const roleArn = "arn:aws:iam::123456789012:role/sync-role"

const linkInfo = {
  ConnectionArn: connectionArn,
  OwnerId: "octo",
  ProviderType: "GitHub",
  RepositoryLinkArn: repositoryLinkArn,
  RepositoryLinkId: repositoryLinkId,
  RepositoryName: "repo"
}

const syncConfiguration = {
  Branch: "main",
  ConfigFile: "deploy.yaml",
  OwnerId: "octo",
  ProviderType: "GitHub",
  RepositoryLinkId: repositoryLinkId,
  RepositoryName: "repo",
  ResourceName: "my-stack",
  RoleArn: roleArn,
  SyncType: "CFN_STACK_SYNC"
}

const revision = {
  Branch: "main",
  Directory: "infra",
  OwnerId: "octo",
  RepositoryName: "repo",
  ProviderType: "GitHub",
  Sha: "0123abcd"
}

export interface Sample {
  readonly operation: string
  readonly call: (client: AnyClient) => Effect.Effect<unknown, unknown>
  /** The JSON body the call must send. */
  readonly sent: unknown
  /** The body the fake service answers (an empty string for the empty outputs that send none). */
  readonly answer: string
  /** What the call must return, with timestamps as Dates. */
  readonly expected: unknown
}

const sample = (
  operation: string,
  call: Sample["call"],
  sent: unknown,
  answer: unknown,
  expected: unknown = answer
): Sample => ({ operation, call, sent, answer: typeof answer === "string" ? answer : JSON.stringify(answer), expected })

export const samples: ReadonlyArray<Sample> = [
  sample(
    "CreateConnection",
    (c) =>
      c.createConnection({
        ConnectionName: "my-conn",
        ProviderType: "GitHub",
        Tags: [{ Key: "team", Value: "platform" }]
      }),
    { ConnectionName: "my-conn", ProviderType: "GitHub", Tags: [{ Key: "team", Value: "platform" }] },
    { ConnectionArn: connectionArn, Tags: [{ Key: "team", Value: "platform" }] }
  ),
  sample(
    "CreateHost",
    (c) =>
      c.createHost({
        Name: "my-host",
        ProviderType: "GitHubEnterpriseServer",
        ProviderEndpoint: "https://ghe.example.com",
        VpcConfiguration: { VpcId: "vpc-01234567", SubnetIds: ["subnet-01234567"], SecurityGroupIds: ["sg-01234567"] }
      }),
    {
      Name: "my-host",
      ProviderType: "GitHubEnterpriseServer",
      ProviderEndpoint: "https://ghe.example.com",
      VpcConfiguration: { VpcId: "vpc-01234567", SubnetIds: ["subnet-01234567"], SecurityGroupIds: ["sg-01234567"] }
    },
    { HostArn: hostArn }
  ),
  sample(
    "CreateRepositoryLink",
    (c) => c.createRepositoryLink({ ConnectionArn: connectionArn, OwnerId: "octo", RepositoryName: "repo" }),
    { ConnectionArn: connectionArn, OwnerId: "octo", RepositoryName: "repo" },
    { RepositoryLinkInfo: linkInfo }
  ),
  sample(
    "CreateSyncConfiguration",
    (c) =>
      c.createSyncConfiguration({
        Branch: "main",
        ConfigFile: "deploy.yaml",
        RepositoryLinkId: repositoryLinkId,
        ResourceName: "my-stack",
        RoleArn: roleArn,
        SyncType: "CFN_STACK_SYNC",
        TriggerResourceUpdateOn: "FILE_CHANGE"
      }),
    {
      Branch: "main",
      ConfigFile: "deploy.yaml",
      RepositoryLinkId: repositoryLinkId,
      ResourceName: "my-stack",
      RoleArn: roleArn,
      SyncType: "CFN_STACK_SYNC",
      TriggerResourceUpdateOn: "FILE_CHANGE"
    },
    { SyncConfiguration: syncConfiguration }
  ),
  sample(
    "DeleteConnection",
    (c) => c.deleteConnection({ ConnectionArn: connectionArn }),
    { ConnectionArn: connectionArn },
    "",
    {}
  ),
  sample("DeleteHost", (c) => c.deleteHost({ HostArn: hostArn }), { HostArn: hostArn }, "{}", {}),
  sample(
    "DeleteRepositoryLink",
    (c) => c.deleteRepositoryLink({ RepositoryLinkId: repositoryLinkId }),
    { RepositoryLinkId: repositoryLinkId },
    "",
    {}
  ),
  sample(
    "DeleteSyncConfiguration",
    (c) => c.deleteSyncConfiguration({ SyncType: "CFN_STACK_SYNC", ResourceName: "my-stack" }),
    { SyncType: "CFN_STACK_SYNC", ResourceName: "my-stack" },
    "{}",
    {}
  ),
  sample(
    "GetConnection",
    (c) => c.getConnection({ ConnectionArn: connectionArn }),
    { ConnectionArn: connectionArn },
    {
      Connection: {
        ConnectionName: "my-conn",
        ConnectionArn: connectionArn,
        ProviderType: "GitHub",
        OwnerAccountId: "123456789012",
        ConnectionStatus: "PENDING"
      }
    }
  ),
  sample(
    "GetHost",
    (c) => c.getHost({ HostArn: hostArn }),
    { HostArn: hostArn },
    {
      Name: "my-host",
      Status: "AVAILABLE",
      ProviderType: "GitHubEnterpriseServer",
      ProviderEndpoint: "https://ghe.example.com"
    }
  ),
  sample(
    "GetRepositoryLink",
    (c) => c.getRepositoryLink({ RepositoryLinkId: repositoryLinkId }),
    { RepositoryLinkId: repositoryLinkId },
    { RepositoryLinkInfo: linkInfo }
  ),
  sample(
    "GetRepositorySyncStatus",
    (c) =>
      c.getRepositorySyncStatus({ Branch: "main", RepositoryLinkId: repositoryLinkId, SyncType: "CFN_STACK_SYNC" }),
    { Branch: "main", RepositoryLinkId: repositoryLinkId, SyncType: "CFN_STACK_SYNC" },
    {
      LatestSync: {
        StartedAt: 1.7e9,
        Status: "SUCCEEDED",
        Events: [{ Event: "Sync started", Time: 1700000000.5, Type: "INFO" }]
      }
    },
    {
      LatestSync: {
        StartedAt: new Date(1_700_000_000_000),
        Status: "SUCCEEDED",
        Events: [{ Event: "Sync started", Time: new Date(1_700_000_000_500), Type: "INFO" }]
      }
    }
  ),
  sample(
    "GetResourceSyncStatus",
    (c) => c.getResourceSyncStatus({ ResourceName: "my-stack", SyncType: "CFN_STACK_SYNC" }),
    { ResourceName: "my-stack", SyncType: "CFN_STACK_SYNC" },
    {
      LatestSync: {
        Events: [],
        InitialRevision: revision,
        StartedAt: 1700000100,
        Status: "IN_PROGRESS",
        TargetRevision: revision,
        Target: "my-stack"
      }
    },
    {
      LatestSync: {
        Events: [],
        InitialRevision: revision,
        StartedAt: new Date(1_700_000_100_000),
        Status: "IN_PROGRESS",
        TargetRevision: revision,
        Target: "my-stack"
      }
    }
  ),
  sample(
    "GetSyncBlockerSummary",
    (c) => c.getSyncBlockerSummary({ SyncType: "CFN_STACK_SYNC", ResourceName: "my-stack" }),
    { SyncType: "CFN_STACK_SYNC", ResourceName: "my-stack" },
    {
      SyncBlockerSummary: {
        ResourceName: "my-stack",
        LatestBlockers: [{
          Id: "blocker-1",
          Type: "AUTOMATED",
          Status: "ACTIVE",
          CreatedReason: "stack drift",
          CreatedAt: 1700000200.25,
          Contexts: [{ Key: "commit", Value: "0123abcd" }]
        }]
      }
    },
    {
      SyncBlockerSummary: {
        ResourceName: "my-stack",
        LatestBlockers: [{
          Id: "blocker-1",
          Type: "AUTOMATED",
          Status: "ACTIVE",
          CreatedReason: "stack drift",
          CreatedAt: new Date(1_700_000_200_250),
          Contexts: [{ Key: "commit", Value: "0123abcd" }]
        }]
      }
    }
  ),
  sample(
    "GetSyncConfiguration",
    (c) => c.getSyncConfiguration({ SyncType: "CFN_STACK_SYNC", ResourceName: "my-stack" }),
    { SyncType: "CFN_STACK_SYNC", ResourceName: "my-stack" },
    { SyncConfiguration: syncConfiguration }
  ),
  sample(
    "ListConnections",
    (c) => c.listConnections({ ProviderTypeFilter: "GitHub", MaxResults: 2 }),
    { ProviderTypeFilter: "GitHub", MaxResults: 2 },
    { Connections: [{ ConnectionName: "a", ConnectionStatus: "AVAILABLE" }], NextToken: "opaque-1" }
  ),
  sample("ListHosts", (c) => c.listHosts(), {}, { Hosts: [{ Name: "my-host", HostArn: hostArn, Status: "PENDING" }] }),
  sample(
    "ListRepositoryLinks",
    (c) => c.listRepositoryLinks({ NextToken: "opaque-2" }),
    { NextToken: "opaque-2" },
    { RepositoryLinks: [linkInfo] }
  ),
  sample(
    "ListRepositorySyncDefinitions",
    (c) => c.listRepositorySyncDefinitions({ RepositoryLinkId: repositoryLinkId, SyncType: "CFN_STACK_SYNC" }),
    { RepositoryLinkId: repositoryLinkId, SyncType: "CFN_STACK_SYNC" },
    { RepositorySyncDefinitions: [{ Branch: "main", Directory: "infra", Parent: "my-stack", Target: "my-stack" }] }
  ),
  sample(
    "ListSyncConfigurations",
    (c) => c.listSyncConfigurations({ RepositoryLinkId: repositoryLinkId, SyncType: "CFN_STACK_SYNC", MaxResults: 10 }),
    { RepositoryLinkId: repositoryLinkId, SyncType: "CFN_STACK_SYNC", MaxResults: 10 },
    { SyncConfigurations: [syncConfiguration] }
  ),
  sample(
    "ListTagsForResource",
    (c) => c.listTagsForResource({ ResourceArn: connectionArn }),
    { ResourceArn: connectionArn },
    { Tags: [{ Key: "team", Value: "platform" }] }
  ),
  sample(
    "TagResource",
    (c) => c.tagResource({ ResourceArn: connectionArn, Tags: [{ Key: "env", Value: "" }] }),
    { ResourceArn: connectionArn, Tags: [{ Key: "env", Value: "" }] },
    "",
    {}
  ),
  sample(
    "UntagResource",
    (c) => c.untagResource({ ResourceArn: connectionArn, TagKeys: ["env"] }),
    { ResourceArn: connectionArn, TagKeys: ["env"] },
    "{}",
    {}
  ),
  sample(
    "UpdateHost",
    (c) => c.updateHost({ HostArn: hostArn, ProviderEndpoint: "https://ghe2.example.com" }),
    { HostArn: hostArn, ProviderEndpoint: "https://ghe2.example.com" },
    "",
    {}
  ),
  sample(
    "UpdateRepositoryLink",
    (c) => c.updateRepositoryLink({ RepositoryLinkId: repositoryLinkId, ConnectionArn: connectionArn }),
    { RepositoryLinkId: repositoryLinkId, ConnectionArn: connectionArn },
    { RepositoryLinkInfo: linkInfo }
  ),
  sample(
    "UpdateSyncBlocker",
    (c) =>
      c.updateSyncBlocker({
        Id: "blocker-1",
        SyncType: "CFN_STACK_SYNC",
        ResourceName: "my-stack",
        ResolvedReason: "fixed"
      }),
    { Id: "blocker-1", SyncType: "CFN_STACK_SYNC", ResourceName: "my-stack", ResolvedReason: "fixed" },
    {
      ResourceName: "my-stack",
      SyncBlocker: {
        Id: "blocker-1",
        Type: "AUTOMATED",
        Status: "RESOLVED",
        CreatedReason: "stack drift",
        CreatedAt: 1700000200,
        ResolvedReason: "fixed",
        ResolvedAt: 1700000300
      }
    },
    {
      ResourceName: "my-stack",
      SyncBlocker: {
        Id: "blocker-1",
        Type: "AUTOMATED",
        Status: "RESOLVED",
        CreatedReason: "stack drift",
        CreatedAt: new Date(1_700_000_200_000),
        ResolvedReason: "fixed",
        ResolvedAt: new Date(1_700_000_300_000)
      }
    }
  ),
  sample(
    "UpdateSyncConfiguration",
    (c) => c.updateSyncConfiguration({ ResourceName: "my-stack", SyncType: "CFN_STACK_SYNC", Branch: "release" }),
    { ResourceName: "my-stack", SyncType: "CFN_STACK_SYNC", Branch: "release" },
    { SyncConfiguration: { ...syncConfiguration, Branch: "release" } }
  )
]
