/**
 * pnpm codegen [--model PATH]... [--out DIR] [--cli-out DIR] [--check] [--if-models-exist]
 *
 * Reads the Smithy JSON AST models (by default every *.json model in
 * ../shared/models that is a Smithy model) and writes
 * packages/core/src/generated/ and the command table of the command line,
 * packages/cli/src/generated/. With --check, nothing is written: the command
 * fails when the committed files differ from a fresh run.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { CodegenError, generateAll } from "./generate.js"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")
const defaultModels = resolve(root, "../shared/models")
const defaultOut = resolve(root, "packages/core/src/generated")
const defaultCliOut = resolve(root, "packages/cli/src/generated")

interface Args {
  readonly models: ReadonlyArray<string>
  readonly out: string
  readonly cliOut: string
  readonly check: boolean
  readonly ifModelsExist: boolean
}

const parseArgs = (argv: ReadonlyArray<string>): Args => {
  const models: Array<string> = []
  let out = defaultOut
  let cliOut = defaultCliOut
  let check = false
  let ifModelsExist = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new CodegenError(`${a} needs a value`)
      return resolve(process.cwd(), v)
    }
    if (a === "--model") models.push(value())
    else if (a === "--out") out = value()
    else if (a === "--cli-out") cliOut = value()
    else if (a === "--check") check = true
    else if (a === "--if-models-exist") ifModelsExist = true
    else throw new CodegenError(`unknown argument ${a}`)
  }
  return { models: models.length > 0 ? models : [defaultModels], out, cliOut, check, ifModelsExist }
}

/** A path is a model file, or a folder whose Smithy JSON files (`"smithy"` at the top) are the models. */
const modelFiles = (path: string): Array<string> => {
  if (!path.endsWith(".json")) {
    return readdirSync(path)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => join(path, f))
      .filter((f) => /^\s*\{\s*"smithy"\s*:/.test(readFileSync(f, "utf8").slice(0, 200)))
  }
  return [path]
}

const listFiles = (dir: string): Array<string> =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(dir, join(d.parentPath, d.name)))
      .sort()
    : []

/** The files of one output folder, compared with (or written to) the disk. */
interface Target {
  readonly dir: string
  readonly files: Map<string, string>
}

const check = (target: Target): Array<string> => {
  const problems: Array<string> = []
  const where = ` (in ${relative(process.cwd(), target.dir) || "."})`
  for (const [file, text] of target.files) {
    const path = join(target.dir, file)
    if (!existsSync(path)) problems.push(`missing: ${file}${where}`)
    else if (readFileSync(path, "utf8") !== text) problems.push(`differs: ${file}${where}`)
  }
  for (const file of listFiles(target.dir)) if (!target.files.has(file)) problems.push(`not generated: ${file}${where}`)
  return problems
}

const write = (target: Target): void => {
  for (const file of listFiles(target.dir)) if (!target.files.has(file)) rmSync(join(target.dir, file))
  for (const [file, text] of target.files) {
    mkdirSync(dirname(join(target.dir, file)), { recursive: true })
    writeFileSync(join(target.dir, file), text)
  }
}

const main = (): number => {
  const args = parseArgs(process.argv.slice(2))
  if (args.ifModelsExist && !args.models.every(existsSync)) {
    // Outside CI a checkout without ../shared may still run the tests, but it must say so plainly;
    // in CI a missing model would let stale generated code pass, so it fails.
    const inCi = process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false"
    console.error(`codegen --check SKIPPED: no models at ${args.models.join(", ")}${inCi ? " (fails in CI)" : ""}`)
    return inCi ? 1 : 0
  }
  const core: Target = { dir: args.out, files: new Map() }
  const cli: Target = { dir: args.cliOut, files: new Map() }
  for (const path of args.models.flatMap(modelFiles)) {
    const name = path.split("/").pop() ?? path
    const generated = generateAll(name, readFileSync(path, "utf8"))
    const outputs: ReadonlyArray<readonly [Target, ReadonlyMap<string, string>]> = [[core, generated.core], [
      cli,
      generated.cli
    ]]
    for (const [target, files] of outputs) {
      for (const [file, text] of files) {
        if (target.files.has(file)) throw new CodegenError(`two models generate ${file}`)
        target.files.set(file, text)
      }
    }
  }
  if (core.files.size === 0) throw new CodegenError(`no Smithy models found in ${args.models.join(", ")}`)

  const count = core.files.size + cli.files.size
  if (args.check) {
    const problems = [...check(core), ...check(cli)]
    if (problems.length > 0) {
      console.error(`codegen --check failed; run \`pnpm codegen\` and commit the result:\n  ${problems.join("\n  ")}`)
      return 1
    }
    console.log(`codegen --check: ${count} files up to date`)
    return 0
  }
  write(core)
  write(cli)
  console.log(
    `codegen: wrote ${count} files to ${relative(process.cwd(), core.dir) || "."} and ${
      relative(process.cwd(), cli.dir) || "."
    }`
  )
  return 0
}

try {
  process.exitCode = main()
} catch (e) {
  if (e instanceof CodegenError) {
    console.error(`codegen: ${e.message}`)
    process.exitCode = 2
  } else throw e
}
