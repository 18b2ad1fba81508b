/**
 * What a waiting command shows, on stderr so that stdout stays for
 * `--output json`:
 *
 * - on a terminal, one live line, rewritten in place every second: the
 *   status, the time waited and when the next poll comes;
 * - elsewhere (CI logs), one line per change of status, then a final line:
 *   a log that grows by a line per poll is noise in a job of twenty minutes;
 * - with `--quiet`, nothing (failures still get their one-line reason).
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import { formatDuration } from "./duration.js"

/** Where lines go; `isTerminal` decides between the live line and plain lines. */
export interface Sink {
  readonly write: (text: string) => void
  readonly isTerminal: boolean
  /** Columns of the terminal, to keep the live line on one row. */
  readonly columns: number | undefined
}

/** The standard error stream of this process. */
export const stderrSink: Sink = {
  write: (text) => {
    process.stderr.write(text)
  },
  get isTerminal() {
    return process.stderr.isTTY === true
  },
  get columns() {
    return process.stderr.isTTY === true ? process.stderr.columns : undefined
  }
}

/** The display of one wait. */
export interface Progress {
  readonly poll: (status: string | undefined, poll: number) => Effect.Effect<void>
  readonly nextPollIn: (delay: Duration.Duration) => Effect.Effect<void>
  /** The final line on success, with the status last seen. */
  readonly reached: Effect.Effect<void>
  /** Clears the live line, before a failure's reason is printed. */
  readonly stop: Effect.Effect<void>
}

interface State {
  readonly status: string | undefined
  readonly polls: number
  readonly nextPollAt: number | undefined
}

const quiet: Progress = {
  poll: () => Effect.void,
  nextPollIn: () => Effect.void,
  reached: Effect.void,
  stop: Effect.void
}

/** A display for `label` on `sink`; the live line's ticker lives as long as the scope. */
export const make = (
  label: string,
  sink: Sink,
  options: { readonly quiet: boolean; readonly success: string }
): Effect.Effect<Progress, never, Scope.Scope> =>
  Effect.gen(function*() {
    if (options.quiet) return quiet
    const started = yield* Clock.currentTimeMillis
    const state = yield* Ref.make<State>({ status: undefined, polls: 0, nextPollAt: undefined })
    const waited = (now: number) => formatDuration(Duration.millis(now - started))
    const finalLine = (status: string | undefined, now: number, polls: number) =>
      `${label}: ${status ?? "reached"} after ${waited(now)} (${polls} poll${polls === 1 ? "" : "s"})\n`

    if (!sink.isTerminal) {
      return {
        poll: (status, poll) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Ref.modify(state, (s) => [
              (s.status !== status || s.polls === 0) && status !== options.success,
              { ...s, status, polls: poll }
            ]).pipe(
              Effect.flatMap((changed) =>
                changed
                  ? Effect.sync(() => sink.write(`${label}: ${status ?? "(no status)"} (waited ${waited(now)})\n`))
                  : Effect.void
              )
            )),
        nextPollIn: () => Effect.void,
        reached: Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.flatMap(Ref.get(state), (s) => Effect.sync(() => sink.write(finalLine(s.status, now, s.polls))))),
        stop: Effect.void
      }
    }

    let shown = false
    let stopped = false
    const render = Effect.gen(function*() {
      if (stopped) {
        return
      }
      const now = yield* Clock.currentTimeMillis
      const s = yield* Ref.get(state)
      const next = s.nextPollAt === undefined
        ? "polling"
        : `next poll in ${formatDuration(Duration.millis(Math.max(0, s.nextPollAt - now)))}`
      const line = `${label}: ${s.status ?? "…"} · waited ${waited(now)} · ${next}`
      const width = sink.columns
      const fitted = width !== undefined && width > 1 && line.length >= width ? `${line.slice(0, width - 2)}…` : line
      shown = true
      sink.write(`\r\x1b[2K${fitted}`)
    })
    const clear = Effect.sync(() => {
      stopped = true
      if (shown) {
        sink.write("\r\x1b[2K")
      }
      shown = false
    })
    yield* Effect.forkScoped(Effect.forever(Effect.zipRight(render, Effect.sleep("1 second"))))
    yield* Effect.addFinalizer(() =>
      clear
    )
    return {
      // The success status is shown by the final line, not as one more live update.
      poll: (status, poll) =>
        Effect.zipRight(
          Ref.update(state, (s) => ({ ...s, status, polls: poll, nextPollAt: undefined })),
          status === options.success ? Effect.void : render
        ),
      nextPollIn: (delay) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.zipRight(Ref.update(state, (s) => ({ ...s, nextPollAt: now + Duration.toMillis(delay) })), render)),
      reached: Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const s = yield* Ref.get(state)
        yield* clear
        sink.write(finalLine(s.status, now, s.polls))
      }),
      stop: clear
    }
  })
