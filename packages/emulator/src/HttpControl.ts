/**
 * The emulator's control API over HTTP (`POST /_emulator/<action>` on the
 * loopback server), for whatever runs outside the emulator's process:
 * another Node process, or a Worker under test in workerd. It needs only
 * `fetch`, so it imports nothing from Node.
 *
 * ```ts
 * await HttpControl.control(url, "completeHandshake", { arn: connectionArn })
 * expect(await HttpControl.callCount(url, "GetConnection")).toBe(3)
 * ```
 *
 * @since 0.1.0
 */

/**
 * Runs a control action and returns its JSON answer; an action the emulator refuses throws with its reason.
 *
 * @since 0.1.0
 * @category utils
 */
export const control = async (url: string, action: string, body: unknown = {}): Promise<unknown> => {
  const response = await fetch(`${url}/_emulator/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body)
  })
  const answer: unknown = await response.json()
  if (!response.ok) throw new Error(`emulator control ${action} answered ${response.status}: ${JSON.stringify(answer)}`)
  return answer
}

/**
 * Service calls the emulator received, of one operation or in total.
 *
 * @since 0.1.0
 * @category utils
 */
export const callCount = async (url: string, operation?: string): Promise<number> => {
  const answer = await control(url, "callCount", operation === undefined ? {} : { operation })
  if (typeof answer === "object" && answer !== null && "count" in answer && typeof answer.count === "number") {
    return answer.count
  }
  throw new Error(`unexpected callCount answer: ${JSON.stringify(answer)}`)
}
