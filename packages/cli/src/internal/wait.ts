/**
 * `wait <what> ...`: one command per waiter of core's `Waiters`, with the
 * polled operation's flags (the ARN as a positional argument where there is
 * one), `--timeout` and the waiter's schedule options, and the progress
 * display of `progress.ts`.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { Api, WaitCommand } from "./api.js"
import { clientOptions, durationOption, printJson, readDuration, toCliFailure } from "./common.js"
import { assemble, flagOptions } from "./input.js"
import * as Progress from "./progress.js"

const waitCommand = <Svc>(api: Api<Svc>, waiter: WaitCommand<Svc>) => {
  const polled = api.commands.find((c) => c.operation === waiter.operation)
  const positional = waiter.positional
  // A member with a default (SyncType, whose only value is CFN_STACK_SYNC) is optional here.
  const flags = (polled?.flags ?? [])
    .filter((f) => f.member !== positional?.member)
    .map((f) => f.member in waiter.defaults ? { ...f, required: false } : f)
  const argument = positional === undefined
    ? Args.none.pipe(Args.map(() => Option.none<string>()))
    : Args.text({ name: positional.name }).pipe(
      Args.withDescription(`the ${positional.member} to wait for`),
      Args.map(Option.some)
    )
  const config = {
    argument,
    client: clientOptions,
    flags: flagOptions(flags),
    timeout: durationOption("timeout", "20m", "give up with exit code 2 after this long"),
    minDelay: durationOption(
      "min-delay",
      "2s",
      "shortest interval between polls; after that each is a tenth of the time waited"
    ),
    maxDelay: durationOption("max-delay", "90s", "longest interval between polls"),
    keepPolling: Options.boolean("keep-polling").pipe(
      Options.withDescription("wait through a failure state (someone may yet fix it) instead of exiting with code 1")
    ),
    output: Options.choice("output", ["text", "json"]).pipe(
      Options.withDescription("json: print the resource reached as JSON on stdout"),
      Options.withDefault("text")
    ),
    quiet: Options.boolean("quiet").pipe(
      Options.withDescription("no progress lines; a failure still prints its reason")
    )
  }
  return Command.make(waiter.name, config, (args) =>
    Effect.gen(function*() {
      const maxWait = yield* readDuration("timeout", args.timeout)
      const minDelay = yield* readDuration("min-delay", args.minDelay)
      const maxDelay = yield* readDuration("max-delay", args.maxDelay)
      const given = yield* assemble(
        Option.none(),
        args.flags,
        positional === undefined || Option.isNone(args.argument) ? {} : { [positional.member]: args.argument.value }
      )
      const input = { ...waiter.defaults, ...given }
      yield* Effect.scoped(Effect.gen(function*() {
        const progress = yield* Progress.make(waiter.label(input), Progress.stderrSink, {
          quiet: args.quiet,
          success: waiter.success
        })
        const resource = yield* api.withClient(args.client, (client) =>
          waiter.wait(client, input, {
            onPoll: progress.poll,
            options: {
              maxWait,
              minDelay,
              maxDelay,
              onNextPoll: progress.nextPollIn,
              onFailureState: args.keepPolling ? "keepPolling" : "fail"
            }
          })).pipe(Effect.tapError(() => progress.stop), Effect.onInterrupt(() => progress.stop))
        yield* progress.reached
        if (args.output === "json") yield* printJson(resource)
      }))
    }).pipe(Effect.mapError(toCliFailure(flags, positional)))).pipe(
      Command.withDescription(
        `Wait until the ${waiter.name.replace(/-[a-z]+$/, "").replace(/-/g, " ")} is ${waiter.success} ` +
          `(polls ${waiter.operation}; exit codes: 0 reached, 1 failure state, 2 timed out, 3 not found)`
      )
    )
}

/** The `wait` command and its subcommands. */
export const waitCommands = <Svc>(api: Api<Svc>) => {
  const [first, ...rest] = api.waiters.map((w) => waitCommand(api, w))
  const wait = Command.make("wait").pipe(
    Command.withDescription(
      "Wait until a resource reaches a state; exit codes: 0 reached, 1 failure state, 2 timed out, 3 not found"
    )
  )
  return first === undefined ? wait : wait.pipe(Command.withSubcommands([first, ...rest]))
}
