/**
 * The emulator's control API over HTTP, as seen from inside workerd: the
 * emulator runs in Node, so the tests steer it with `POST /_emulator/<action>`
 * on the same loopback URL the client calls.
 */
import { env } from "cloudflare:test"

/** Runs a control action and returns its JSON answer; a refused action fails the test. */
export const control = async (action: string, body: Record<string, unknown> = {}): Promise<unknown> => {
  const response = await fetch(`${env.AWS_ENDPOINT_URL}/_emulator/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body)
  })
  const answer: unknown = await response.json()
  if (!response.ok) throw new Error(`emulator control ${action} failed: ${JSON.stringify(answer)}`)
  return answer
}

/** Service calls the emulator received, of one operation or in total. */
export const callCount = async (operation?: string): Promise<number> => {
  const answer = await control("callCount", operation === undefined ? {} : { operation })
  if (typeof answer === "object" && answer !== null && "count" in answer && typeof answer.count === "number") {
    return answer.count
  }
  throw new Error(`unexpected callCount answer: ${JSON.stringify(answer)}`)
}
