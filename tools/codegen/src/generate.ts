/**
 * The generator as a pure function: model text in, files out. The command line
 * in main.ts only reads and writes them.
 */
import { createHash } from "node:crypto"
import * as Schema from "effect/Schema"
import { emitServiceFiles } from "./emit.js"
import { buildService, CodegenError } from "./ir.js"
import { Model } from "./smithy.js"

export { CodegenError }

/** Generates every file for the one service in a Smithy JSON AST model. */
export const generate = (fileName: string, modelText: string): ReadonlyMap<string, string> => {
  const sha256 = createHash("sha256").update(modelText).digest("hex")
  let json: unknown
  try {
    json = JSON.parse(modelText)
  } catch (e) {
    throw new CodegenError(`${fileName}: not JSON (${e instanceof Error ? e.message : String(e)})`)
  }
  const decoded = Schema.decodeUnknownEither(Model)(json)
  if (decoded._tag === "Left") {
    throw new CodegenError(`${fileName}: not a Smithy JSON AST model this generator understands:\n${decoded.left.message}`)
  }
  return emitServiceFiles(buildService(decoded.right), { fileName, sha256 })
}
