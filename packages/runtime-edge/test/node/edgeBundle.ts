/**
 * Bundles an entry point the way Wrangler bundles a Worker (esbuild, neutral
 * platform, the workerd export conditions) and reports every import of a Node
 * built-in that the bundle would need. Run in Node, by the bundle tests.
 */
import * as esbuild from "esbuild"
import { builtinModules } from "node:module"

const builtins = new Set(builtinModules)

/** An import of a Node built-in, and the module that made it. */
export interface BuiltinImport {
  readonly path: string
  readonly importer: string
}

/** The result of bundling for workerd. */
export interface EdgeBundle {
  readonly builtinImports: ReadonlyArray<BuiltinImport>
  /** The files that went into the bundle, relative to the working directory. */
  readonly inputs: ReadonlyArray<string>
  readonly bytes: number
}

/** True for `node:fs`, `fs`, `fs/promises` and the like. */
export const isNodeBuiltin = (path: string): boolean =>
  path.startsWith("node:") || builtins.has(path) || builtins.has(path.split("/")[0] ?? path)

/**
 * Bundles `entry` for workerd. `cloudflare:*` modules are provided by the
 * runtime and stay external; a Node built-in is recorded (and kept external so
 * that every offender is listed, not only the first).
 */
export const bundleForWorkerd = async (entry: string): Promise<EdgeBundle> => {
  const builtinImports: Array<BuiltinImport> = []
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    target: "es2022",
    logLevel: "silent",
    plugins: [{
      name: "node-builtins",
      setup(build) {
        build.onResolve({ filter: /.*/ }, (args) => {
          if (args.path.startsWith("cloudflare:")) return { path: args.path, external: true }
          if (isNodeBuiltin(args.path)) {
            builtinImports.push({ path: args.path, importer: args.importer })
            return { path: args.path, external: true }
          }
          return undefined
        })
      }
    }]
  })
  return {
    builtinImports,
    inputs: Object.keys(result.metafile.inputs),
    bytes: result.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0)
  }
}
