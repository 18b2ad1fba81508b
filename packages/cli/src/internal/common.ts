/**
 * Options every command shares, and the end of every command: the result as
 * JSON on stdout, a failure as its exit code and a one-line reason.
 */
import type { NodeClientOptions } from "@effect-codestar/runtime-node/NodeConfig"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { classify, CliFailure, Usage } from "../ExitCode.js"
import { type Flag, InputInvalid } from "./commandTable.js"
import { parseDuration } from "./duration.js"
import { describeIssues } from "./input.js"

/** `--region`, `--profile`, `--endpoint-url`: what they leave out is found as the Node runtime finds it (environment, config files). */
export const clientOptions: Options.Options<NodeClientOptions> = Options.all({
  region: Options.text("region").pipe(
    Options.withDescription("AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region)"),
    Options.optional
  ),
  profile: Options.text("profile").pipe(
    Options.withDescription("profile of the shared config and credentials files (else AWS_PROFILE, else default)"),
    Options.optional
  ),
  endpoint: Options.text("endpoint-url").pipe(
    Options.withDescription(
      "endpoint URL, e.g. an emulator (else AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile)"
    ),
    Options.optional
  )
}).pipe(Options.map(({ endpoint, profile, region }): NodeClientOptions => ({
  ...Option.match(region, { onNone: () => ({}), onSome: (r) => ({ region: r }) }),
  ...Option.match(profile, { onNone: () => ({}), onSome: (p) => ({ profile: p }) }),
  ...Option.match(endpoint, { onNone: () => ({}), onSome: (e) => ({ endpoint: e }) })
})))

/** A duration flag (`90s`, `5m`, `1h30m`), checked when the command runs so that the message names the flag. */
export const durationOption = (name: string, fallback: string, description: string) =>
  Options.text(name).pipe(
    Options.withDescription(`${description} (e.g. 90s, 5m, 1h30m; default ${fallback})`),
    Options.withDefault(fallback)
  )

/** Reads a duration flag's value. */
export const readDuration = (name: string, text: string): Effect.Effect<Duration.Duration, CliFailure> => {
  const duration = parseDuration(text)
  return duration === undefined
    ? Effect.fail(
      new CliFailure({ exitCode: Usage, reason: `--${name}: not a duration: ${text} (use e.g. 90s, 5m, 1h30m)` })
    )
    : Effect.succeed(duration)
}

/** Reads a whole-number flag's value. */
export const readCount = (name: string, text: Option.Option<string>): Effect.Effect<number | undefined, CliFailure> =>
  Option.match(text, {
    onNone: () => Effect.succeed(undefined),
    onSome: (t) =>
      /^\d+$/.test(t.trim()) && Number(t) > 0
        ? Effect.succeed(Number(t))
        : Effect.fail(
          new CliFailure({ exitCode: Usage, reason: `--${name}: expected a whole number of at least 1, got ${t}` })
        )
  })

/** Prints a result as the AWS CLI does with `--output json`. */
export const printJson = (value: unknown): Effect.Effect<void> => Console.log(JSON.stringify(value, null, 4))

/** Every failure of a command as a `CliFailure`: input issues name their flags, the rest is classified. */
export const toCliFailure = (
  flags: ReadonlyArray<Flag>,
  positional?: { readonly member: string; readonly name: string }
) =>
(error: { readonly _tag: string }): CliFailure =>
  error instanceof InputInvalid ? describeIssues(error, flags, positional) : classify(error)
