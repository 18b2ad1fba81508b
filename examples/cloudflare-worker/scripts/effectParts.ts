/**
 * "Effect itself", for measuring what our packages add to a Worker: the
 * exports of `effect` and `@effect/platform` that a bundle's own source files
 * actually use. Read from the sources with the TypeScript parser (value uses
 * only: `Schema.Struct(...)`, `import { pipe }`; types are erased anyway), and
 * turned into an entry that keeps exactly those exports, and so exactly the
 * Effect code they reach.
 */
import { readFileSync } from "node:fs"
import ts from "typescript"

const isEffectModule = (specifier: string): boolean =>
  specifier === "effect" || specifier.startsWith("effect/") || specifier.startsWith("@effect/platform")

/** Each Effect module the files use, with the exports they use from it. */
export const usedEffectExports = (files: ReadonlyArray<string>): ReadonlyMap<string, ReadonlySet<string>> => {
  const used = new Map<string, Set<string>>()
  const add = (module: string, name: string) => {
    const names = used.get(module) ?? new Set<string>()
    names.add(name)
    used.set(module, names)
  }
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true)
    const namespaces = new Map<string, string>()
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue
      const module = statement.moduleSpecifier.text
      const clause = statement.importClause
      if (!isEffectModule(module) || clause === undefined || clause.isTypeOnly) continue
      const bindings = clause.namedBindings
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) namespaces.set(bindings.name.text, module)
      if (bindings !== undefined && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (!element.isTypeOnly) add(module, (element.propertyName ?? element.name).text)
        }
      }
    }
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
        const module = namespaces.get(node.expression.text)
        if (module !== undefined) add(module, node.name.text)
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return used
}

/** An entry module that keeps every used export alive and nothing else. */
export const entryKeeping = (used: ReadonlyMap<string, ReadonlySet<string>>): string => {
  const lines: Array<string> = []
  const kept: Array<string> = []
  let i = 0
  for (const [module, names] of [...used].sort(([a], [b]) => a.localeCompare(b))) {
    const alias = `m${i++}`
    lines.push(`import * as ${alias} from ${JSON.stringify(module)}`)
    for (const name of [...names].sort()) kept.push(`${alias}.${name}`)
  }
  lines.push(`export default [${kept.join(", ")}]`)
  return lines.join("\n")
}
