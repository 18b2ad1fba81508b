/**
 * What an editor shows: the TypeScript language service's hover text for
 * members, inputs, outputs and methods of the generated client, read the way
 * an editor reads it.
 */
import { describe, expect, it } from "@effect/vitest"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const probe = fileURLToPath(new URL("./fixtures/hover-probe.ts", import.meta.url))

const service = () => {
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    types: []
  }
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [probe],
    getScriptVersion: () => "1",
    getScriptSnapshot: (file) => {
      const text = ts.sys.readFile(file)
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text)
    },
    getCurrentDirectory: () => process.cwd(),
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (file) => ts.sys.fileExists(file),
    readFile: (file) => ts.sys.readFile(file),
    readDirectory: (...args) => ts.sys.readDirectory(...args),
    directoryExists: (dir) => ts.sys.directoryExists(dir),
    getDirectories: (dir) => ts.sys.getDirectories(dir)
  }
  const ls = ts.createLanguageService(host)
  const text = ts.sys.readFile(probe) ?? ""
  /** The documentation and tags shown when hovering the last character of `marker`. */
  return (marker: string): string => {
    const at = text.indexOf(marker)
    if (at < 0) throw new Error(`marker ${marker} not in the probe`)
    const info = ls.getQuickInfoAtPosition(probe, at + marker.length - 1)
    const tags = (info?.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`)
    return [ts.displayPartsToString(info?.documentation), ...tags].join("\n")
  }
}

describe("editor hovers on the generated client", () => {
  const hover = service()

  it("show a member's presence and constraints", () => {
    const arn = hover("input.ConnectionArn")
    expect(arn).toContain("Required.")
    expect(arn).toContain("0 to 256 characters")
    const provider = hover("create.ProviderType")
    expect(provider).toContain("Optional. One of `Bitbucket`, `GitHub`")
    const status = hover("output.Connection?.ConnectionStatus")
    expect(status).toContain("may be absent from a response")
    expect(status).toContain("`PENDING`, `AVAILABLE`, `ERROR`")
  }, 60_000)

  it("show what an input, an output and a method are, with the reference link", () => {
    expect(hover("= S.GetConnectionInput")).toContain("The input of `GetConnection`.")
    expect(hover("= S.ListConnectionsOutput")).toContain("The output of `ListConnections`.")
    const method = hover("client.listConnections")
    expect(method).toContain("Modeled errors: `ResourceNotFoundException`.")
    expect(method).toContain("`listConnectionsPages` and `listConnectionsItems`")
    expect(method).toContain(
      "@see https://docs.aws.amazon.com/codestar-connections/latest/APIReference/API_ListConnections.html"
    )
  }, 60_000)
})
