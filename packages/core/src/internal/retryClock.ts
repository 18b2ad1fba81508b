/**
 * Clock-skew correction. SigV4 signatures carry their date and AWS rejects
 * one more than five minutes away from its own clock, so a machine with a
 * wrong clock fails every call. Each response's `Date` header tells the
 * server's time; when it differs from ours (plus the offset we already apply)
 * by more than a minute, the offset is replaced, and later signatures use the
 * corrected time. The header has one-second resolution, so smaller drifts are
 * noise and left alone.
 *
 * One response must not be able to break the client: a `Date` header from a
 * broken proxy or an attacker (the year 275760, say) would otherwise become
 * the offset, every later signature would carry an impossible date, and
 * nothing would be sent that could bring a correcting answer. So only an
 * offset within a day of the local clock is taken; a machine whose clock is
 * further off than that has a fault no header should paper over. Within that
 * bound, a wrong header costs at most failed attempts until the next real
 * response corrects the offset again.
 */

/** Differences below this are not corrected. */
export const skewThresholdMs = 60_000

/** The largest offset taken from a `Date` header: 24 hours either way. */
export const maxSkewMs = 24 * 60 * 60_000

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
    if (!(Math.abs(observed) <= maxSkewMs)) return false
    if (Math.abs(observed - this.offsetMs) < skewThresholdMs) return false
    this.offsetMs = observed
    return true
  }
}
