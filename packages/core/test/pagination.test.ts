import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as pagination from "../src/internal/pagination.js"
import { clients, json, type RecordedRequest } from "./support.js"

/** A fake ListConnections over `total` connections, `pageSize` per page, with opaque tokens. */
const pagedService = (total: number, pageSize: number) => (request: RecordedRequest) => {
  const input: { NextToken?: string; MaxResults?: number } = JSON.parse(request.body)
  const start = input.NextToken === undefined ? 0 : Number(atob(input.NextToken).slice("offset:".length))
  const size = input.MaxResults ?? pageSize
  const end = Math.min(total, start + size)
  const Connections = Array.from({ length: end - start }, (_, i) => ({ ConnectionName: `c${start + i}` }))
  return json({ Connections, ...(end < total ? { NextToken: btoa(`offset:${end}`) } : {}) })
}

describe("pagination streams", () => {
  it.effect("items: every item once, in order, across pages", () =>
    Effect.gen(function*() {
      const setup = clients(pagedService(95, 10))
      const client = yield* setup.codestar
      const names = yield* Stream.runCollect(client.listConnectionsItems())
      expect(Chunk.toReadonlyArray(names).map((c) => c.ConnectionName)).toEqual(
        Array.from({ length: 95 }, (_, i) => `c${i}`)
      )
      expect(setup.requests).toHaveLength(10)
      expect(JSON.parse(setup.requests[0]!.body)).toEqual({})
      expect(JSON.parse(setup.requests[1]!.body)).toEqual({ NextToken: btoa("offset:10") })
    }))

  it.effect("pages keep the caller's filters and page size on every request", () =>
    Effect.gen(function*() {
      const setup = clients(pagedService(7, 10))
      const client = yield* setup.codestar
      const pages = yield* Stream.runCollect(
        client.listConnectionsPages({ ProviderTypeFilter: "GitHub", MaxResults: 3 })
      )
      expect(Chunk.size(pages)).toBe(3)
      expect(setup.requests.map((r) => JSON.parse(r.body))).toEqual([
        { ProviderTypeFilter: "GitHub", MaxResults: 3 },
        { ProviderTypeFilter: "GitHub", MaxResults: 3, NextToken: btoa("offset:3") },
        { ProviderTypeFilter: "GitHub", MaxResults: 3, NextToken: btoa("offset:6") }
      ])
    }))

  it.effect("taking a few items fetches only the pages they need", () =>
    Effect.gen(function*() {
      const setup = clients(pagedService(1000, 10))
      const client = yield* setup.codestar
      const first = yield* Stream.runCollect(client.listConnectionsItems().pipe(Stream.take(15)))
      expect(Chunk.size(first)).toBe(15)
      expect(setup.requests).toHaveLength(2)
    }))

  it.effect("an empty NextToken ends the stream", () =>
    Effect.gen(function*() {
      const setup = clients(() => json({ Hosts: [{ Name: "h" }], NextToken: "" }))
      const client = yield* setup.codestar
      const hosts = yield* Stream.runCollect(client.listHostsItems())
      expect(Chunk.size(hosts)).toBe(1)
      expect(setup.requests).toHaveLength(1)
    }))

  /**
   * A service whose tokens come back round, for at most `limit` requests: after that it ends the
   * listing, so a stream whose loop guard regressed completes (and the test fails) instead of
   * paging forever.
   */
  const cyclingService = (tokens: ReadonlyArray<string>, limit: number) => {
    let n = 0
    return () => {
      const token = tokens[n % tokens.length]!
      return ++n > limit ? json({ Hosts: [] }) : json({ Hosts: [], NextToken: token })
    }
  }

  it.effect("a service that repeats the token it was sent fails the stream instead of looping", () =>
    Effect.gen(function*() {
      const setup = clients(cyclingService(["same"], 10))
      const client = yield* setup.codestar
      const error = yield* Effect.flip(Stream.runDrain(client.listHostsPages()))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Decode", operation: "ListHosts" })
      expect(error.message).toContain("returned the NextToken it was sent")
      expect(setup.requests).toHaveLength(2)
    }))

  it.effect("a service whose tokens come back round (A, B, A) fails the stream at the first repeat", () =>
    Effect.gen(function*() {
      const setup = clients(cyclingService(["A", "B"], 10))
      const client = yield* setup.codestar
      const error = yield* Effect.flip(Stream.runDrain(client.listHostsItems()))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Decode", operation: "ListHosts" })
      expect(error.message).toContain("had returned before")
      expect(setup.requests.map((r) => JSON.parse(r.body).NextToken)).toEqual([undefined, "A", "B"])
    }))

  it.effect("a failing page fails the stream with the operation's typed error", () =>
    Effect.gen(function*() {
      let calls = 0
      const setup = clients(() =>
        ++calls === 1
          ? json({ Connections: [{ ConnectionName: "a" }], NextToken: "t1" })
          : json({ __type: "ResourceNotFoundException", message: "host gone" }, 404)
      )
      const client = yield* setup.codestar
      const error = yield* Effect.flip(Stream.runDrain(client.listConnectionsItems()))
      expect(error._tag).toBe("ResourceNotFoundException")
    }))

  /** Three pages of two items, served by a method that records what it was asked, and each page it answered. */
  const recordedPages = () => {
    const asked: Array<string | undefined> = []
    const answered: Array<{ readonly Items: ReadonlyArray<{ readonly n: number }>; readonly NextToken?: string }> = []
    const method = (input: { readonly NextToken?: string | undefined }) =>
      Effect.sync(() => {
        asked.push(input.NextToken)
        const index = input.NextToken === undefined ? 0 : Number(input.NextToken)
        const page = {
          Items: [{ n: 2 * index }, { n: 2 * index + 1 }],
          ...(index < 2 ? { NextToken: String(index + 1) } : {})
        }
        answered.push(page)
        return page
      })
    return { asked, answered, method }
  }

  it.effect("pages are requested one at a time, only as the consumer pulls past the previous one", () =>
    Effect.scoped(Effect.gen(function*() {
      const { asked, method } = recordedPages()
      const pull = yield* Stream.toPull(pagination.items("ListThings", method, {}, (page) => page.Items))
      expect(asked).toEqual([])
      expect(Chunk.toReadonlyArray(yield* pull).map((x) => x.n)).toEqual([0, 1])
      expect(asked).toEqual([undefined])
      expect(Chunk.toReadonlyArray(yield* pull).map((x) => x.n)).toEqual([2, 3])
      expect(asked).toEqual([undefined, "1"])
      expect(Chunk.toReadonlyArray(yield* pull).map((x) => x.n)).toEqual([4, 5])
      expect(asked).toEqual([undefined, "1", "2"])
      // The last page had no token: the stream ends without another request.
      expect(yield* Effect.flip(pull)).toEqual(Option.none())
      expect(asked).toHaveLength(3)
    })))

  it.effect("each page's items are emitted as one chunk over the page's own array, not a copy", () =>
    Effect.gen(function*() {
      const { answered, method } = recordedPages()
      const chunks = yield* Stream.runCollect(
        Stream.chunks(pagination.items("ListThings", method, {}, (page) => page.Items))
      )
      expect(Chunk.size(chunks)).toBe(3)
      Chunk.toReadonlyArray(chunks).forEach((chunk, i) => {
        expect(Chunk.toReadonlyArray(chunk)).toBe(answered[i]!.Items)
      })
    }))

  it.effect("interrupting the consumer stops the paging: no request after the interruption", () =>
    Effect.gen(function*() {
      const { asked, method } = recordedPages()
      const gate = yield* Effect.makeLatch(false)
      const fiber = yield* pagination.items("ListThings", method, {}, (page) => page.Items).pipe(
        Stream.tap((x) => x.n === 1 ? gate.open.pipe(Effect.zipRight(Effect.never)) : Effect.void),
        Stream.runDrain,
        Effect.fork
      )
      yield* gate.await
      yield* Fiber.interrupt(fiber)
      expect(asked).toEqual([undefined])
    }))
})
