/**
 * From flags to an operation's input, the way the AWS CLI reads them: one flag
 * per top-level member (`--connection-arn`), lists as repeated flags or a JSON
 * array, structures as JSON or shorthand (`Key=env,Value=prod`), and
 * `--cli-input-json` (text or `file://path`) for the whole input, which the
 * flags then override. The result is in wire form and is decoded with the
 * operation's schema; its issues are reported with the flag's name.
 */
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { readFile } from "node:fs/promises"
import { CliFailure, Usage } from "../ExitCode.js"
import type { Flag, FlagType, InputInvalid, StructureMember } from "./commandTable.js"

/** What the flags of one command parsed into: per member, the texts given (none when the flag was absent). */
export type FlagValues = ReadonlyArray<readonly [Flag, ReadonlyArray<string>]>

const usage = (reason: string) => new CliFailure({ exitCode: Usage, reason })

/** One @effect/cli option per member. Everything is read as text here and checked by the schema later, to name the flag in every message. */
export const flagOptions = (flags: ReadonlyArray<Flag>): Options.Options<FlagValues> => {
  const each = flags.map((flag) => {
    const describe = `${flag.member} (${describeType(flag.type)}${flag.required ? ", required" : ""})`
    const option = flag.type.kind === "list"
      ? Options.text(flag.flag).pipe(Options.repeated)
      : Options.text(flag.flag).pipe(Options.optional, Options.map(Option.toArray))
    return option.pipe(
      Options.withDescription(describe),
      Options.map((values): readonly [Flag, ReadonlyArray<string>] => [flag, values])
    )
  })
  // `Options.all([])` is no option at all, which parses to nothing rather than to an empty list.
  return each.length === 0 ? Options.none.pipe(Options.map((): FlagValues => [])) : Options.all(each)
}

const describeType = (type: FlagType): string => {
  switch (type.kind) {
    case "enum":
      return `one of ${type.values.join(", ")}`
    case "list":
      return `list of ${describeType(type.item)}; repeat the flag or give a JSON array`
    case "structure":
      return `JSON or shorthand ${type.members.map((m) => `${m.member}=...`).join(",")}`
    case "timestamp":
      return "ISO 8601 date or epoch seconds"
    default:
      return type.kind
  }
}

const parseJson = (where: string, text: string): Effect.Effect<unknown, CliFailure> =>
  Effect.try({
    try: (): unknown => JSON.parse(text),
    catch: (e) => usage(`${where}: not valid JSON (${e instanceof Error ? e.message : String(e)})`)
  })

/** A scalar as the wire wants it: numbers for integers and timestamps (epoch seconds), strings otherwise. */
const scalar = (type: FlagType, text: string): unknown => {
  if (type.kind === "integer" && /^-?\d+$/.test(text.trim())) return Number(text.trim())
  if (type.kind === "timestamp") {
    if (/^\d+(\.\d+)?$/.test(text.trim())) return Number(text.trim())
    const millis = Date.parse(text)
    return Number.isNaN(millis) ? text : millis / 1000
  }
  return text
}

/** Splits on commas that are not inside `[...]`. */
const splitTop = (text: string): Array<string> => {
  const parts: Array<string> = []
  let depth = 0
  let current = ""
  for (const ch of text) {
    if (ch === "[") depth++
    if (ch === "]") depth = Math.max(0, depth - 1)
    if (ch === "," && depth === 0) {
      parts.push(current)
      current = ""
    } else current += ch
  }
  parts.push(current)
  return parts
}

/** `Key=env,Value=prod` or `VpcId=vpc-1,SubnetIds=[subnet-1,subnet-2]`. */
const shorthand = (
  where: string,
  members: ReadonlyArray<StructureMember>,
  text: string
): Effect.Effect<Record<string, unknown>, CliFailure> =>
  Effect.gen(function*() {
    const out: Record<string, unknown> = {}
    for (const part of splitTop(text)) {
      const eq = part.indexOf("=")
      if (eq <= 0) {
        return yield* usage(
          `${where}: expected Name=value pairs separated by commas or JSON, got ${JSON.stringify(part)}`
        )
      }
      const name = part.slice(0, eq).trim()
      const value = part.slice(eq + 1)
      const member = members.find((m) => m.member === name)
      if (member === undefined) {
        return yield* usage(`${where}: unknown member ${name} (expected ${members.map((m) => m.member).join(", ")})`)
      }
      if (member.type.kind === "list") {
        const inner = value.trim().replace(/^\[/, "").replace(/\]$/, "")
        const item = member.type.item
        out[name] = inner === "" ? [] : splitTop(inner).map((v) => scalar(item, v.trim()))
      } else if (member.type.kind === "structure") {
        return yield* usage(`${where}: ${name} is a structure; give the whole value as JSON`)
      } else out[name] = scalar(member.type, value)
    }
    return out
  })

