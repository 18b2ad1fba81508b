/**
 * Vitest global setup, run in Node before the workerd tests: starts the
 * emulator on a free loopback port and hands its URL and credentials to the
 * pool (vitest.workerd.config.ts turns them into the Worker's bindings).
 * The server lives until the run ends.
 */
import { Emulator } from "@effect-codestar/emulator"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the emulator. */
    readonly emulatorUrl: string
    readonly emulatorAccessKeyId: string
    readonly emulatorSecretAccessKey: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const scope = Effect.runSync(Scope.make())
  const server = await Effect.runPromise(Scope.extend(Emulator.server({ port: 0 }), scope))
  project.provide("emulatorUrl", server.url)
  project.provide("emulatorAccessKeyId", Emulator.testCredentials.accessKeyId)
  project.provide("emulatorSecretAccessKey", Emulator.testCredentials.secretAccessKey)
  return () => Effect.runPromise(Scope.close(scope, Exit.void))
}
