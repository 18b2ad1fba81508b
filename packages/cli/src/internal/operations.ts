/**
 * One command per operation, from the generated command table. List
 * operations page automatically, as in the AWS CLI: every page is fetched and
 * the items printed as one list, `--max-items` stops early and prints a
 * `NextToken` to resume from with `--starting-token`, `--page-size` sets the
 * size of each request, and `--no-paginate` makes a single call.
 */
import { AwsRequestError } from "@effect-codestar/core/AwsError"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { Api } from "./api.js"
import type { CallError, Flag, FlagType, InputInvalid, OperationCommand, Pagination } from "./commandTable.js"
import { clientOptions, printJson, readCount, toCliFailure } from "./common.js"
import { assemble, cliInputJsonOption, flagOptions } from "./input.js"

/**
 * Where `--max-items` stopped: the service token of the page it stopped in and
 * how many items of that page were already printed. Base64 of JSON, like the
 * AWS CLI's own tokens; a token that is not one of ours is taken as the
 * service's own.
 */
const Resume = Schema.Struct({ NextToken: Schema.optional(Schema.String), skip: Schema.Number })
const ResumeJson = Schema.parseJson(Resume)

const encodeResume = (token: string | undefined, skip: number): string =>
  Encoding.encodeBase64Url(
    Schema.encodeSync(ResumeJson)({ ...(token === undefined ? {} : { NextToken: token }), skip })
  )

const decodeResume = (text: string): { readonly NextToken?: string | undefined; readonly skip: number } =>
  Either.match(Encoding.decodeBase64UrlString(text), {
    onLeft: () => ({ NextToken: text, skip: 0 }),
    onRight: (json) =>
      Either.getOrElse(Schema.decodeUnknownEither(ResumeJson)(json), () => ({ NextToken: text, skip: 0 }))
  })

/** Any object can be read member by member; what a member holds is checked where it is used. */
const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null

const member = (page: unknown, name: string): unknown => isRecord(page) ? page[name] : undefined

/** Pages through a list operation from `start`, collecting at most `maxItems` items. */
const paginate = <Svc>(
  command: OperationCommand<Svc>,
  pagination: Pagination & { readonly items: string },
  client: Svc,
  input: Readonly<Record<string, unknown>>,
  options: {
    readonly maxItems: number | undefined
    readonly pageSize: number | undefined
    readonly start: string | undefined
  }
): Effect.Effect<Record<string, unknown>, CallError | InputInvalid> =>
  Effect.gen(function*() {
    const resume = options.start === undefined ? { skip: 0 } : decodeResume(options.start)
    let token: string | undefined = resume.NextToken
    let skip = resume.skip
    const items: Array<unknown> = []
    while (true) {
      const request = {
        ...input,
        ...(token === undefined ? {} : { [pagination.inputToken]: token }),
        ...(options.pageSize === undefined || pagination.pageSize === undefined
          ? {}
          : { [pagination.pageSize]: options.pageSize })
      }
      const page = yield* command.call(client, request)
      const list = member(page, pagination.items)
      const pageItems = Array.isArray(list) ? list : []
      for (let i = skip; i < pageItems.length; i++) {
        if (options.maxItems !== undefined && items.length === options.maxItems) {
          return { [pagination.items]: items, NextToken: encodeResume(token, i) }
        }
        items.push(pageItems[i])
      }
      skip = 0
      const next = member(page, pagination.outputToken)
      if (typeof next !== "string" || next === "") return { [pagination.items]: items }
      if (next === token) {
        return yield* new AwsRequestError({
          reason: "Decode",
          operation: command.operation,
          message: `${command.operation} returned the token it was sent; paging stopped to avoid an endless loop`
        })
      }
      token = next
      if (options.maxItems !== undefined && items.length === options.maxItems) {
        return { [pagination.items]: items, NextToken: encodeResume(token, 0) }
      }
    }
  })

const integer: FlagType = { kind: "integer" }

const operationCommand = <Svc>(api: Api<Svc>, command: OperationCommand<Svc>) => {
  const p = command.pagination
  const paged = p?.items === undefined ? undefined : { ...p, items: p.items }
  const flags = paged === undefined
    ? command.flags
    : command.flags.filter((f) => f.member !== paged.inputToken && f.member !== paged.pageSize)
  // The members behind the paging flags, so that a message about them names the flag.
  const named: ReadonlyArray<Flag> = paged === undefined ? flags : [
    ...flags,
    { member: paged.inputToken, flag: "starting-token", required: false, type: { kind: "string" } },
    ...(paged.pageSize === undefined
      ? []
      : [{ member: paged.pageSize, flag: "page-size", required: false, type: integer }])
  ]
  // Commands that do not page get no paging flags: constant options that parse nothing.
  const absent = Options.none.pipe(Options.map(() => Option.none<string>()))
  const paging = paged === undefined
    ? {
      maxItems: absent,
      pageSize: absent,
      startingToken: absent,
      noPaginate: Options.none.pipe(Options.map(() => false))
    }
    : {
      maxItems: Options.text("max-items").pipe(
        Options.withDescription("print at most this many items, and a NextToken to go on from with --starting-token"),
        Options.optional
      ),
      pageSize: Options.text("page-size").pipe(
        Options.withDescription("items per request (not a limit on the output)"),
        Options.optional
      ),
      startingToken: Options.text("starting-token").pipe(
        Options.withDescription("the NextToken printed by an earlier --max-items run"),
        Options.optional
      ),
      noPaginate: Options.boolean("no-paginate").pipe(
        Options.withDescription("make a single call and print its output as it is")
      )
    }
  const config = {
    client: clientOptions,
    flags: flagOptions(flags),
    cliInputJson: cliInputJsonOption,
    output: Options.choice("output", ["json"]).pipe(
      Options.withDescription("output format"),
      Options.withDefault("json")
    ),
    ...paging
  }
  return Command.make(command.name, config, (args) =>
    Effect.gen(function*() {
      const input = yield* assemble(args.cliInputJson, args.flags)
      const maxItems = yield* readCount("max-items", args.maxItems)
      const pageSize = yield* readCount("page-size", args.pageSize)
      const start = Option.getOrUndefined(args.startingToken)
      const output = yield* api.withClient(args.client, (client) => {
        if (paged === undefined) return command.call(client, input)
        if (args.noPaginate) {
          return command.call(client, {
            ...input,
            ...(start === undefined ? {} : { [paged.inputToken]: start }),
            ...(pageSize === undefined || paged.pageSize === undefined ? {} : { [paged.pageSize]: pageSize })
          })
        }
        return paginate(command, paged, client, input, { maxItems, pageSize, start })
      })
      yield* printJson(output)
    }).pipe(Effect.mapError(toCliFailure(named)))).pipe(
      Command.withDescription(
        `Calls ${command.operation}${paged === undefined ? "" : ", every page"}. See ${command.reference}`
      )
    )
}

/** Every operation's command. */
export const operationCommands = <Svc>(api: Api<Svc>) => api.commands.map((c) => operationCommand(api, c))
