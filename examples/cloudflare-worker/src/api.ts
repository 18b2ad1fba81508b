/**
 * The Worker's HTTP API, plain `fetch` routing (a router library would cost
 * more bundle than these few routes):
 *
 * - `GET  /connections`                    every connection, with its status
 * - `POST /connections`                    `{ connectionName, providerType }`: create one (it starts `PENDING`)
 * - `GET  /connections/{arn}`              one connection's status (the ARN URL-encoded)
 * - `POST /connections/wait`               `{ connectionName, providerType, maxWaitSeconds? }`: start a Workflow
 *                                          that creates it and waits until it is `AVAILABLE`
 * - `GET  /connections/wait/{instanceId}`  that Workflow instance's status
 *
 * Every failure of a call becomes a JSON error response with the error's tag;
 * nothing is thrown.
 */
import { AwsRequestError } from "@effect-codestar/core/AwsError"
import { type CodeStarConnections, ProviderType } from "@effect-codestar/core/CodeStarConnections"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { clientRuntime } from "./client.js"
import { createConnection, getConnection, listConnections } from "./connections.js"
import type { Env } from "./env.js"
import { isRetryable, messageOf } from "./failures.js"
import { WaitForConnectionParams } from "./WaitForConnection.js"

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

/** The HTTP status that tells a caller what a failure means. */
const statusOf = (error: { readonly _tag: string }): number => {
  if (error instanceof AwsRequestError && error.reason === "InvalidInput") return 400
  if (error._tag === "ResourceNotFoundException") return 404
  if (error._tag === "LimitExceededException") return 409
  if (error._tag === "ThrottlingException") return 429
  return isRetryable(error) ? 503 : 502
}

/** A failed call as a response; configuration errors are the Worker's fault, not the caller's. */
const failure = (error: { readonly _tag: string }): Response => {
  if (ConfigError.isConfigError(error)) {
    return json(500, { error: "ConfigError", message: `the Worker's AWS bindings are invalid: ${String(error)}` })
  }
  if (error._tag === "EndpointError") return json(500, { error: error._tag, message: messageOf(error) })
  const status = statusOf(error)
  return json(
    status,
    { error: error._tag, message: messageOf(error) },
    status === 429 || status === 503 ? { "retry-after": "5" } : {}
  )
}

/** Runs a program with the isolate's client; its value becomes a JSON response, its failure an error response. */
const respond = async <A, E extends { readonly _tag: string }>(
  env: Env,
  program: Effect.Effect<A, E, CodeStarConnections>,
  status = 200
): Promise<Response> => {
  // The program's failures, and the client's (a bad binding), both land in the Exit as typed errors.
  const exit = await clientRuntime(env).runPromiseExit(program)
  return Exit.match(exit, {
    onSuccess: (value) => json(status, value),
    onFailure: (cause) =>
      Option.match(Cause.failureOption(cause), {
        onSome: failure,
        onNone: () => json(500, { error: "Defect", message: "the request failed unexpectedly" })
      })
  })
}

/** The body of a request that names a connection to create. */
const NewConnectionBody = Schema.Struct({ connectionName: Schema.String, providerType: ProviderType })

/** The request's JSON body, decoded with `schema`; the message says what is wrong with it. */
const readBody = async <A, I>(request: Request, schema: Schema.Schema<A, I>): Promise<Either.Either<A, string>> => {
  let body: unknown
  try {
    body = await request.json()
  } catch {
    return Either.left("the body is not JSON")
  }
  return Either.mapLeft(Schema.decodeUnknownEither(schema)(body), (e) => ParseResult.TreeFormatter.formatErrorSync(e))
}

const decodePathSegment = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

const badRequest = (message: string) => json(400, { error: "BadRequest", message })

/** Handles one request. */
export const handle = async (request: Request, env: Env): Promise<Response> => {
  const url = new URL(request.url)
  const [root, id, instanceId, ...rest] = url.pathname.split("/").filter((s) => s !== "")
  if (root !== "connections" || rest.length > 0) return json(404, { error: "NotFound", message: "no such route" })

  if (id === undefined) {
    if (request.method === "GET") return respond(env, listConnections)
    if (request.method !== "POST") return json(405, { error: "MethodNotAllowed", message: "use GET or POST" })
    const body = await readBody(request, NewConnectionBody)
    if (Either.isLeft(body)) return badRequest(body.left)
    return respond(env, Effect.map(createConnection(body.right), (connectionArn) => ({ connectionArn })), 201)
  }

  if (id === "wait") {
    if (instanceId === undefined) {
      if (request.method !== "POST") return json(405, { error: "MethodNotAllowed", message: "use POST" })
      const body = await readBody(request, WaitForConnectionParams)
      if (Either.isLeft(body)) return badRequest(body.left)
      return env.WAIT_FOR_CONNECTION.create({ params: body.right }).then(
        (instance) => json(202, { instanceId: instance.id }),
        () => json(503, { error: "WorkflowUnavailable", message: "the Workflow instance could not be created" })
      )
    }
    if (request.method !== "GET") return json(405, { error: "MethodNotAllowed", message: "use GET" })
    const instance = await env.WAIT_FOR_CONNECTION.get(instanceId).then(
      (i) => i,
      () => undefined
    )
    if (instance === undefined) return json(404, { error: "NotFound", message: `no instance ${instanceId}` })
    return instance.status().then(
      (status) => json(200, status),
      () => json(503, { error: "WorkflowUnavailable", message: "the instance's status could not be read" })
    )
  }

  if (instanceId !== undefined) return json(404, { error: "NotFound", message: "no such route" })
  if (request.method !== "GET") return json(405, { error: "MethodNotAllowed", message: "use GET" })
  const arn = decodePathSegment(id)
  return arn === undefined ? badRequest("the ARN is not URL-encoded correctly") : respond(env, getConnection(arn))
}
