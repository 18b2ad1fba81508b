/**
 * Runs workflows on the in-memory engine under TestClock: the test forks an
 * execution and moves the clock on a second at a time, letting the fake's
 * in-memory responses (which resolve through promises) settle in between.
 */
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as CodeConnectionsWorkflows from "../src/CodeConnectionsWorkflows.js"
import * as CodeStarConnectionsWorkflows from "../src/CodeStarConnectionsWorkflows.js"
import { clientLayers, type FakeService } from "./support.js"

/** Lets pending promise callbacks (response bodies) run. */
const settle = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 0))).pipe(Effect.repeatN(2))

/** Moves the clock a step at a time until `done` holds, at most `max` steps. */
export const advanceUntil = (done: () => boolean, step: Duration.DurationInput = Duration.seconds(1), max = 20_000) =>
  Effect.gen(function*() {
    for (let i = 0; i < max; i++) {
      yield* settle
      if (done()) return true
      yield* TestClock.adjust(step)
    }
    return done()
  })

/** Moves the clock until the fiber is done, then joins it. */
export const finish = <A, E>(fiber: Fiber.RuntimeFiber<A, E>, step: Duration.DurationInput = Duration.seconds(1)) =>
  Effect.zipRight(advanceUntil(() => fiber.unsafePoll() !== null, step), Fiber.join(fiber))

/**
 * The in-memory engine with the workflows of both services registered, each
 * over its client and the fake. The engine stays in the output, for `execute`.
 */
export const engineWith = (fake: FakeService) => {
  const clients = clientLayers(fake)
  return Layer.mergeAll(
    CodeStarConnectionsWorkflows.layer.pipe(Layer.provide(clients.codestar)),
    CodeConnectionsWorkflows.layer.pipe(Layer.provide(clients.codeconnections))
  ).pipe(Layer.provideMerge(WorkflowEngine.layerMemory))
}
