import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { operationNames as codeconnectionsOperations } from "../src/generated/codeconnections/service.js"
import { operationNames as codestarOperations } from "../src/generated/codestar-connections/service.js"
import { samples } from "./samples.js"
import { accessKeyId, clients, type RecordedRequest } from "./support.js"

const versions = [
  {
    name: "CodeStarConnections",
    pick: (c: ReturnType<typeof clients>) => c.codestar,
    targetPrefix: "CodeStar_connections_20191201",
    host: "codestar-connections.us-east-1.amazonaws.com",
    signingName: "codestar-connections",
    operations: codestarOperations
  },
  {
    name: "CodeConnections",
    pick: (c: ReturnType<typeof clients>) => c.codeconnections,
    targetPrefix: "CodeConnections_20231201",
    host: "codeconnections.us-east-1.amazonaws.com",
    signingName: "codeconnections",
    operations: codeconnectionsOperations
  }
] as const

describe.each(versions)("$name: every operation through the whole path", (version) => {
  it("the samples cover all 27 operations", () => {
    expect(version.operations).toHaveLength(27)
    expect(samples.map((s) => s.operation)).toEqual([...version.operations])
  })

  it.effect.each(samples)("$operation", (sample) =>
    Effect.gen(function*() {
      const answered: Array<RecordedRequest> = []
      const setup = clients((request) => {
        answered.push(request)
        return { status: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body: sample.answer }
      })
      const client = yield* version.pick(setup)
      const output = yield* sample.call(client)

      expect(output).toEqual(sample.expected)
      expect(answered).toHaveLength(1)
      const request = answered[0]!
      expect(request.method).toBe("POST")
      expect(request.url).toBe(`https://${version.host}/`)
      expect(request.headers["content-type"]).toBe("application/x-amz-json-1.0")
      expect(request.headers["x-amz-target"]).toBe(`${version.targetPrefix}.${sample.operation}`)
      expect(request.headers["authorization"]).toContain(
        `TEST service=${version.signingName} region=us-east-1 key=${accessKeyId}`
      )
      // The signature covers exactly the bytes that were sent.
      expect(request.headers["authorization"]).toContain(`bytes=${request.body.length}`)
      expect(JSON.parse(request.body)).toEqual(sample.sent)
    }))
})
