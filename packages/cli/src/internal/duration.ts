/**
 * Durations as people type them on a command line: `90` (seconds), `500ms`,
 * `5s`, `2m`, `1h30m`, and Effect's own forms (`"10 seconds"`).
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"

const units: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** The duration a string means, or `undefined` when it means none. */
export const parseDuration = (text: string): Duration.Duration | undefined => {
  const value = text.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Duration.seconds(Number(value))
  if (/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(value)) {
    let millis = 0
    for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
      millis += Number(amount) * (units[unit ?? "s"] ?? 1000)
    }
    return Duration.millis(millis)
  }
  return Option.getOrUndefined(Duration.decodeUnknown(value))
}

/** `75_000` ms becomes `1m15s`: short enough for a live progress line. */
export const formatDuration = (duration: Duration.Duration): string => {
  const total = Math.max(0, Math.round(Duration.toMillis(duration) / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`
  if (m > 0) return `${m}m${String(s).padStart(2, "0")}s`
  return `${s}s`
}
