import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as fc from "fast-check"
import {
  AccessDeniedException as CommonAccessDenied,
  AwsRequestError,
  AwsServiceError,
  ExpiredTokenException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  ThrottlingException as CommonThrottling,
  UnrecognizedClientException,
  ValidationException
} from "../src/AwsError.js"
import {
  AccessDeniedException,
  InternalServerException,
  ResourceNotFoundException,
  ThrottlingException
} from "../src/CodeStarConnections.js"
import * as CodeConnectionsErrors from "../src/generated/codeconnections/errors.js"
import { sanitizeErrorCode } from "../src/internal/protocol.js"
import { connectionArn, repositoryLinkId } from "./samples.js"
import { type Answer, clients, json } from "./support.js"

/** Runs GetConnection (models ResourceNotFound, ResourceUnavailable) against one canned answer. */
const getConnection = (answer: Answer) =>
  Effect.gen(function*() {
    const client = yield* clients(() => answer).codestar
    return yield* Effect.either(client.getConnection({ ConnectionArn: connectionArn }))
  })

/** Runs GetRepositoryLink (models AccessDenied, Throttling, InternalServer, ...) against one canned answer. */
const getRepositoryLink = (answer: Answer) =>
  Effect.gen(function*() {
    const client = yield* clients(() => answer).codestar
    return yield* Effect.either(client.getRepositoryLink({ RepositoryLinkId: repositoryLinkId }))
  })

const leftOf = <A, E>(either: Either.Either<A, E>): E => {
  if (Either.isRight(either)) throw new Error(`expected a failure, got ${JSON.stringify(either.right)}`)
  return either.left
}

describe("error code sanitising", () => {
  it("keeps the part before the first colon, then the part after #", () => {
    expect(sanitizeErrorCode("ResourceNotFoundException")).toBe("ResourceNotFoundException")
    expect(sanitizeErrorCode("com.amazonaws.codestarconnections#ResourceNotFoundException")).toBe("ResourceNotFoundException")
    expect(sanitizeErrorCode("ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral/"))
      .toBe("ResourceNotFoundException")
    expect(sanitizeErrorCode("aws.protocoljson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"))
      .toBe("FooError")
  })

  it("any namespace and suffix reduce to the bare name", () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,30}$/)
    const namespace = fc.stringMatching(/^[a-z][a-z0-9.]{0,20}$/)
    const suffix = fc.string().map((s) => `:${s}`)
    fc.assert(fc.property(name, fc.option(namespace), fc.option(suffix), (n, ns, sfx) => {
      expect(sanitizeErrorCode(`${ns === null ? "" : `${ns}#`}${n}${sfx ?? ""}`)).toBe(n)
    }))
  })
})

