/**
 * Installs the packed packages the way npm would, outside the workspace, so
 * that the tests run the bins as a user gets them: `pnpm pack` (which applies
 * `publishConfig`, so `exports` and `bin` point at dist/ and `workspace:^`
 * becomes a version), each tarball unpacked into a flat `node_modules`, and
 * the third-party dependencies linked from the workspace's own install (the
 * registry is not needed, and the versions are the lockfile's). The bins then
 * run with plain `node`: no tsx, no TypeScript sources.
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")

/** The workspace packages the bins need, by folder. */
const ours = ["core", "runtime-node", "emulator", "cli"]

export interface Installed {
  readonly dir: string
  /** `node_modules/@effect-codestar/cli/dist/bin.js` and the others, as the package.json `bin` fields name them. */
  readonly bins: { readonly codestarConnections: string; readonly codeconnections: string; readonly emulator: string }
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"))

const record = (u: unknown): Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u) ? Object.fromEntries(Object.entries(u)) : {}

const binPath = (dir: string, pkg: string, name: string): string => {
  const manifest = record(readJson(join(dir, "node_modules/@effect-codestar", pkg, "package.json")))
  const target = record(manifest["bin"])[name]
  if (typeof target !== "string") {
    throw new Error(`@effect-codestar/${pkg} has no bin ${name} in its packed package.json`)
  }
  return join(dir, "node_modules/@effect-codestar", pkg, target)
}

export const install = (): Installed => {
  for (const pkg of ours) {
    if (!existsSync(join(packagesDir, pkg, "dist"))) {
      throw new Error(`packages/${pkg}/dist is missing: build first (pnpm --filter @effect-codestar/cli... build)`)
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "effect-codestar-cli-"))
  const packs = join(dir, "packs")
  const modules = join(dir, "node_modules")
  mkdirSync(join(modules, "@effect-codestar"), { recursive: true })
  const linked = new Set<string>()
  for (const pkg of ours) {
    const source = join(packagesDir, pkg)
    const out = execFileSync("pnpm", ["pack", "--pack-destination", packs], { cwd: source, encoding: "utf8" })
    const tarball = out.trim().split("\n").map((l) => l.trim()).filter((l) => l.endsWith(".tgz")).pop()
    if (tarball === undefined) throw new Error(`pnpm pack printed no tarball for ${pkg}:\n${out}`)
    const target = join(modules, "@effect-codestar", pkg)
    mkdirSync(target, { recursive: true })
    execFileSync("tar", ["xzf", tarball, "-C", target, "--strip-components=1"])
    const manifest = record(readJson(join(target, "package.json")))
    const deps = [
      ...Object.keys(record(manifest["dependencies"])),
      ...Object.keys(record(manifest["peerDependencies"]))
    ]
    for (const dep of deps) {
      if (dep.startsWith("@effect-codestar/") || linked.has(dep)) continue
      const from = join(source, "node_modules", dep)
      // A peer the package does not install itself comes from the cli's install, as npm would hoist it.
      const found = existsSync(from) ? from : join(packagesDir, "cli/node_modules", dep)
      if (!existsSync(found)) continue
      mkdirSync(dirname(join(modules, dep)), { recursive: true })
      symlinkSync(realpathSync(found), join(modules, dep), "dir")
      linked.add(dep)
    }
  }
  rmSync(packs, { recursive: true, force: true })
  return {
    dir,
    bins: {
      codestarConnections: binPath(dir, "cli", "codestar-connections"),
      codeconnections: binPath(dir, "cli", "codeconnections"),
      emulator: binPath(dir, "emulator", "codestar-emulator")
    }
  }
}
