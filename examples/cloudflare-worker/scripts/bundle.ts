/**
 * Bundling the way Wrangler does for workerd (esbuild, ESM, the `workerd`,
 * `worker` and `browser` export conditions, `cloudflare:*` left to the
 * runtime), for the bundle-size script and the bundle tests. Each bundle also
 * lists any Node built-in it would need: a Worker without `nodejs_compat`
 * must need none.
 */
import * as esbuild from "esbuild"
import { builtinModules } from "node:module"
import { resolve } from "node:path"
import { gzipSync } from "node:zlib"

const builtins = new Set(builtinModules)

/** True for `node:fs`, `fs`, `fs/promises` and the like. */
export const isNodeBuiltin = (path: string): boolean =>
  path.startsWith("node:") || builtins.has(path) || builtins.has(path.split("/")[0] ?? path)

/** Where a bundle runs: a Worker (workerd), or a browser (for the official SDK's browser build). */
export type Target = "workerd" | "browser"

/** A bundle, measured. */
export interface Bundle {
  readonly bytes: number
  /** The bundled code itself, to look for what it must not contain. */
  readonly text: string
  /** gzip at level 9. */
  readonly gzipBytes: number
  /** Imports of Node built-ins, with the module that made each. */
  readonly builtinImports: ReadonlyArray<{ readonly path: string; readonly importer: string }>
  /** Bytes each input file contributes to the output, by absolute path. */
  readonly inputs: Readonly<Record<string, number>>
}

/** Bundles `entry` (a file, or `contents` resolved from `resolveDir`) for `target`, minified unless told otherwise. */
export const bundle = async (options: {
  readonly entry: string | { readonly contents: string; readonly resolveDir: string }
  readonly target: Target
  readonly minify?: boolean
}): Promise<Bundle> => {
  const builtinImports: Array<{ readonly path: string; readonly importer: string }> = []
  const entry = options.entry
  const workingDir = process.cwd()
  const result = await esbuild.build({
    ...(typeof entry === "string"
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: entry.resolveDir, loader: "ts", sourcefile: "entry.ts" } }),
    absWorkingDir: workingDir,
    bundle: true,
    write: false,
    metafile: true,
    minify: options.minify ?? true,
    format: "esm",
    target: "es2022",
    ...(options.target === "workerd"
      ? { platform: "neutral", conditions: ["workerd", "worker", "browser"], mainFields: ["browser", "module", "main"] }
      : { platform: "browser" }),
    logLevel: "silent",
    plugins: [{
      name: "runtime-modules",
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
  const output = result.outputFiles[0]
  if (output === undefined) throw new Error("esbuild produced no output")
  const inputs: Record<string, number> = {}
  for (const meta of Object.values(result.metafile.outputs)) {
    for (const [path, input] of Object.entries(meta.inputs)) {
      inputs[resolve(workingDir, path)] = (inputs[resolve(workingDir, path)] ?? 0) + input.bytesInOutput
    }
  }
  return {
    bytes: output.contents.byteLength,
    text: output.text,
    gzipBytes: gzipSync(output.contents, { level: 9 }).byteLength,
    builtinImports,
    inputs
  }
}