/** One text of a flag (or one item of a list flag) in wire form. */
const value = (where: string, type: FlagType, text: string): Effect.Effect<unknown, CliFailure> => {
  if (type.kind === "structure") {
    return text.trim().startsWith("{") ? parseJson(where, text) : shorthand(where, type.members, text)
  }
  if (type.kind === "list") {
    return text.trim().startsWith("[") ? parseJson(where, text) : value(where, type.item, text)
  }
  return Effect.succeed(scalar(type, text))
}

/** The value of one flag from all its occurrences. */
const flagValue = (flag: Flag, texts: ReadonlyArray<string>): Effect.Effect<unknown, CliFailure> => {
  const where = `--${flag.flag}`
  if (flag.type.kind !== "list") return value(where, flag.type, texts[0] ?? "")
  const item = flag.type.item
  return Effect.map(
    Effect.forEach(texts, (text) =>
      text.trim().startsWith("[")
        ? Effect.flatMap(parseJson(where, text), (parsed) =>
          Array.isArray(parsed)
            ? Effect.succeed<ReadonlyArray<unknown>>(parsed)
            : usage(`${where}: expected a JSON array`))
        : Effect.map(value(where, item, text), (v): ReadonlyArray<unknown> => [v])),
    (chunks) => chunks.flat()
  )
}

/** `--cli-input-json` as text, or the content of `file://path`. */
const cliInputJson = (text: string): Effect.Effect<Record<string, unknown>, CliFailure> =>
  Effect.gen(function*() {
    let json = text
    if (text.startsWith("file://")) {
      const path = text.slice("file://".length)
      json = yield* Effect.tryPromise({
        try: () => readFile(path, "utf8"),
        catch: (e) => usage(`--cli-input-json: cannot read ${path} (${e instanceof Error ? e.message : String(e)})`)
      })
    }
    const parsed = yield* parseJson("--cli-input-json", json)
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return yield* usage("--cli-input-json: expected a JSON object of the operation's input members")
    }
    return { ...parsed }
  })

/** The `--cli-input-json` option every operation command has. */
export const cliInputJsonOption = Options.text("cli-input-json").pipe(
  Options.withDescription(
    "The whole input as JSON (PascalCase members, as in the API), or file://path; flags override it"
  ),
  Options.optional
)

/** Builds the wire input: `--cli-input-json` first, then every flag given. */
export const assemble = (
  json: Option.Option<string>,
  values: FlagValues,
  extra: Readonly<Record<string, unknown>> = {}
): Effect.Effect<Record<string, unknown>, CliFailure> =>
  Effect.gen(function*() {
    const input: Record<string, unknown> = Option.isSome(json) ? yield* cliInputJson(json.value) : {}
    for (const [flag, texts] of values) {
      if (texts.length > 0) input[flag.member] = yield* flagValue(flag, texts)
    }
    return { ...input, ...extra }
  })

/**
 * The schema's issues as one line that names flags: `--connection-arn is
 * required`, `--tags[0].Key: ...`. A member given only through
 * `--cli-input-json` (or without a flag) is named by its path there.
 */
export const describeIssues = (
  error: InputInvalid,
  flags: ReadonlyArray<Flag>,
  positional?: { readonly member: string; readonly name: string }
): CliFailure =>
  usage(
    error.issues.map((issue) => {
      const [head, ...rest] = issue.path
      const flag = flags.find((f) => f.member === head)
      const name = positional !== undefined && positional.member === head
        ? positional.name
        : flag === undefined
        ? `--cli-input-json ${String(head ?? "")}`
        : `--${flag.flag}`
      const where = `${name}${rest.map((k) => typeof k === "number" ? `[${k}]` : `.${k}`).join("")}`
      return issue.message === "is missing" ? `${where} is required` : `${where}: ${issue.message}`
    }).join("; ")
  )
