/**
 * Clock-skew correction. SigV4 signatures carry their date and AWS rejects
 * one more than five minutes away from its own clock, so a machine with a
 * wrong clock fails every call. Each response's `Date` header tells the
 * server's time; when it differs from ours (plus the offset we already apply)
 * by more than a minute, the offset is replaced, and later signatures use the
 * corrected time. The header has one-second resolution, so smaller drifts are
 * noise and left alone.
 */

/** Differences below this are not corrected. */
export const skewThresholdMs = 60_000

export class ClockSkew {
  /** Added to the local clock to get the server's. */
  offsetMs = 0

  /**
   * Reads a response's `Date` header, taken at local time `localMs`. Returns
   * `true` when the offset changed: a signature rejected for its date is
   * then worth another attempt.
   */
  observe(dateHeader: string | undefined, localMs: number): boolean {
    if (dateHeader === undefined) return false
    const serverMs = Date.parse(dateHeader)
    if (Number.isNaN(serverMs)) return false
    const observed = serverMs - localMs
    if (Math.abs(observed - this.offsetMs) < skewThresholdMs) return false
    this.offsetMs = observed
    return true
  }
}
