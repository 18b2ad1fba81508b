/**
 * The consumer test: the packages as a user meets them. It builds and packs
 * every publishable package, installs the tarballs with npm into fresh
 * projects outside the workspace (peers from the registry), and then
 *
 * - checks each tarball: every published export resolves to a file in `dist`,
 *   and nothing the user loads comes from `src`;
 * - type-checks a Node program with the user's compiler flags, under
 *   `nodenext` and `bundler` resolution, and reports the files and time;
 * - runs the compiled program with plain `node` against the emulator started
 *   from the packed `bin`, and checks what it prints;
 * - counts what each install brings, and fails if the Node runtime brings a
 *   cluster, SQL or native package;
 * - bundles a Worker from the tarballs for workerd (no `nodejs_compat`), which
 *   fails on any Node built-in;
 * - checks that npm refuses Effect 4 next to our packages.
 *
 *   pnpm --filter @effect-codestar/consumer-test test [--keep]
 */
import * as esbuild from "esbuild"
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"

const here = fileURLToPath(new URL(".", import.meta.url))
const root = join(here, "..", "..", "..")
const fixtures = join(here, "..", "fixtures")
const require = createRequire(import.meta.url)
const tsc = require.resolve("typescript/bin/tsc")
const keep = process.argv.includes("--keep")

/** The versions of the peers a user installs: the ones the workspace is tested with. */
const workspaceVersion = (name: string): string => {
  const manifest: unknown = JSON.parse(readFileSync(join(root, "packages", "core", "package.json"), "utf8"))
  const version = lookup(manifest, "devDependencies", name)
  if (typeof version !== "string") throw new Error(`no devDependency ${name} in packages/core`)
  return version
}

const lookup = (value: unknown, ...path: ReadonlyArray<string>): unknown =>
  path.reduce<unknown>(
    (at, key) => (typeof at === "object" && at !== null && key in at ? Reflect.get(at, key) : undefined),
    value
  )

let failures = 0
const check = (ok: boolean, what: string, detail = ""): void => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${detail === "" ? "" : `: ${detail}`}`)
  if (!ok) failures++
}

/**
 * The environment of a user's shell: without what pnpm sets for its own scripts
 * (npm would warn about pnpm-only settings), keeping a registry or cache the
 * machine was given.
 */
const userEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) =>
    !/^npm_(config|package|lifecycle|node|execpath)/i.test(key) || /^npm_config_(registry|cache)$/i.test(key)
  )
)

const run = (command: string, args: ReadonlyArray<string>, cwd: string, env: NodeJS.ProcessEnv = userEnv) => {
  const started = performance.now()
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  return {
    status: result.status,
    output: `${result.stdout ?? ""}${result.stderr ?? ""}`,
    ms: Math.round(performance.now() - started)
  }
}

const mustRun = (command: string, args: ReadonlyArray<string>, cwd: string) => {
  const result = run(command, args, cwd)
  if (result.status !== 0) {
    console.error(result.output)
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}`)
  }
  return result
}

// --- Build and pack ---------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), "effect-codestar-consumer-"))
const tarballs = join(work, "tarballs")
mkdirSync(tarballs)
console.log(`working in ${work}`)
mustRun("pnpm", ["build"], root)
mustRun("pnpm", ["-r", "--filter", "./packages/*", "pack", "--pack-destination", tarballs], root)
const tarball = (name: string): string => {
  const file = readdirSync(tarballs).find((f) => f.startsWith(`effect-codestar-${name}-`) && f.endsWith(".tgz"))
  if (file === undefined) throw new Error(`no tarball for ${name}`)
  return join(tarballs, file)
}
const packages = [
  "core",
  "runtime-node",
  "runtime-edge",
  "workflow",
  "workflow-sqlite",
  "workflow-pg",
  "emulator",
  "cli"
] as const

