/**
 * The `cold-bundled` entry of our client: `stage.ts` bundles it with esbuild
 * into one file, as a Lambda function is usually deployed, and the worker
 * times importing that file, which makes the first call. The stub's URL is
 * the worker's own third argument.
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import * as NodeCodeStarConnections from "@effect-codestar/runtime-node/NodeCodeStarConnections"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { arn, credentials } from "./fixtures.js"

const url = process.argv[4]
if (url === undefined) throw new Error("no stub URL in the arguments")
const runtime = ManagedRuntime.make(NodeCodeStarConnections.layer({ region: "us-east-1", endpoint: url, credentials }))
await runtime.runPromise(Effect.flatMap(CodeStarConnections, (client) => client.getConnection({ ConnectionArn: arn })))
await runtime.dispose()
