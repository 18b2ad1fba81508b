/**
 * The error channel is part of the API: these assertions are checked by the
 * type checker (`pnpm typecheck`, part of the test command), and fail the
 * build if an operation gains or loses an error type.
 */
import { describe, expectTypeOf, it } from "@effect/vitest"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type * as Common from "../src/AwsError.js"
import type * as CodeConnections from "../src/CodeConnections.js"
import type * as CodeStar from "../src/CodeStarConnections.js"
import * as CodeConnectionsOperations from "../src/generated/codeconnections/operations.js"
import * as Operations from "../src/generated/codestar-connections/operations.js"
import * as Waiters from "../src/Waiters.js"

type Service = CodeStar.CodeStarConnections.Service
/** The methods that return an Effect (the others are the pagination streams). */
type Call = {
  [K in keyof Service]: ReturnType<Service[K]> extends Effect.Effect<unknown, unknown, unknown> ? K : never
}[keyof Service]
type ErrorOf<K extends Call> = Effect.Effect.Error<ReturnType<Service[K]>>
type ContextOf<K extends Call> = Effect.Effect.Context<ReturnType<Service[K]>>
type SuccessOf<K extends Call> = Effect.Effect.Success<ReturnType<Service[K]>>

type AllCommon =
  | Common.AccessDeniedException
  | Common.ExpiredTokenException
  | Common.IncompleteSignatureException
  | Common.InternalFailure
  | Common.InvalidSignatureException
  | Common.MissingAuthenticationTokenException
  | Common.RequestExpired
  | Common.ServiceUnavailable
  | Common.ThrottlingException
  | Common.UnrecognizedClientException
  | Common.ValidationException

type CatchAll = Common.AwsServiceError | Common.AwsRequestError

describe("error metadata", () => {
  it("every service error has the one $metadata shape and a $fault", () => {
    expectTypeOf<CodeStar.ResourceNotFoundException["$metadata"]>().toEqualTypeOf<Common.ResponseMetadata>()
    expectTypeOf<Common.ThrottlingException["$metadata"]>().toEqualTypeOf<Common.ResponseMetadata>()
    expectTypeOf<Common.AwsServiceError["$metadata"]>().toEqualTypeOf<Common.ResponseMetadata>()
    expectTypeOf<CodeStar.InternalServerException["$fault"]>().toEqualTypeOf<"server">()
    expectTypeOf<CodeStar.ResourceNotFoundException["$fault"]>().toEqualTypeOf<"client">()
    expectTypeOf<Common.AwsServiceError["$fault"]>().toEqualTypeOf<Common.Fault>()
  })
})

describe("error channels", () => {
  it("GetConnection: its two modeled errors, the common errors, the catch-alls", () => {
    expectTypeOf<ErrorOf<"getConnection">>().toEqualTypeOf<
      CodeStar.ResourceNotFoundException | CodeStar.ResourceUnavailableException | AllCommon | CatchAll
    >()
  })

  it("CreateConnection", () => {
    expectTypeOf<ErrorOf<"createConnection">>().toEqualTypeOf<
      | CodeStar.LimitExceededException
      | CodeStar.ResourceNotFoundException
      | CodeStar.ResourceUnavailableException
      | AllCommon
      | CatchAll
    >()
  })

  it("ListHosts models no error: only the common errors and the catch-alls", () => {
    expectTypeOf<ErrorOf<"listHosts">>().toEqualTypeOf<AllCommon | CatchAll>()
  })

  it("UpdateSyncBlocker: where it models AccessDenied and Throttling, the common classes of those codes are gone", () => {
    expectTypeOf<ErrorOf<"updateSyncBlocker">>().toEqualTypeOf<
      | CodeStar.AccessDeniedException
      | CodeStar.InternalServerException
      | CodeStar.InvalidInputException
      | CodeStar.ResourceNotFoundException
      | CodeStar.RetryLatestCommitFailedException
      | CodeStar.SyncBlockerDoesNotExistException
      | CodeStar.ThrottlingException
      | Exclude<AllCommon, Common.AccessDeniedException | Common.ThrottlingException>
      | CatchAll
    >()
  })

  it("the twin service has the same channels with its own classes", () => {
    type E = Effect.Effect.Error<ReturnType<CodeConnections.CodeConnections.Service["getConnection"]>>
    expectTypeOf<E>().toEqualTypeOf<
      CodeConnections.ResourceNotFoundException | CodeConnections.ResourceUnavailableException | AllCommon | CatchAll
    >()
  })
})

