/**
 * SigV4 verification, with the codes, statuses and messages AWS JSON
 * services answer for each kind of failure.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { Emulator } from "../src/index.js"
import { call, type CallOptions, errorCode, field } from "./support.js"

const noon = Date.parse("2024-05-01T12:00:00Z")

const run = <A, E, R>(effect: Effect.Effect<A, E, R>, options?: Emulator.EmulatorOptions) =>
  Effect.provide(Effect.zipRight(TestClock.setTime(noon), effect), Emulator.layer(options))

const answer = (options: CallOptions) =>
  Effect.map(
    call("ListHosts", {}, options),
    (a) => ({ status: a.status, code: errorCode(a), message: field(a.json, "message") })
  )

describe("SigV4", () => {
  it.effect("a correctly signed request is answered", () =>
    run(Effect.gen(function*() {
      expect((yield* answer({})).status).toBe(200)
      expect((yield* answer({ api: "codeconnections" })).status).toBe(200)
    })))

  it.effect("no Authorization header: MissingAuthenticationTokenException", () =>
    run(Effect.gen(function*() {
      expect(yield* answer({ unsigned: true })).toEqual({
        status: 400,
        code: "MissingAuthenticationTokenException",
        message: "Missing Authentication Token"
      })
    })))

  it.effect("an unknown access key: UnrecognizedClientException", () =>
    run(Effect.gen(function*() {
      expect(yield* answer({ credentials: { accessKeyId: "AKIDNOBODY", secretAccessKey: "emulator-secret" } })).toEqual(
        {
          status: 400,
          code: "UnrecognizedClientException",
          message: "The security token included in the request is invalid."
        }
      )
    })))

  it.effect("acceptAnyCredentials: any key is taken on trust, but the form, date and scope are still checked", () =>
    run(
      Effect.gen(function*() {
        const test = { accessKeyId: "test", secretAccessKey: "test" }
        expect((yield* answer({ credentials: test })).status).toBe(200)
        expect((yield* answer({ credentials: test, api: "codeconnections" })).status).toBe(200)
        expect((yield* answer({ unsigned: true })).code).toBe("MissingAuthenticationTokenException")
        expect(yield* answer({ credentials: test, signingDate: new Date(noon - 6 * 60_000) })).toMatchObject({
          status: 400,
          code: "InvalidSignatureException"
        })
        // A key it knows is still checked in full.
        expect((yield* answer({ credentials: { accessKeyId: "AKIDEMULATOR", secretAccessKey: "wrong" } })).code).toBe(
          "InvalidSignatureException"
        )
      }),
      { acceptAnyCredentials: true }
    ))

  it.effect("a wrong secret, a changed body or a changed signed header: InvalidSignatureException", () =>
    run(Effect.gen(function*() {
      const mismatch = {
        status: 400,
        code: "InvalidSignatureException",
        message: "The request signature we calculated does not match the signature you provided. " +
          "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
      }
      expect(yield* answer({ credentials: { accessKeyId: "AKIDEMULATOR", secretAccessKey: "wrong" } })).toEqual(
        mismatch
      )
      expect(yield* answer({ tamperBody: () => "{\"MaxResults\":5}" })).toEqual(mismatch)
      expect(yield* answer({ headers: { "x-amz-target": "CodeStar_connections_20191201.ListConnections" } })).toEqual(
        mismatch
      )
    })))

  it.effect("a date more than 5 minutes in the past: Signature expired", () =>
    run(Effect.gen(function*() {
      expect(yield* answer({ signingDate: new Date(noon - 6 * 60_000) })).toEqual({
        status: 400,
        code: "InvalidSignatureException",
        message: "Signature expired: 20240501T115400Z is now earlier than 20240501T115500Z (20240501T120000Z - 5 min.)"
      })
    })))

  it.effect("a date more than 5 minutes in the future: Signature not yet current", () =>
    run(Effect.gen(function*() {
      expect(yield* answer({ signingDate: new Date(noon + 6 * 60_000) })).toEqual({
        status: 400,
        code: "InvalidSignatureException",
        message:
          "Signature not yet current: 20240501T120600Z is still later than 20240501T120500Z (20240501T120000Z + 5 min.)"
      })
    })))

  it.effect("a date within 5 minutes is accepted", () =>
    run(Effect.gen(function*() {
      expect((yield* answer({ signingDate: new Date(noon - 4 * 60_000) })).status).toBe(200)
      expect((yield* answer({ signingDate: new Date(noon + 4 * 60_000) })).status).toBe(200)
    })))

  it.effect("a skewed server clock moves the window", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.skewClock(10 * 60_000)
      const skewed = yield* answer({})
      expect(skewed.code).toBe("InvalidSignatureException")
      expect(String(skewed.message)).toMatch(
        /^Signature expired: 20240501T120000Z is now earlier than 20240501T120500Z/
      )
      // A client that corrects its clock from the Date header gets through.
      expect((yield* answer({ signingDate: new Date(noon + 10 * 60_000) })).status).toBe(200)
    })))

  it.effect("a signature scoped to the other API's signing name", () =>
    run(Effect.gen(function*() {
      expect(yield* answer({ signingService: "codeconnections" })).toEqual({
        status: 400,
        code: "InvalidSignatureException",
        message: "Credential should be scoped to correct service: 'codestar-connections'."
      })
    })))

  it.effect("an Authorization header that cannot be parsed: IncompleteSignatureException", () =>
    run(Effect.gen(function*() {
      for (
        const authorization of [
          "AWS4-HMAC-SHA256 Credential=AKIDEMULATOR",
          "Basic dXNlcjpwYXNz",
          "AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=00"
        ]
      ) {
        const a = yield* answer({ headers: { authorization } })
        expect({ status: a.status, code: a.code }, authorization).toEqual({
          status: 400,
          code: "IncompleteSignatureException"
        })
      }
    })))

  it.effect("session tokens: required when the credentials have one, and must match", () =>
    run(
      Effect.gen(function*() {
        const creds = { accessKeyId: "ASIATEMP", secretAccessKey: "temp-secret" }
        expect((yield* answer({ credentials: { ...creds, sessionToken: "token-1" } })).status).toBe(200)
        expect((yield* answer({ credentials: { ...creds, sessionToken: "token-2" } })).code).toBe(
          "UnrecognizedClientException"
        )
        expect((yield* answer({ credentials: creds })).code).toBe("UnrecognizedClientException")
      }),
      { credentials: [{ accessKeyId: "ASIATEMP", secretAccessKey: "temp-secret", sessionToken: "token-1" }] }
    ))

  it.effect("credentials can be added at run time, and reset forgets them", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      const creds = { accessKeyId: "AKIDLATER", secretAccessKey: "later" }
      expect((yield* answer({ credentials: creds })).code).toBe("UnrecognizedClientException")
      yield* emulator.addCredentials(creds)
      expect((yield* answer({ credentials: creds })).status).toBe(200)
      yield* emulator.reset()
      expect((yield* answer({ credentials: creds })).code).toBe("UnrecognizedClientException")
      expect((yield* answer({})).status).toBe(200)
    })))
})
