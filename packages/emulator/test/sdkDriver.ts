/**
 * The scenario driver for the official AWS SDK v3 client, unchanged: one
 * command per operation, errors as code and HTTP status. Shared by this
 * package's interop test and the one that runs the project's own client
 * against the same server (packages/runtime-node/test/interop.test.ts).
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
  TagResourceCommand,
  UntagResourceCommand,
  UpdateHostCommand,
  UpdateRepositoryLinkCommand,
  UpdateSyncBlockerCommand,
  UpdateSyncConfigurationCommand
} from "@aws-sdk/client-codestar-connections"
import * as HttpControl from "../src/HttpControl.js"
import { Emulator } from "../src/index.js"
import type { Inputs, OperationName, Outcome, ScenarioDriver } from "./scenario.js"

type Tags = ReadonlyArray<{ readonly Key: string; readonly Value: string }> | undefined
const tags = (t: Tags) => t?.map((tag) => ({ ...tag }))
const vpc = (
  v: {
    readonly VpcId: string
    readonly SubnetIds: ReadonlyArray<string>
    readonly SecurityGroupIds: ReadonlyArray<string>
    readonly TlsCertificate?: string | undefined
  } | undefined
) => v === undefined ? undefined : { ...v, SubnetIds: [...v.SubnetIds], SecurityGroupIds: [...v.SecurityGroupIds] }

/** An SDK client for the server at `url`, with the emulator's test credentials. */
export const sdkClient = (url: string, maxAttempts: number) =>
  new CodeStarConnectionsClient({
    region: "us-east-1",
    endpoint: url,
    credentials: {
      accessKeyId: Emulator.testCredentials.accessKeyId,
      secretAccessKey: Emulator.testCredentials.secretAccessKey
    },
    maxAttempts
  })

/** The scenario driver for the AWS SDK: one command per operation, errors as code and status. */
export const sdkDriver = (url: string): ScenarioDriver & { readonly client: CodeStarConnectionsClient } => {
  const client = sdkClient(url, 1)
  const commands: { readonly [K in OperationName]: (input: Inputs[K]) => Promise<unknown> } = {
    CreateConnection: (i) => client.send(new CreateConnectionCommand({ ...i, Tags: tags(i.Tags) })),
    CreateHost: (i) =>
      client.send(new CreateHostCommand({ ...i, Tags: tags(i.Tags), VpcConfiguration: vpc(i.VpcConfiguration) })),
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
export const controlOverHttp = (url: string, action: string, body: unknown): Promise<unknown> =>
  HttpControl.control(url, action, body)
