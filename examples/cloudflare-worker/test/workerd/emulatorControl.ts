/**
 * The emulator's control API, as seen from inside workerd: the emulator runs
 * in Node, so the tests steer it over HTTP on the loopback URL the client calls.
 */
import * as HttpControl from "@effect-codestar/emulator/HttpControl"
import { env } from "cloudflare:test"

export const control = (action: string, body: Record<string, unknown> = {}) =>
  HttpControl.control(env.AWS_ENDPOINT_URL, action, body)
export const callCount = (operation?: string) => HttpControl.callCount(env.AWS_ENDPOINT_URL, operation)
