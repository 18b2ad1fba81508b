/**
 * Paging: MaxResults honoured, a default page size when it is absent or 0,
 * opaque tokens that only work for the list they came from, and stable pages
 * when items are deleted between calls.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Emulator } from "../src/index.js"
import { call, errorCode, field, ok, stringField } from "./support.js"

const run = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.provide(effect, Emulator.layer({ defaultPageSize: 4 }))

const createConnections = (n: number, providerType = "GitHub") =>
  Effect.forEach(
    Array.from({ length: n }, (_, i) => i),
    (i) =>
      Effect.map(ok("CreateConnection", { ConnectionName: `c${i}`, ProviderType: providerType }), (o) =>
        stringField(o, "ConnectionArn"))
  )

const names = (output: unknown): ReadonlyArray<unknown> => {
  const list = field(output, "Connections")
  return Array.isArray(list) ? list.map((c: unknown) => field(c, "ConnectionName")) : []
}

describe("pagination", () => {
  it.effect("MaxResults sizes the pages and the last page has no NextToken", () =>
    run(Effect.gen(function*() {
      yield* createConnections(5)
      const first = yield* ok("ListConnections", { MaxResults: 2 })
      expect(names(first)).toEqual(["c0", "c1"])
      const second = yield* ok("ListConnections", { MaxResults: 2, NextToken: stringField(first, "NextToken") })
      expect(names(second)).toEqual(["c2", "c3"])
      const third = yield* ok("ListConnections", { MaxResults: 2, NextToken: stringField(second, "NextToken") })
      expect(names(third)).toEqual(["c4"])
      expect(third).not.toHaveProperty("NextToken")
    })))

  it.effect("without MaxResults, or with 0, pages have the default size", () =>
    run(Effect.gen(function*() {
      yield* createConnections(6)
      for (const input of [{}, { MaxResults: 0 }]) {
        const page = yield* ok("ListConnections", input)
        expect(names(page)).toHaveLength(4)
        expect(typeof field(page, "NextToken")).toBe("string")
      }
    })))

  it.effect("tokens are opaque and only valid for their own list", () =>
    run(Effect.gen(function*() {
      yield* createConnections(3)
      const page = yield* ok("ListConnections", { MaxResults: 1 })
      const token = stringField(page, "NextToken")
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(token).not.toMatch(/^\d+$/)
      // A token of the unfiltered list is not one of the GitLab list.
      const other = yield* call("ListConnections", { MaxResults: 1, NextToken: token, ProviderTypeFilter: "GitLab" })
      expect({ status: other.status, code: errorCode(other) }).toEqual({ status: 400, code: "ValidationException" })
      const hosts = yield* call("ListHosts", { NextToken: token })
      expect(errorCode(hosts)).toBe("ValidationException")
    })))

  it.effect("a forged token answers ValidationException, or InvalidInputException where the operation models it", () =>
    run(Effect.gen(function*() {
      for (const token of ["garbage!", "eyJsaXN0IjoxfQ", "MTIz"]) {
        expect(errorCode(yield* call("ListConnections", { NextToken: token }))).toBe("ValidationException")
        expect(errorCode(yield* call("ListHosts", { NextToken: token }))).toBe("ValidationException")
        expect(errorCode(yield* call("ListRepositoryLinks", { NextToken: token }))).toBe("InvalidInputException")
      }
      // The model's own bounds apply first: NextToken is 1..1024 characters.
      expect(errorCode(yield* call("ListConnections", { NextToken: "" }))).toBe("ValidationException")
    })))

  it.effect("a deleted item does not shift the next page", () =>
    run(Effect.gen(function*() {
      const arns = yield* createConnections(4)
      const first = yield* ok("ListConnections", { MaxResults: 2 })
      expect(names(first)).toEqual(["c0", "c1"])
      yield* ok("DeleteConnection", { ConnectionArn: arns[0] })
      const second = yield* ok("ListConnections", { MaxResults: 2, NextToken: stringField(first, "NextToken") })
      expect(names(second)).toEqual(["c2", "c3"])
    })))

  it.effect("ListHosts, ListRepositoryLinks and ListSyncConfigurations page the same way", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      const [connectionArn] = yield* createConnections(1)
      yield* emulator.completeHandshake(connectionArn ?? "")
      for (let i = 0; i < 3; i++) {
        yield* ok("CreateHost", { Name: `h${i}`, ProviderType: "GitLabSelfManaged", ProviderEndpoint: "https://gl" })
        yield* ok("CreateRepositoryLink", { ConnectionArn: connectionArn, OwnerId: "o", RepositoryName: `r${i}` })
      }
      const linkId = stringField(yield* ok("ListRepositoryLinks", {}), "RepositoryLinks", 0, "RepositoryLinkId")
      for (let i = 0; i < 3; i++) {
        yield* ok("CreateSyncConfiguration", {
          Branch: "main",
          ConfigFile: "a.yaml",
          RepositoryLinkId: linkId,
          ResourceName: `s${i}`,
          RoleArn: "arn:aws:iam::123456789012:role/r",
          SyncType: "CFN_STACK_SYNC"
        })
      }
      const walk = (operation: string, key: string, input: object) =>
        Effect.gen(function*() {
          let token: string | undefined
          const sizes: Array<number> = []
          do {
            const page = yield* ok(operation, {
              ...input,
              MaxResults: 2,
              ...(token === undefined ? {} : { NextToken: token })
            })
            const items = field(page, key)
            sizes.push(Array.isArray(items) ? items.length : -1)
            const next = field(page, "NextToken")
            token = typeof next === "string" ? next : undefined
          } while (token !== undefined)
          return sizes
        })
      expect(yield* walk("ListHosts", "Hosts", {})).toEqual([2, 1])
      expect(yield* walk("ListRepositoryLinks", "RepositoryLinks", {})).toEqual([2, 1])
      expect(
        yield* walk("ListSyncConfigurations", "SyncConfigurations", {
          RepositoryLinkId: linkId,
          SyncType: "CFN_STACK_SYNC"
        })
      ).toEqual([2, 1])
    })))
})