describe("error decoding", () => {
  it.effect("the X-Amzn-Errortype header comes first", () =>
    Effect.gen(function*() {
      const error = leftOf(yield* getConnection({
        status: 404,
        headers: { "x-amzn-errortype": "ResourceNotFoundException:http://internal.amazon.com/" },
        body: JSON.stringify({ __type: "SomethingElse", code: "AlsoElse", Message: "no such connection" })
      }))
      expect(error).toBeInstanceOf(ResourceNotFoundException)
      expect(error).toMatchObject({ _tag: "ResourceNotFoundException", Message: "no such connection" })
    }))

  it.effect("then the body's code, then its __type", () =>
    Effect.gen(function*() {
      const byCode = leftOf(yield* getConnection(json({ code: "ResourceNotFoundException", __type: "X", message: "m1" }, 404)))
      expect(byCode).toBeInstanceOf(ResourceNotFoundException)
      expect(byCode).toMatchObject({ Message: "m1" })
      const byType = leftOf(
        yield* getConnection(json({ __type: "com.amazonaws.codestarconnections#ResourceNotFoundException", Message: "m2" }, 404))
      )
      expect(byType).toBeInstanceOf(ResourceNotFoundException)
      expect(byType).toMatchObject({ Message: "m2" })
    }))

  it.effect("an error the operation models decodes to the operation's class", () =>
    Effect.gen(function*() {
      const throttled = leftOf(yield* getRepositoryLink(json({ __type: "ThrottlingException", message: "slow down" }, 429)))
      expect(throttled).toBeInstanceOf(ThrottlingException)
      expect(throttled).not.toBeInstanceOf(CommonThrottling)
      const denied = leftOf(yield* getRepositoryLink(json({ __type: "AccessDeniedException" }, 403)))
      expect(denied).toBeInstanceOf(AccessDeniedException)
      const internal = leftOf(yield* getRepositoryLink(json({ __type: "InternalServerException" }, 503)))
      expect(internal).toBeInstanceOf(InternalServerException)
    }))

  it.effect("the same code on an operation that does not model it is the common error", () =>
    Effect.gen(function*() {
      const throttled = leftOf(yield* getConnection(json({ __type: "ThrottlingException", message: "slow down" }, 400)))
      expect(throttled).toBeInstanceOf(CommonThrottling)
      expect(throttled).toMatchObject({ _tag: "ThrottlingException", Message: "slow down" })
      const denied = leftOf(yield* getConnection(json({ __type: "AccessDeniedException" }, 403)))
      expect(denied).toBeInstanceOf(CommonAccessDenied)
    }))

  it.effect("common credential and signature errors are typed", () =>
    Effect.gen(function*() {
      const cases = [
        ["UnrecognizedClientException", UnrecognizedClientException],
        ["InvalidSignatureException", InvalidSignatureException],
        ["ExpiredTokenException", ExpiredTokenException],
        ["ValidationException", ValidationException],
        ["MissingAuthenticationTokenException", MissingAuthenticationTokenException]
      ] as const
      for (const [code, cls] of cases) {
        const error = leftOf(yield* getConnection(json({ __type: code, message: `about ${code}` }, 400)))
        expect(error).toBeInstanceOf(cls)
        expect(error).toMatchObject({ Message: `about ${code}` })
      }
    }))

  it.effect("an unknown code keeps code, message, status and request id", () =>
    Effect.gen(function*() {
      const error = leftOf(yield* getConnection({
        status: 418,
        headers: { "x-amzn-requestid": "rid-9" },
        body: JSON.stringify({ __type: "com.example#TeapotException", Message: "short and stout" })
      }))
      expect(error).toBeInstanceOf(AwsServiceError)
      expect(error).toMatchObject({ code: "TeapotException", message: "short and stout", status: 418, requestId: "rid-9" })
    }))

  it.effect("an HTML error page from a proxy is a typed error with the status", () =>
    Effect.gen(function*() {
      const error = leftOf(yield* getConnection({
        status: 502,
        headers: { "content-type": "text/html" },
        body: "<html><body><h1>502 Bad Gateway</h1></body></html>"
      }))
      expect(error).toBeInstanceOf(AwsServiceError)
      expect(error).toMatchObject({ code: "Unknown", status: 502 })
      expect(error._tag === "AwsServiceError" && error.message).toContain("502 Bad Gateway")
    }))

  it.effect("a truncated error body without a header is a typed error with the status", () =>
    Effect.gen(function*() {
      const error = leftOf(yield* getConnection({ status: 500, body: "{\"__type\": \"InternalFail" }))
      expect(error).toMatchObject({ _tag: "AwsServiceError", code: "Unknown", status: 500 })
    }))

  it.effect("a truncated success body is a Decode error with the status", () =>
    Effect.gen(function*() {
      const error = leftOf(yield* getConnection({ status: 200, body: "{\"Connection\": {\"ConnectionName\": \"a" }))
      expect(error).toBeInstanceOf(AwsRequestError)
      expect(error).toMatchObject({ reason: "Decode", status: 200, operation: "GetConnection" })
    }))

  it.effect("a success body of the wrong shape is a Decode error", () =>
    Effect.gen(function*() {
      const error = leftOf(yield* getConnection(json({ Connection: { ConnectionStatus: 42 } })))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Decode" })
    }))

  it.effect("a missing required output member is a Decode error", () =>
    Effect.gen(function*() {
      const error = leftOf(yield* getRepositoryLink(json({})))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Decode" })
    }))

  it.effect("a connection reset is a Transport error", () =>
    Effect.gen(function*() {
      const error = leftOf(yield* getConnection("reset"))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Transport", operation: "GetConnection" })
    }))

  it.effect("outputs: enums are open, nulls are absent, unknown members are ignored", () =>
    Effect.gen(function*() {
      const result = yield* getConnection(json({
        Connection: { ConnectionName: "c", ConnectionStatus: "MIGRATING", ProviderType: "SourceHut", HostArn: null },
        SomethingNew: true
      }))
      expect(result).toEqual(Either.right({ Connection: { ConnectionName: "c", ConnectionStatus: "MIGRATING", ProviderType: "SourceHut" } }))
    }))

  it.effect("the twin service decodes into its own classes", () =>
    Effect.gen(function*() {
      const client = yield* clients(() => json({ __type: "ResourceNotFoundException" }, 404)).codeconnections
      const error = leftOf(yield* Effect.either(client.getConnection({ ConnectionArn: connectionArn })))
      expect(error).toBeInstanceOf(CodeConnectionsErrors.ResourceNotFoundException)
    }))
})
