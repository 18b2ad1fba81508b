import { describe, expect, it } from "@effect/vitest"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { partitionOf, regionProblem, resolveEndpoint } from "../src/AwsEndpoint.js"
import { CodeStarConnections } from "../src/CodeStarConnections.js"
import { endpointTests as codeconnectionsTests } from "../src/generated/codeconnections/endpointTests.js"
import { service as codeconnections } from "../src/generated/codeconnections/service.js"
import { endpointTests as codestarTests } from "../src/generated/codestar-connections/endpointTests.js"
import { service as codestar } from "../src/generated/codestar-connections/service.js"
import { dependencies, json, recordingHttp } from "./support.js"

const suites = [
  { name: "codestar-connections", prefix: codestar.endpointPrefix, cases: codestarTests, count: 36 },
  { name: "codeconnections", prefix: codeconnections.endpointPrefix, cases: codeconnectionsTests, count: 21 }
]

describe.each(suites)("the endpoint test cases of the $name model", ({ cases, count, prefix }) => {
  it("are all there", () => {
    expect(cases).toHaveLength(count)
  })

  it.each(cases.map((c) => ({ ...c, label: JSON.stringify(c.params) })))("$label", ({ expect: expected, params }) => {
    const result = resolveEndpoint(prefix, params)
    if ("url" in expected) {
      expect(result).toEqual(Either.right(expected.url))
    } else {
      expect(Either.isLeft(result) && result.left.message).toBe(expected.error)
    }
  })
})

describe("partitions", () => {
  it.each([
    ["us-east-1", "aws", "https://p.us-east-1.amazonaws.com", "https://p-fips.us-east-1.api.aws"],
    [
      "cn-northwest-1",
      "aws-cn",
      "https://p.cn-northwest-1.amazonaws.com.cn",
      "https://p-fips.cn-northwest-1.api.amazonwebservices.com.cn"
    ],
    ["us-gov-west-1", "aws-us-gov", "https://p.us-gov-west-1.amazonaws.com", "https://p-fips.us-gov-west-1.api.aws"],
    ["us-iso-west-1", "aws-iso", "https://p.us-iso-west-1.c2s.ic.gov", "https://p-fips.us-iso-west-1.api.aws.ic.gov"],
    [
      "us-isob-east-1",
      "aws-iso-b",
      "https://p.us-isob-east-1.sc2s.sgov.gov",
      "https://p-fips.us-isob-east-1.api.aws.scloud"
    ],
    [
      "eu-isoe-west-1",
      "aws-iso-e",
      "https://p.eu-isoe-west-1.cloud.adc-e.uk",
      "https://p-fips.eu-isoe-west-1.api.cloud-aws.adc-e.uk"
    ],
    [
      "us-isof-south-1",
      "aws-iso-f",
      "https://p.us-isof-south-1.csp.hci.ic.gov",
      "https://p-fips.us-isof-south-1.api.aws.hci.ic.gov"
    ],
    [
      "eusc-de-east-1",
      "aws-eusc",
      "https://p.eusc-de-east-1.amazonaws.eu",
      "https://p-fips.eusc-de-east-1.api.amazonwebservices.eu"
    ],
    // A region AWS has not announced yet falls in the commercial partition, as the partition function says.
    ["xx-future-9", "aws", "https://p.xx-future-9.amazonaws.com", "https://p-fips.xx-future-9.api.aws"]
  ])("%s is in %s", (region, partition, plain, fipsDualStack) => {
    expect(partitionOf(region).id).toBe(partition)
    expect(resolveEndpoint("p", { Region: region })).toEqual(Either.right(plain))
    expect(resolveEndpoint("p", { Region: region, UseFIPS: true, UseDualStack: true })).toEqual(
      Either.right(fipsDualStack)
    )
  })
})

describe("the client's endpoint configuration", () => {
  it.effect("no region is a typed configuration error, never a guessed default", () =>
    Effect.gen(function*() {
      const http = recordingHttp(() => json({}))
      // The types require a region; a JavaScript caller can still leave it out, and is told.
      // @ts-expect-error: `region` is required
      const error = yield* Effect.flip(CodeStarConnections.make({}).pipe(Effect.provide(dependencies(http.layer))))
      expect(error).toMatchObject({ _tag: "EndpointError", message: "Invalid Configuration: Missing Region" })
    }))

  it.effect("a custom endpoint still needs a region to sign with", () =>
    Effect.gen(function*() {
      const http = recordingHttp(() => json({}))
      const error = yield* Effect.flip(
        // @ts-expect-error: `region` is required
        CodeStarConnections.make({ endpoint: "http://127.0.0.1:4599" }).pipe(Effect.provide(dependencies(http.layer)))
      )
      expect(error._tag).toBe("EndpointError")
      expect(error.message).toContain("Missing Region")
    }))

  it.effect("an invalid region is a ConfigError that names it and says why, not a malformed endpoint", () =>
    Effect.gen(function*() {
      const http = recordingHttp(() => json({}))
      for (
        const [region, why] of [
          ["us east 1", "contains a space"],
          ["us-east-1/", "contains the character \"/\""],
          ["-us-east-1", "starts or ends with a dash"],
          ["us-east-1\n", "contains white space"]
        ] as const
      ) {
        const error = yield* Effect.flip(
          CodeStarConnections.make({ region }).pipe(Effect.provide(dependencies(http.layer)))
        )
        expect(ConfigError.isConfigError(error)).toBe(true)
        expect(String(error)).toContain(`Invalid region ${JSON.stringify(region)}: it ${why}`)
        expect(String(error)).not.toContain("http(s) URL")
      }
      expect(regionProblem("us-gov-west-1")).toBeUndefined()
      expect(regionProblem("")).toBe("it is empty")
    }))

  it.effect("FIPS with a custom endpoint is refused when the client is built", () =>
    Effect.gen(function*() {
      const http = recordingHttp(() => json({}))
      const error = yield* Effect.flip(
        CodeStarConnections.make({ region: "us-east-1", endpoint: "https://example.com", useFipsEndpoint: true }).pipe(
          Effect.provide(dependencies(http.layer))
        )
      )
      expect(error.message).toBe("Invalid Configuration: FIPS and custom endpoint are not supported")
    }))

  it.effect("a custom endpoint that is not a URL is refused", () =>
    Effect.gen(function*() {
      const http = recordingHttp(() => json({}))
      const error = yield* Effect.flip(
        CodeStarConnections.make({ region: "us-east-1", endpoint: "localhost:4599" }).pipe(
          Effect.provide(dependencies(http.layer))
        )
      )
      expect(error.message).toContain("not an http(s) URL")
    }))

  it.effect("requests go to the custom endpoint, signed for the region", () =>
    Effect.gen(function*() {
      const http = recordingHttp(() => json({ Hosts: [] }))
      const client = yield* CodeStarConnections.make({ region: "eu-west-1", endpoint: "http://127.0.0.1:4599" }).pipe(
        Effect.provide(dependencies(http.layer))
      )
      yield* client.listHosts()
      expect(http.requests[0]!.url).toBe("http://127.0.0.1:4599/")
      expect(http.requests[0]!.headers["authorization"]).toContain("region=eu-west-1")
    }))
})