describe("methods", () => {
  it("require nothing: dependencies were captured when the client was built", () => {
    expectTypeOf<ContextOf<"getConnection">>().toEqualTypeOf<never>()
    expectTypeOf<ContextOf<"updateSyncBlocker">>().toEqualTypeOf<never>()
  })

  it("take an optional input only when the model requires no member", () => {
    expectTypeOf<Parameters<Service["listHosts"]>>().toEqualTypeOf<[input?: CodeStar.ListHostsInput]>()
    expectTypeOf<Parameters<Service["getConnection"]>>().toEqualTypeOf<[input: CodeStar.GetConnectionInput]>()
  })

  it("return outputs with Dates for timestamps, open enums, and required members present", () => {
    type Attempt = SuccessOf<"getRepositorySyncStatus">["LatestSync"]
    expectTypeOf<Attempt["StartedAt"]>().toEqualTypeOf<Date>()
    type Status = NonNullable<NonNullable<SuccessOf<"getConnection">["Connection"]>["ConnectionStatus"]>
    expectTypeOf<"AVAILABLE">().toMatchTypeOf<Status>()
    expectTypeOf<"SOMETHING_NEW">().toMatchTypeOf<Status>()
  })

  it("have a withMetadata variant with the same input and errors, succeeding with the output and $metadata", () => {
    type WithMeta = Service["getConnection"]["withMetadata"]
    expectTypeOf<Parameters<WithMeta>>().toEqualTypeOf<Parameters<Service["getConnection"]>>()
    expectTypeOf<Effect.Effect.Error<ReturnType<WithMeta>>>().toEqualTypeOf<ErrorOf<"getConnection">>()
    expectTypeOf<Effect.Effect.Success<ReturnType<WithMeta>>>().toEqualTypeOf<
      Common.WithMetadata<SuccessOf<"getConnection">>
    >()
    expectTypeOf<Common.WithMetadata<unknown>["$metadata"]>().toEqualTypeOf<Common.ResponseMetadata>()
    expectTypeOf<Parameters<Service["listHosts"]["withMetadata"]>>().toEqualTypeOf<[input?: CodeStar.ListHostsInput]>()
  })

  it("type inputs with closed enums", () => {
    type Provider = NonNullable<CodeStar.CreateConnectionInput["ProviderType"]>
    expectTypeOf<Provider>().toEqualTypeOf<
      "Bitbucket" | "GitHub" | "GitHubEnterpriseServer" | "GitLab" | "GitLabSelfManaged"
    >()
    type TwinProvider = NonNullable<CodeConnections.CreateConnectionInput["ProviderType"]>
    expectTypeOf<"AzureDevOps">().toMatchTypeOf<TwinProvider>()
  })
})

describe("pagination streams", () => {
  it("exist for the four paginated operations, with the operation's errors", () => {
    expectTypeOf<ReturnType<Service["listConnectionsItems"]>>().toEqualTypeOf<
      Stream.Stream<CodeStar.Connection, ErrorOf<"listConnections">>
    >()
    expectTypeOf<ReturnType<Service["listHostsPages"]>>().toEqualTypeOf<
      Stream.Stream<CodeStar.ListHostsOutput, ErrorOf<"listHosts">>
    >()
    expectTypeOf<Parameters<Service["listSyncConfigurationsItems"]>>().toEqualTypeOf<
      [input: CodeStar.ListSyncConfigurationsInput]
    >()
    expectTypeOf<ReturnType<Service["listRepositoryLinksItems"]>>().toEqualTypeOf<
      Stream.Stream<CodeStar.RepositoryLinkInfo, ErrorOf<"listRepositoryLinks">>
    >()
  })

  it("not for ListRepositorySyncDefinitions, which returns a token but takes none", () => {
    expectTypeOf<Service>().not.toHaveProperty("listRepositorySyncDefinitionsPages")
  })
})

describe("the per-operation runner", () => {
  it("runs a descriptor as exactly the client's method: same input, output, errors, withMetadata", () => {
    // Checked by the type checker only: the function is never called.
    const check = (run: CodeStar.Runner, runTwin: CodeConnections.Runner) => {
      expectTypeOf(run(Operations.GetConnection)).toEqualTypeOf<Service["getConnection"]>()
      expectTypeOf(run(Operations.CreateConnection)).toEqualTypeOf<Service["createConnection"]>()
      expectTypeOf(run(Operations.ListHosts)).toEqualTypeOf<Service["listHosts"]>()
      expectTypeOf(runTwin(CodeConnectionsOperations.GetConnection)).toEqualTypeOf<
        CodeConnections.CodeConnections.Service["getConnection"]
      >()
    }
    expectTypeOf(check).toBeFunction()
  })

  it("a runner's method is enough for the connection waiter", () => {
    const check = (run: CodeStar.Runner) => {
      const _waiting = Waiters.waitUntilConnectionAvailable({ getConnection: run(Operations.GetConnection) }, {
        ConnectionArn: "arn"
      })
      expectTypeOf<Effect.Effect.Success<typeof _waiting>["ConnectionStatus"]>().toEqualTypeOf<"AVAILABLE">()
      expectTypeOf<Effect.Effect.Error<typeof _waiting>>().toEqualTypeOf<
        CodeStar.GetConnectionError | Waiters.WaiterTimeout | Waiters.WaiterFailureState
      >()
    }
    expectTypeOf(check).toBeFunction()
  })
})
