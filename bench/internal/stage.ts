/**
 * Prepares what the measured processes run: our packages as a user installs
 * them (their `dist`, with the published `exports`), and the worker and stub
 * compiled to JavaScript, so that every measured process is plain `node`
 * with no transpiler loaded (a transpiler would add its own start-up,
 * memory and source-map work to our side only).
 *
 * Layout, under `bench/.stage/` (ignored by git):
 *
 *   node_modules/@effect-codestar/core/          package.json (published exports) + dist/
 *   node_modules/@effect-codestar/runtime-node/  the same
 *   bin/worker.js, bin/stub-server.js            compiled from bench/internal
 *   bundled/ours.mjs, bundled/sdk.mjs             each client's first call in one esbuild bundle
 *
 * `effect`, `@effect/platform`, `aws4fetch` and the SDK resolve from
 * `bench/node_modules` (one level up), the same single copies for everyone.
 */
import { buildSync } from "esbuild"
import { spawnSync } from "node:child_process"
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const bench = join(here, "..")
const root = join(bench, "..")
export const stageDir = join(bench, ".stage")

const run = (command: string, args: ReadonlyArray<string>, cwd: string): void => {
  const result = spawnSync(command, args, { cwd, stdio: "inherit" })
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status})`)
}

const published = (pkg: string): void => {
  const source = join(root, "packages", pkg)
  const target = join(stageDir, "node_modules", "@effect-codestar", pkg)
  const manifest: unknown = JSON.parse(readFileSync(join(source, "package.json"), "utf8"))
  if (typeof manifest !== "object" || manifest === null) throw new Error(`bad package.json in ${pkg}`)
  const publishConfig: unknown = Reflect.get(manifest, "publishConfig")
  const exports: unknown = typeof publishConfig === "object" && publishConfig !== null
    ? Reflect.get(publishConfig, "exports")
    : undefined
  if (exports === undefined) throw new Error(`no publishConfig.exports in ${pkg}`)
  // The package's own `#` imports, as published (the workspace ones point at `src`).
  const imports: unknown = typeof publishConfig === "object" && publishConfig !== null
    ? Reflect.get(publishConfig, "imports")
    : undefined
  mkdirSync(target, { recursive: true })
  cpSync(join(source, "dist"), join(target, "dist"), { recursive: true })
  writeFileSync(
    join(target, "package.json"),
    JSON.stringify({ ...manifest, exports, ...(imports === undefined ? {} : { imports }) }, null, 2)
  )
}

/** Builds the packages, copies their `dist`, compiles the worker and the stub. Returns the worker and stub paths. */
export const stage = (): { readonly worker: string; readonly stub: string } => {
  run("pnpm", ["--filter", "@effect-codestar/core", "--filter", "@effect-codestar/runtime-node", "build"], root)
  rmSync(stageDir, { recursive: true, force: true })
  published("core")
  published("runtime-node")
  run(join(bench, "node_modules", ".bin", "tsc"), ["-p", join(bench, "tsconfig.stage.json")], bench)
  // The `cold-bundled` entries, each client in one file as esbuild bundles a Lambda function (ESM, not
  // minified). Bundled from the compiled entries in `bin/`, so that ours resolve the staged `dist`. CommonJS
  // dependencies (the SDK's) call `require`, which an ES module has to be given.
  for (const client of ["ours", "sdk"]) {
    buildSync({
      entryPoints: [join(stageDir, "bin", `bundled-${client}.js`)],
      outfile: join(stageDir, "bundled", `${client}.mjs`),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: "warning"
    })
  }
  return { worker: join(stageDir, "bin", "worker.js"), stub: join(stageDir, "bin", "stub-server.js") }
}
