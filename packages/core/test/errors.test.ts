import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as fc from "fast-check"
import {
  AccessDeniedException as CommonAccessDenied,
  AwsRequestError,
  AwsServiceError,
  ExpiredTokenException,
  IncompleteSignatureException,
  InternalFailure,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  ServiceUnavailable,
  ThrottlingException as CommonThrottling,
  UnrecognizedClientException,
  ValidationException
} from "../src/AwsError.js"
import {
  AccessDeniedException,
  InternalServerException,
  ResourceNotFoundException,
  ResourceUnavailableException,
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
  it("follows the awsJson 1.0 rule: cut at the first colon, then keep what follows the first #", () => {
    expect(sanitizeErrorCode("ns#Code")).toBe("Code")
    expect(sanitizeErrorCode("Code:http://internal.amazon.com/coral/com.amazon.coral.validate/")).toBe("Code")
    expect(sanitizeErrorCode("ns#Code:http://internal.amazon.com/coral/")).toBe("Code")
    // A `#` inside the URL after the colon plays no part.
    expect(sanitizeErrorCode("aws.protocoljson#Code:http://internal.amazon.com/coral/com.amazon.coral/#fragment")).toBe(
      "Code"
    )
    expect(sanitizeErrorCode("Code:http://example.com/a#b#c")).toBe("Code")
    // Only the first `#` separates the namespace.
    expect(sanitizeErrorCode("a#b#Code")).toBe("b#Code")
    expect(sanitizeErrorCode("  Code  ")).toBe("Code")
  })

  it("keeps the part before the first colon, then the part after #", () => {
    expect(sanitizeErrorCode("ResourceNotFoundException")).toBe("ResourceNotFoundException")
    expect(sanitizeErrorCode("com.amazonaws.codestarconnections#ResourceNotFoundException")).toBe(
      "ResourceNotFoundException"
    )
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
      const error = leftOf(
        yield* getConnection({
          status: 404,
          headers: { "x-amzn-errortype": "ResourceNotFoundException:http://internal.amazon.com/" },
          body: JSON.stringify({ __type: "SomethingElse", code: "AlsoElse", Message: "no such connection" })
        })
      )
      expect(error).toBeInstanceOf(ResourceNotFoundException)
      expect(error).toMatchObject({ _tag: "ResourceNotFoundException", Message: "no such connection" })
    }))

  it.effect("then the body's code, then its __type", () =>
    Effect.gen(function*() {
      const byCode = leftOf(
        yield* getConnection(json({ code: "ResourceNotFoundException", __type: "X", message: "m1" }, 404))
      )
      expect(byCode).toBeInstanceOf(ResourceNotFoundException)
      expect(byCode).toMatchObject({ Message: "m1" })
      const byType = leftOf(
        yield* getConnection(
          json({ __type: "com.amazonaws.codestarconnections#ResourceNotFoundException", Message: "m2" }, 404)
        )
      )
      expect(byType).toBeInstanceOf(ResourceNotFoundException)
      expect(byType).toMatchObject({ Message: "m2" })
    }))

  it.effect("an error the operation models decodes to the operation's class", () =>
    Effect.gen(function*() {
      const throttled = leftOf(
        yield* getRepositoryLink(json({ __type: "ThrottlingException", message: "slow down" }, 429))
      )
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

  it.effect("the other spellings of the common errors map to the same classes", () =>
    Effect.gen(function*() {
      const cases = [
        ["IncompleteSignature", IncompleteSignatureException],
        ["MissingAuthenticationToken", MissingAuthenticationTokenException],
        ["AccessDenied", CommonAccessDenied],
        ["ExpiredToken", ExpiredTokenException],
        ["InvalidClientTokenId", UnrecognizedClientException],
        ["SignatureDoesNotMatch", InvalidSignatureException],
        ["Throttling", CommonThrottling],
        ["ValidationError", ValidationException],
        ["ServiceUnavailableException", ServiceUnavailable],
        ["com.amazon.coral.service#IncompleteSignatureException", IncompleteSignatureException]
      ] as const
      for (const [code, cls] of cases) {
        const error = leftOf(yield* getConnection(json({ __type: code, message: `about ${code}` }, 403)))
        expect(error).toBeInstanceOf(cls)
        expect(error.message).toBe(`about ${code}`)
      }
      // Where the operation models the error, another spelling decodes to the operation's class.
      const denied = leftOf(
        yield* getRepositoryLink({ status: 403, headers: { "x-amzn-errortype": "AccessDenied" }, body: "{}" })
      )
      expect(denied).toBeInstanceOf(AccessDeniedException)
    }))

  it.effect("an unknown code keeps code, message, status and request id", () =>
    Effect.gen(function*() {
      const error = leftOf(
        yield* getConnection({
          status: 418,
          headers: { "x-amzn-requestid": "rid-9" },
          body: JSON.stringify({ __type: "com.example#TeapotException", Message: "short and stout" })
        })
      )
      expect(error).toBeInstanceOf(AwsServiceError)
      expect(error).toMatchObject({
        code: "TeapotException",
        message: "short and stout",
        status: 418,
        requestId: "rid-9"
      })
    }))

  it.effect("an HTML error page from a proxy is a typed error with the status", () =>
    Effect.gen(function*() {
      const error = leftOf(
        yield* getConnection({
          status: 502,
          headers: { "content-type": "text/html" },
          body: "<html><body><h1>502 Bad Gateway</h1></body></html>"
        })
      )
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
      expect(result).toEqual(
        Either.right({ Connection: { ConnectionName: "c", ConnectionStatus: "MIGRATING", ProviderType: "SourceHut" } })
      )
    }))

  it.effect("the twin service decodes into its own classes", () =>
    Effect.gen(function*() {
      const client = yield* clients(() => json({ __type: "ResourceNotFoundException" }, 404)).codeconnections
      const error = leftOf(yield* Effect.either(client.getConnection({ ConnectionArn: connectionArn })))
      expect(error).toBeInstanceOf(CodeConnectionsErrors.ResourceNotFoundException)
    }))
})

describe("what an error tells", () => {
  it.effect("message is the service's message, for modeled, common and unknown errors", () =>
    Effect.gen(function*() {
      const modeled = leftOf(
        yield* getConnection(json({ __type: "ResourceNotFoundException", Message: "no such connection" }, 404))
      )
      const common = leftOf(
        yield* getConnection(json({ __type: "ThrottlingException", message: "Rate exceeded" }, 400))
      )
      const unknown = leftOf(yield* getConnection(json({ __type: "TeapotException", Message: "short and stout" }, 418)))
      expect(modeled.message).toBe("no such connection")
      expect(common.message).toBe("Rate exceeded")
      expect(unknown.message).toBe("short and stout")
      // The wire member stays.
      expect(modeled).toMatchObject({ Message: "no such connection" })
      // Logs and Cause.pretty read as the tag and the message, not as JSON.
      expect(String(modeled)).toBe("ResourceNotFoundException: no such connection")
      expect(Cause.pretty(Cause.fail(modeled))).toContain("ResourceNotFoundException: no such connection")
      expect(Cause.pretty(Cause.fail(common))).toContain("ThrottlingException: Rate exceeded")
      // Without a message from the service, the message is empty rather than a rendering of the fields.
      const bare = leftOf(yield* getConnection(json({ __type: "ResourceUnavailableException" }, 400)))
      expect(bare).toBeInstanceOf(ResourceUnavailableException)
      expect(bare.message).toBe("")
    }))

  it.effect("every kind carries $metadata (status, request id, attempts, retry delay) and $fault", () =>
    Effect.gen(function*() {
      const answer = (status: number, code: string) => ({
        status,
        headers: { "x-amzn-requestid": `rid-${code}` },
        body: JSON.stringify({ __type: code, Message: "m" })
      })
      const modeled = leftOf(yield* getConnection(answer(404, "ResourceNotFoundException")))
      const modeledServer = leftOf(yield* getRepositoryLink(answer(503, "InternalServerException")))
      const common = leftOf(yield* getConnection(answer(500, "InternalFailure")))
      const unknownServer = leftOf(yield* getConnection(answer(502, "GatewayTrouble")))
      const unknownClient = leftOf(yield* getConnection(answer(418, "TeapotException")))
      expect(modeled).toBeInstanceOf(ResourceNotFoundException)
      expect(common).toBeInstanceOf(InternalFailure)
      expect(unknownServer).toBeInstanceOf(AwsServiceError)
      for (
        const [error, status, code, fault] of [
          [modeled, 404, "ResourceNotFoundException", "client"],
          [modeledServer, 503, "InternalServerException", "server"],
          [common, 500, "InternalFailure", "server"],
          [unknownServer, 502, "GatewayTrouble", "server"],
          [unknownClient, 418, "TeapotException", "client"]
        ] as const
      ) {
        expect(error).toMatchObject({
          $metadata: { httpStatusCode: status, requestId: `rid-${code}`, attempts: 1, totalRetryDelay: 0 },
          $fault: fault
        })
      }
    }))

  it.effect("after retries, the error counts every attempt and the time waited between them", () =>
    Effect.gen(function*() {
      const throttled = {
        status: 400,
        headers: { "retry-after": "2", "x-amzn-requestid": "rid-throttled" },
        body: JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" })
      }
      const client = yield* clients(() => throttled, { maxAttempts: 3 }).codestar
      const fiber = yield* Effect.fork(Effect.either(client.getConnection({ ConnectionArn: connectionArn })))
      yield* TestClock.adjust("1 minute")
      const error = leftOf(yield* Fiber.join(fiber))
      expect(error).toBeInstanceOf(CommonThrottling)
      expect(error._tag === "ThrottlingException" && error.$metadata.attempts).toBe(3)
      // Two waits of at least the 2 s the server asked for.
      expect(error._tag === "ThrottlingException" && error.$metadata.totalRetryDelay).toBeGreaterThanOrEqual(4000)
      expect(error).toMatchObject({ $metadata: { httpStatusCode: 400, requestId: "rid-throttled" }, $fault: "client" })
    }))

  it("errors built in code get the model's status and fault, and survive a round trip through Schema", () => {
    const made = new ResourceNotFoundException({ Message: "gone" })
    expect(made.$metadata).toEqual({ httpStatusCode: 404, attempts: 0, totalRetryDelay: 0 })
    expect(made.$fault).toBe("client")
    expect(new InternalServerException({}).$fault).toBe("server")
    const service = new AwsServiceError({ code: "X", message: "m", status: 503, requestId: "r" })
    expect(service.$metadata).toEqual({ httpStatusCode: 503, requestId: "r", attempts: 0, totalRetryDelay: 0 })
    expect(service.$fault).toBe("server")

    const received = new ResourceNotFoundException({
      Message: "gone",
      $metadata: { httpStatusCode: 404, requestId: "rid-1", attempts: 2, totalRetryDelay: 150 }
    })
    const encoded = Schema.encodeSync(ResourceNotFoundException)(received)
    const decoded = Schema.decodeUnknownSync(ResourceNotFoundException)(JSON.parse(JSON.stringify(encoded)))
    expect(decoded).toBeInstanceOf(ResourceNotFoundException)
    expect(decoded.$metadata).toEqual(received.$metadata)
    expect(decoded.message).toBe("gone")
    // Data serialised before these fields existed still decodes.
    expect(
      Schema.decodeUnknownSync(ResourceNotFoundException)({ _tag: "ResourceNotFoundException", Message: "old" })
        .$metadata.attempts
    )
      .toBe(0)
  })
})

describe("withMetadata", () => {
  it.effect("a successful call's metadata, beside its output, without changing the plain method", () =>
    Effect.gen(function*() {
      let calls = 0
      const client = yield* clients(() => {
        calls++
        return calls === 1
          ? { status: 503, headers: { "x-amzn-requestid": "rid-first" }, body: "{}" }
          : {
            status: 200,
            headers: { "x-amzn-requestid": "rid-ok" },
            body: JSON.stringify({ Connection: { ConnectionName: "c" } })
          }
      }, { maxAttempts: 3, baseDelay: "1 millis" }).codestar
      const fiber = yield* Effect.fork(client.getConnection.withMetadata({ ConnectionArn: connectionArn }))
      yield* TestClock.adjust("1 second")
      const { $metadata, output } = yield* Fiber.join(fiber)
      expect(output).toEqual({ Connection: { ConnectionName: "c" } })
      expect($metadata).toMatchObject({ httpStatusCode: 200, requestId: "rid-ok", attempts: 2 })
      expect($metadata.totalRetryDelay).toBeGreaterThanOrEqual(0)
      expect($metadata.totalRetryDelay).toBeLessThanOrEqual(1)

      const plain = yield* client.getConnection({ ConnectionArn: connectionArn })
      expect(plain).toEqual({ Connection: { ConnectionName: "c" } })
    }))

  it.effect("works for operations whose input is optional", () =>
    Effect.gen(function*() {
      const client = yield* clients(() => json({ Connections: [] })).codestar
      const { $metadata, output } = yield* client.listConnections.withMetadata()
      expect(output).toEqual({ Connections: [] })
      expect($metadata).toEqual({ httpStatusCode: 200, requestId: "req-123", attempts: 1, totalRetryDelay: 0 })
    }))
})
