/**
 * The generator as a pure function: model text in, files out. The command line
 * in main.ts only reads and writes them.
 */
import * as Schema from "effect/Schema"
import { createHash } from "node:crypto"
import { emitCliFiles, emitServiceFiles } from "./emit.js"
import { buildService, CodegenError } from "./ir.js"
import { Model } from "./smithy.js"

export { CodegenError }

/** What one model generates: core's files (under packages/core/src/generated) and the CLI's command table (under packages/cli/src/generated). */
export interface Generated {
  readonly core: ReadonlyMap<string, string>
  readonly cli: ReadonlyMap<string, string>
}

/** Generates every file for the one service in a Smithy JSON AST model. */
export const generateAll = (fileName: string, modelText: string): Generated => {
  const sha256 = createHash("sha256").update(modelText).digest("hex")
  let json: unknown
  try {
    json = JSON.parse(modelText)
  } catch (e) {
    throw new CodegenError(`${fileName}: not JSON (${e instanceof Error ? e.message : String(e)})`)
  }
  const decoded = Schema.decodeUnknownEither(Model)(json)
  if (decoded._tag === "Left") {
    throw new CodegenError(
      `${fileName}: not a Smithy JSON AST model this generator understands:\n${decoded.left.message}`
    )
  }
  const service = buildService(decoded.right)
  const source = { fileName, sha256 }
  return { core: emitServiceFiles(service, source), cli: emitCliFiles(service, source) }
}

/** Core's files only (see {@link generateAll}). */
export const generate = (fileName: string, modelText: string): ReadonlyMap<string, string> =>
  generateAll(fileName, modelText).core