// Every published export must point at files in dist that the tarball holds.
for (const name of packages) {
  const listing = run("tar", ["-tzf", tarball(name)], work).output.split("\n").map((l) => l.replace(/^package\//, ""))
  const manifest: unknown = JSON.parse(run("tar", ["-xzf", tarball(name), "-O", "package/package.json"], work).output)
  const exportsMap = lookup(manifest, "exports")
  const targets: Array<string> = []
  if (typeof exportsMap === "object" && exportsMap !== null) {
    for (const entry of Object.values(exportsMap)) {
      if (entry === null) continue
      for (const condition of ["types", "default"]) {
        const target = lookup(entry, condition)
        targets.push(typeof target === "string" ? target.replace(/^\.\//, "") : `<no ${condition}>`)
      }
    }
  }
  const missing = targets.filter((t) => !t.startsWith("dist/") || !listing.includes(t))
  check(
    targets.length > 0 && missing.length === 0,
    `${name}: every export resolves types and default to dist`,
    missing.join(", ")
  )
  const required = ["LICENSE", "README.md", "package.json"]
  check(required.every((f) => listing.includes(f)), `${name}: tarball has ${required.join(", ")}`)
  check(!listing.some((f) => /(^|\/)test\/|tsconfig|vitest/.test(f)), `${name}: tarball has no tests or tsconfigs`)
  check(
    lookup(manifest, "sideEffects") === false && typeof lookup(manifest, "engines", "node") === "string" &&
      lookup(manifest, "license") === "MIT",
    `${name}: sideEffects false, engines, license`
  )
  for (const peer of ["effect", "@effect/platform"]) {
    const range = lookup(manifest, "peerDependencies", peer)
    if (range !== undefined) {
      check(
        range === (peer === "effect" ? "^3.22.4" : "^0.97.2"),
        `${name}: peer ${peer} accepts the Effect 3 line only`,
        String(range)
      )
    }
  }
}
const cliBins = lookup(
  JSON.parse(run("tar", ["-xzf", tarball("cli"), "-O", "package/package.json"], work).output),
  "bin"
)
check(
  lookup(cliBins, "codestar-connections") === "./dist/bin.js" &&
    lookup(cliBins, "codeconnections") === "./dist/bin-codeconnections.js",
  "cli: bins codestar-connections and codeconnections -> dist",
  JSON.stringify(cliBins)
)
const emulatorBin = lookup(
  JSON.parse(run("tar", ["-xzf", tarball("emulator"), "-O", "package/package.json"], work).output),
  "bin",
  "codestar-emulator"
)
check(emulatorBin === "./dist/bin.js", "emulator: bin codestar-emulator -> dist/bin.js", String(emulatorBin))

// --- Installs ---------------------------------------------------------------

const project = (name: string, dependencies: Record<string, string>, devDependencies: Record<string, string> = {}) => {
  const dir = join(work, name)
  mkdirSync(dir)
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name, private: true, type: "module", dependencies, devDependencies }, null, 2)
  )
  return dir
}

const effect = workspaceVersion("effect")
const platform = workspaceVersion("@effect/platform")
const typesNode = "20.19.43"

/** npm install; counts the packages of the production tree. */
const install = (dir: string, extra: ReadonlyArray<string> = []) => {
  const result = mustRun("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...extra], dir)
  const tree = run("npm", ["ls", "--all", "--omit=dev", "--parseable"], dir).output.split("\n").filter((l) =>
    l.includes("node_modules")
  )
  const names = [...new Set(tree.map((p) => relative(join(dir, "node_modules"), p)))]
  return { names, ms: result.ms }
}

const nativeOrHeavy = (names: ReadonlyArray<string>) =>
  names.filter((n) => /(^|\/)(@effect\/(cluster|sql|sql-.*|rpc|experimental|platform-node)|better-sqlite3)$/.test(n))

// What every Effect user installs anyway: the baseline our packages add to.
const baseline = install(project("baseline", { effect, "@effect/platform": platform }))
const added = (names: ReadonlyArray<string>) => names.filter((n) => !baseline.names.includes(n))
console.log(`     effect + @effect/platform alone: ${baseline.names.length} packages`)

// The Node user: core + runtime-node, the emulator as a dev tool.
const nodeApp = project("node-app", {
  "@effect-codestar/core": tarball("core"),
  "@effect-codestar/runtime-node": tarball("runtime-node"),
  effect,
  "@effect/platform": platform
}, {
  "@effect-codestar/emulator": tarball("emulator"),
  "@types/node": typesNode
})
const nodeInstall = install(nodeApp)
const nodeAdded = added(nodeInstall.names)
check(
  nativeOrHeavy(nodeAdded).length === 0,
  "runtime-node adds no cluster, SQL or RPC package",
  nativeOrHeavy(nodeAdded).join(", ")
)
const native = nodeAdded.filter((n) =>
  ["binding.gyp", "prebuilds"].some((f) => existsSync(join(nodeApp, "node_modules", n, f)))
)
check(native.length === 0, "runtime-node adds no native module", native.join(", "))
console.log(
  `     node install: ${nodeInstall.names.length} packages, ${nodeAdded.length} beyond effect + @effect/platform (core, runtime-node and ${
    nodeAdded.length - 2
  } of theirs)`
)

// npm must refuse Effect 4 next to our packages.
const effect4 = run("npm", ["install", "--dry-run", "--no-audit", "--no-fund", "effect@4"], nodeApp)
const conflict = effect4.output.split("\n").find((l) => l.startsWith("npm error peer effect@")) ?? ""
check(
  effect4.status !== 0 && effect4.output.includes("npm error code ERESOLVE"),
  "npm refuses effect@4 next to our packages",
  conflict.replace("npm error ", "")
)

// The Worker user: core + runtime-edge.
const workerApp = project("worker-app", {
  "@effect-codestar/core": tarball("core"),
  "@effect-codestar/runtime-edge": tarball("runtime-edge"),
  effect,
  "@effect/platform": platform
})
const workerInstall = install(workerApp)
console.log(
  `     worker install: ${workerInstall.names.length} packages, ${
    added(workerInstall.names).length
  } beyond effect + @effect/platform`
)

// A pipeline step: the command line, as `npm install @effect-codestar/cli` gives it (core and runtime-node come with it).
const pipelineApp = project("pipeline", {
  "@effect-codestar/cli": tarball("cli"),
  "@effect-codestar/core": tarball("core"),
  "@effect-codestar/runtime-node": tarball("runtime-node"),
  effect,
  "@effect/platform": platform
}, { "@effect-codestar/emulator": tarball("emulator") })
const pipelineInstall = install(pipelineApp)
console.log(
  `     cli install: ${pipelineInstall.names.length} packages, ${
    added(pipelineInstall.names).length
  } beyond effect + @effect/platform`
)

// The durable workflow user, with both engines; install scripts are skipped (better-sqlite3 would compile): types only.
const workflowApp = project("workflow-app", {
  "@effect-codestar/core": tarball("core"),
  "@effect-codestar/runtime-node": tarball("runtime-node"),
  "@effect-codestar/workflow": tarball("workflow"),
  "@effect-codestar/workflow-sqlite": tarball("workflow-sqlite"),
  "@effect-codestar/workflow-pg": tarball("workflow-pg"),
  effect,
  "@effect/platform": platform,
  "@effect/workflow": workspaceVersionOf("workflow", "@effect/workflow")
}, { "@types/node": typesNode })
const workflowInstall = install(workflowApp, ["--ignore-scripts"])
console.log(
  `     workflow install (SQLite and PostgreSQL engines): ${workflowInstall.names.length} packages, ${
    added(workflowInstall.names).length
  } beyond effect + @effect/platform`
)

function workspaceVersionOf(pkg: string, name: string): string {
  const manifest: unknown = JSON.parse(readFileSync(join(root, "packages", pkg, "package.json"), "utf8"))
  const version = lookup(manifest, "devDependencies", name)
  if (typeof version !== "string") throw new Error(`no devDependency ${name} in packages/${pkg}`)
  return version
}

// --- Type-check with the user's flags ----------------------------------------

const userFlags = [
  { name: "strict false", options: { strict: false } },
  { name: "strict, exactOptionalPropertyTypes", options: { strict: true, exactOptionalPropertyTypes: true } }
] as const
const resolutions = [
  { name: "nodenext", options: { module: "nodenext", moduleResolution: "nodenext" } },
  { name: "bundler", options: { module: "esnext", moduleResolution: "bundler" } }
] as const

type Combination = readonly [(typeof resolutions)[number], (typeof userFlags)[number]]

/** tsc with the user's flags; asserts success and that only declaration files come from node_modules. */
const typecheck = (dir: string, files: ReadonlyArray<string>, label: string, [resolution, flags]: Combination) => {
  const name = `tsconfig.${resolution.name}.${flags.name.replace(/\W+/g, "-")}.json`
  const compilerOptions = {
    target: "ES2020",
    lib: ["ES2022", "DOM"],
    types: ["node"],
    skipLibCheck: false,
    noEmit: true,
    ...resolution.options,
    ...flags.options
  }
  writeFileSync(join(dir, name), JSON.stringify({ compilerOptions, files }, null, 2))
  const result = run("node", [tsc, "-p", name, "--extendedDiagnostics", "--listFiles"], dir)
  const loaded = result.output.split("\n").filter((l) => l.startsWith("/"))
  const notDeclarations = loaded.filter((f) => f.includes("/node_modules/") && !/\.d\.[cm]?ts$/.test(f))
  const total = /Total time:\s+([\d.]+)s/.exec(result.output)?.[1]
  const errors = result.output.split("\n").filter((l) => l.includes("error")).slice(0, 10).join("\n")
  const setting = `${resolution.name}, ${flags.name}, target ES2020, skipLibCheck false`
  check(
    result.status === 0,
    `${label}: tsc (${setting})`,
    result.status === 0 ? `${loaded.length} files, ${total}s` : errors
  )
  check(
    notDeclarations.length === 0,
    `${label}: only .d.ts files loaded from node_modules (${setting})`,
    notDeclarations.slice(0, 3).join(", ")
  )
}

cpSync(join(fixtures, "node-app", "main.ts"), join(nodeApp, "main.ts"))
for (const resolution of resolutions) {
  for (const flags of userFlags) typecheck(nodeApp, ["main.ts"], "node app", [resolution, flags])
}
cpSync(join(fixtures, "node-app", "workflows.ts"), join(workflowApp, "workflows.ts"))
typecheck(workflowApp, ["workflows.ts"], "workflow app", [resolutions[0], userFlags[1]])

// --- Compile and run with plain node against the packed emulator bin ----------

// Compiled as most projects are set up (skipLibCheck on), which is also the time to quote.
writeFileSync(
  join(nodeApp, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: {
      target: "ES2020",
      module: "nodenext",
      moduleResolution: "nodenext",
      types: ["node"],
      strict: true,
      skipLibCheck: true,
      outDir: "dist"
    },
    files: ["main.ts"]
  })
)
const compiled = mustRun("node", [tsc, "-p", "tsconfig.json", "--extendedDiagnostics"], nodeApp)
console.log(
  `     node app compile (skipLibCheck true): ${/Files:\s+(\d+)/.exec(compiled.output)?.[1]} files, ${
    /Total time:\s+([\d.]+)s/.exec(compiled.output)?.[1]
  }s`
)

const startEmulator = (
  dir: string,
  flags: ReadonlyArray<string>
): Promise<{ readonly url: string; readonly child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const bin = join(dir, "node_modules", ".bin", "codestar-emulator")
    if (!existsSync(bin)) return reject(new Error("the emulator bin is not installed"))
    const child = spawn(bin, ["--port", "0", ...flags], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const timer = setTimeout(() => reject(new Error(`the emulator printed no URL in 20 s: ${output}`)), 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8")
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      if (url !== undefined) {
        clearTimeout(timer)
        resolve({ url, child })
      }
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.on("exit", (code) => reject(new Error(`the emulator exited (${code}): ${output}`)))
  })

const emulator = await startEmulator(nodeApp, ["--handshake-after", "1s"])
try {
  const env: NodeJS.ProcessEnv = {
    ...userEnv,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: "AKIDEMULATOR",
    AWS_SECRET_ACCESS_KEY: "emulator-secret",
    AWS_CONFIG_FILE: join(work, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(work, "no-credentials")
  }
  delete env["NODE_OPTIONS"]
  delete env["AWS_PROFILE"]
  const result = run("node", ["dist/main.js"], nodeApp, env)
  const lines = result.output.trim().split("\n")
  check(result.status === 0, "node dist/main.js exits 0", result.status === 0 ? `${result.ms} ms` : result.output)
  const expected = [
    /^created arn:aws:codestar-connections:us-east-1:\d{12}:connection\/[\w-]+$/,
    /^status AVAILABLE$/,
    /^listed consumer-app$/,
    /^after delete gone$/,
    /^empty arn InvalidInput$/,
    /^done$/
  ]
  check(
    lines.length === expected.length && expected.every((re, i) => re.test(lines[i] ?? "")),
    "the program prints what it should",
    lines.join(" | ")
  )
} finally {
  emulator.child.kill("SIGTERM")
}

// --- The command line in a pipeline step ------------------------------------------

const pipelineEmulator = await startEmulator(pipelineApp, ["--handshake-after", "2s", "--accept-any-credentials"])
try {
  const env: NodeJS.ProcessEnv = {
    ...userEnv,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_CONFIG_FILE: join(work, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(work, "no-credentials")
  }
  delete env["AWS_PROFILE"]
  const cli = (...args: ReadonlyArray<string>) =>
    run(
      join(pipelineApp, "node_modules", ".bin", "codestar-connections"),
      [...args, "--endpoint-url", pipelineEmulator.url],
      pipelineApp,
      env
    )
  const created = cli("create-connection", "--connection-name", "pipeline", "--provider-type", "GitHub")
  const arn = lookup(JSON.parse(created.status === 0 ? created.output : "{}"), "ConnectionArn")
  check(
    created.status === 0 && typeof arn === "string",
    "codestar-connections create-connection prints the new ARN as JSON",
    created.status === 0 ? "" : created.output
  )
  const waited = cli("wait", "connection-available", String(arn), "--timeout", "30s", "--min-delay", "500ms")
  check(
    waited.status === 0 && /AVAILABLE after/.test(waited.output),
    "codestar-connections wait connection-available exits 0 once AVAILABLE",
    waited.output.trim().split("\n").at(-1) ?? ""
  )
  const missing = cli(
    "wait",
    "connection-available",
    String(arn).replace(/[0-9a-f]{8}-/, "00000000-"),
    "--timeout",
    "10s"
  )
  check(
    missing.status === 3,
    "codestar-connections wait on a missing connection exits 3",
    `${missing.status}: ${missing.output.trim()}`
  )
} finally {
  pipelineEmulator.child.kill("SIGTERM")
}

// --- A Worker bundle from the tarballs ----------------------------------------

cpSync(join(fixtures, "worker", "worker.ts"), join(workerApp, "worker.ts"))
cpSync(join(fixtures, "worker", "one-operation-worker.ts"), join(workerApp, "one-operation-worker.ts"))
/** A Worker bundled from the tarballs as Wrangler would: esbuild, for workerd, minified. */
const bundleWorker = (entry: string) =>
  esbuild.build({
    absWorkingDir: workerApp,
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent"
  }).then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) })
  )
