/**
 * The operation table: for each API version and each of the 27 operations, a
 * route that decodes the JSON body with the generated input schema (so every
 * model constraint is checked), runs the shared handler, and encodes the
 * result with the generated output schema (which drops members the version
 * does not have, such as `PullRequestComment` on 2019-12-01).
 */
import * as CCOps from "@effect-codestar/core/CodeConnections/operations"
import * as CSOps from "@effect-codestar/core/CodeStarConnections/operations"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { type Api, codeConnectionsApi, codeStarConnectionsApi } from "./apis.js"
import type { Handler, RequestContext } from "./context.js"
import { type ApiError, validation } from "./errors.js"
import * as Connections from "./handlers/connections.js"
import * as Hosts from "./handlers/hosts.js"
import * as RepositoryLinks from "./handlers/repositoryLinks.js"
import * as SyncConfigurations from "./handlers/syncConfigurations.js"
import * as SyncStatus from "./handlers/syncStatus.js"
import * as Tagging from "./handlers/tagging.js"

/** The parts of a generated operation descriptor the emulator uses. */
interface Descriptor<I, IE, O, OE> {
  readonly name: string
  readonly target: string
  readonly input: Schema.Schema<I, IE>
  readonly output: Schema.Schema<O, OE>
}

/** One operation of one API version, ready to run on a parsed JSON body. */
export interface Route {
  readonly api: Api
  readonly operation: string
  readonly run: (body: unknown, ctx: RequestContext) => Effect.Effect<unknown, ApiError>
}

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`,
    ""
  )

/** Names every offending member, in the spirit of the AWS validation message. */
const validationError = (error: ParseResult.ParseError): ApiError => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const parts = issues.map((issue) =>
    `Value at '${formatPath(issue.path)}' failed to satisfy constraint: ${
      issue._tag === "Missing" ? "Member must not be null" : issue.message
    }`
  )
  return validation(`${parts.length} validation error${parts.length === 1 ? "" : "s"} detected: ${parts.join("; ")}`)
}

const route = <I, IE, O, OE>(api: Api, op: Descriptor<I, IE, O, OE>, handler: Handler<I, O>): Route => {
  const decode = Schema.decodeUnknown(op.input, { errors: "all", onExcessProperty: "ignore" })
  const encode = Schema.encode(op.output, { onExcessProperty: "ignore" })
  return {
    api,
    operation: op.name,
    run: (body, ctx) =>
      decode(body).pipe(
        Effect.mapError(validationError),
        Effect.flatMap((input) => handler(input, ctx)),
        // An output the schema rejects is a bug of the emulator, not an answer.
        Effect.flatMap((output) => Effect.orDie(encode(output)))
      )
  }
}

/** The same handler behind the operation of both API versions. */
const both = <I1, IE1, O1, OE1, I2, IE2, O2, OE2>(
  codeStar: Descriptor<I1, IE1, O1, OE1>,
  codeConnections: Descriptor<I2, IE2, O2, OE2>,
  handler: Handler<I1, O1> & Handler<I2, O2>
): ReadonlyArray<Route> => [
  route<I1, IE1, O1, OE1>(codeStarConnectionsApi, codeStar, handler),
  route<I2, IE2, O2, OE2>(codeConnectionsApi, codeConnections, handler)
]

export const routes: ReadonlyArray<Route> = [
  both(CSOps.CreateConnection, CCOps.CreateConnection, Connections.CreateConnection),
  both(CSOps.DeleteConnection, CCOps.DeleteConnection, Connections.DeleteConnection),
  both(CSOps.GetConnection, CCOps.GetConnection, Connections.GetConnection),
  both(CSOps.ListConnections, CCOps.ListConnections, Connections.ListConnections),
  both(CSOps.CreateHost, CCOps.CreateHost, Hosts.CreateHost),
  both(CSOps.DeleteHost, CCOps.DeleteHost, Hosts.DeleteHost),
  both(CSOps.GetHost, CCOps.GetHost, Hosts.GetHost),
  both(CSOps.ListHosts, CCOps.ListHosts, Hosts.ListHosts),
  both(CSOps.UpdateHost, CCOps.UpdateHost, Hosts.UpdateHost),
  both(CSOps.CreateRepositoryLink, CCOps.CreateRepositoryLink, RepositoryLinks.CreateRepositoryLink),
  both(CSOps.DeleteRepositoryLink, CCOps.DeleteRepositoryLink, RepositoryLinks.DeleteRepositoryLink),
  both(CSOps.GetRepositoryLink, CCOps.GetRepositoryLink, RepositoryLinks.GetRepositoryLink),
  both(CSOps.ListRepositoryLinks, CCOps.ListRepositoryLinks, RepositoryLinks.ListRepositoryLinks),
  both(CSOps.UpdateRepositoryLink, CCOps.UpdateRepositoryLink, RepositoryLinks.UpdateRepositoryLink),
  both(CSOps.CreateSyncConfiguration, CCOps.CreateSyncConfiguration, SyncConfigurations.CreateSyncConfiguration),
  both(CSOps.DeleteSyncConfiguration, CCOps.DeleteSyncConfiguration, SyncConfigurations.DeleteSyncConfiguration),
  both(CSOps.GetSyncConfiguration, CCOps.GetSyncConfiguration, SyncConfigurations.GetSyncConfiguration),
  both(CSOps.ListSyncConfigurations, CCOps.ListSyncConfigurations, SyncConfigurations.ListSyncConfigurations),
  both(CSOps.UpdateSyncConfiguration, CCOps.UpdateSyncConfiguration, SyncConfigurations.UpdateSyncConfiguration),
  both(CSOps.GetRepositorySyncStatus, CCOps.GetRepositorySyncStatus, SyncStatus.GetRepositorySyncStatus),
  both(CSOps.GetResourceSyncStatus, CCOps.GetResourceSyncStatus, SyncStatus.GetResourceSyncStatus),
  both(CSOps.GetSyncBlockerSummary, CCOps.GetSyncBlockerSummary, SyncStatus.GetSyncBlockerSummary),
  both(
    CSOps.ListRepositorySyncDefinitions,
    CCOps.ListRepositorySyncDefinitions,
    SyncStatus.ListRepositorySyncDefinitions
  ),
  both(CSOps.UpdateSyncBlocker, CCOps.UpdateSyncBlocker, SyncStatus.UpdateSyncBlocker),
  both(CSOps.ListTagsForResource, CCOps.ListTagsForResource, Tagging.ListTagsForResource),
  both(CSOps.TagResource, CCOps.TagResource, Tagging.TagResource),
  both(CSOps.UntagResource, CCOps.UntagResource, Tagging.UntagResource)
].flat()

/**
 * The long "Coral" prefix some SDKs (botocore, the C++ SDK) send instead of
 * the short Smithy one; both name the same operations.
 */
const coralPrefix: Readonly<Record<Api["id"], string>> = {
  "codestar-connections": "com.amazonaws.codestar.connections.",
  codeconnections: "com.amazonaws.codeconnections."
}

const byTarget: ReadonlyMap<string, Route> = new Map(
  routes.flatMap((r): ReadonlyArray<readonly [string, Route]> => {
    const short = `${r.api.targetPrefix}.${r.operation}`
    return [[short, r], [`${coralPrefix[r.api.id]}${short}`, r]]
  })
)

/** The route an `X-Amz-Target` value names, if any. */
export const routeOf = (target: string): Route | undefined => byTarget.get(target)

/** The operation names of the service, for counters. */
export const operationNames: ReadonlyArray<string> = Array.from(new Set(routes.map((r) => r.operation)))
