/**
 * One client per isolate. A Worker isolate serves many requests with the same
 * `env`; building the client once keeps each operation's codecs compiled
 * across requests instead of compiling them again for every request. Building
 * it does no I/O, so sharing it across requests is safe in Workers.
 */
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import type { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { EdgeCodeStarConnections } from "@effect-codestar/runtime-edge"
import type * as ConfigError from "effect/ConfigError"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { Env } from "./env.js"

/** A runtime whose context holds the client; a bad binding fails each run with a typed error. */
export type ClientRuntime = ManagedRuntime.ManagedRuntime<CodeStarConnections, ConfigError.ConfigError | EndpointError>

const runtimes = new WeakMap<Env, ClientRuntime>()

/** The runtime of this isolate's client, built on first use from `env`. */
export const clientRuntime = (env: Env): ClientRuntime => {
  let runtime = runtimes.get(env)
  if (runtime === undefined) {
    runtime = ManagedRuntime.make(EdgeCodeStarConnections.layerFromBindings(env))
    runtimes.set(env, runtime)
  }
  return runtime
}