const bundle = await bundleWorker("worker.ts")
if (bundle.ok) {
  const text = bundle.result.outputFiles.map((f) => f.text).join("")
  const nodeImports = Object.values(bundle.result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path))
  check(
    nodeImports.length === 0 && !/\bfrom\s*["']node:|require\(["']node:/.test(text),
    "the Worker bundle has no node: import",
    nodeImports.join(", ")
  )
  console.log(`     worker bundle: ${Math.round(text.length / 1024)} KiB minified`)
} else {
  check(false, "the Worker bundles from the tarballs for workerd", bundle.error)
}

// The per-operation entry from the tarballs: the other operations are dropped, whatever the dist's layout.
const oneOperation = await bundleWorker("one-operation-worker.ts")
if (oneOperation.ok) {
  const text = oneOperation.result.outputFiles.map((f) => f.text).join("")
  const others = ["CreateConnection", "CreateHost", "ListConnections", "DeleteConnection", "UpdateSyncBlocker"]
  check(
    text.includes("CodeStar_connections_20191201.GetConnection") &&
      others.every((name) => !text.includes(`CodeStar_connections_20191201.${name}`)),
    "a per-operation Worker from the tarballs carries GetConnection and none of the other operations",
    others.filter((name) => text.includes(`CodeStar_connections_20191201.${name}`)).join(", ")
  )
  console.log(`     per-operation worker bundle: ${Math.round(text.length / 1024)} KiB minified`)
} else {
  check(false, "the per-operation Worker bundles from the tarballs for workerd", oneOperation.error)
}

if (!keep) rmSync(work, { recursive: true, force: true })
console.log(failures === 0 ? "consumer test passed" : `consumer test: ${failures} failure(s)`)
process.exitCode = failures === 0 ? 0 : 1
