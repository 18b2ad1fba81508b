/**
 * Plain-words descriptions of Schema failures, for `InvalidInput` and
 * `Decode` messages.
 *
 * Effect's own formatters print the offending value in full, recursively:
 * a value nested a few thousand levels deep overflows the stack while the
 * message is built, and a 50 MB string becomes a 50 MB message. Here a value
 * is only ever named by its kind plus a short excerpt, so building a message
 * never recurses into the value and never copies more than a few hundred
 * characters of it. The walk over the issue tree follows the schema, which is
 * not recursive, and is cut at a fixed depth anyway.
 *
 * Places are named the way the model names them: the nearest structure shape
 * and the member path inside it (`Connection.ConnectionStatus`), plus the
 * full path from the top when it differs (`Connections[3].ConnectionStatus`).
 */
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as AST from "effect/SchemaAST"

/** At most this many characters of a value are quoted in a message. */
export const valueExcerptLength = 60
/** A whole message is cut to this many characters. */
export const messageLimit = 400
/** Issues beyond this many are counted, not listed. */
const maxIssues = 10
/** The issue tree follows the schema; deeper than this is not worth describing. */
const maxWalkDepth = 64

/** One described failure: where, and what. */
export interface Described {
  /** The path from the top of the value: `Tags[1].Key`, or `""` for the value itself. */
  readonly path: string
  /** The nearest structure shape and the member path inside it: `Tag.Key`; `""` when no shape is named. */
  readonly where: string
  readonly message: string
}

/** Cuts `text` to `max` characters, on one line. Looks at no more than a bounded prefix of it. */
export const clip = (text: string, max: number): string => {
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text
  const flat = head.replace(/\s+/g, " ").trim()
  return flat.length > max || head.length < text.length ? `${flat.slice(0, max)}…` : flat
}

/** A short description of any value, without reading into it (no getters, no recursion). */
export const describeValue = (u: unknown): string => {
  switch (typeof u) {
    case "string":
      return u.length === 0 ? "an empty string" : `the string ${JSON.stringify(clip(u, valueExcerptLength))}`
    case "number":
      return Number.isFinite(u) ? `the number ${String(u)}` : String(u)
    case "boolean":
      return String(u)
    case "bigint":
      return "a bigint"
    case "symbol":
      return "a symbol"
    case "function":
      return "a function"
    case "undefined":
      return "nothing"
    case "object":
      if (u === null) return "null"
      if (Array.isArray(u)) return "a list"
      if (u instanceof Date) return "a date"
      return "an object"
  }
}

/** `path` extended by a member name (`a.b`) or a list index (`a[1]`). */
export const keyOf = (path: string, key: PropertyKey): string =>
  typeof key === "number" ? `${path}[${key}]` : path === "" ? String(key) : `${path}.${String(key)}`

const isNullish = (ast: AST.AST): boolean =>
  ast._tag === "UndefinedKeyword" || ast._tag === "VoidKeyword" ||
  (ast._tag === "Literal" && ast.literal === null)

/** What a schema expects, in words. */
const describeExpected = (ast: AST.AST, depth = 0): string => {
  if (depth > 8) return "a different value"
  const identifier = Option.getOrUndefined(AST.getIdentifierAnnotation(ast))
  switch (ast._tag) {
    case "StringKeyword":
      return "a string"
    case "NumberKeyword":
      return "a number"
    case "BooleanKeyword":
      return "a boolean"
    case "UndefinedKeyword":
    case "VoidKeyword":
      return "nothing"
    case "Literal":
      return ast.literal === null ? "null" : JSON.stringify(String(ast.literal))
    case "TypeLiteral":
      return identifier === undefined ? "an object" : `a ${identifier} object`
    case "TupleType":
      return "a list"
    case "Union": {
      const members = ast.types.filter((t) => !isNullish(t))
      return members.length === 0 ? "nothing" : members.map((t) => describeExpected(t, depth + 1)).join(" or ")
    }
    case "Refinement":
      return describeExpected(ast.from, depth + 1)
    case "Transformation": {
      const name = shapeName(ast)
      return name === undefined ? describeExpected(ast.from, depth + 1) : `a ${name} object`
    }
    case "Declaration":
      return identifier ?? "a different value"
    default:
      return identifier ?? "a different value"
  }
}

/** The message a schema's own `message` annotation gives, when it is a plain string. */
const annotatedMessage = (ast: AST.AST, issue: ParseResult.ParseIssue): string | undefined => {
  const annotation = Option.getOrUndefined(AST.getMessageAnnotation(ast))
  if (annotation === undefined) return undefined
  const out = annotation(issue)
  return typeof out === "string" ? out : typeof out === "object" && "message" in out && typeof out.message === "string"
    ? out.message
    : undefined
}

const typeMessage = (ast: AST.AST, actual: unknown, message: string | undefined, issue: ParseResult.ParseIssue) => {
  if (message !== undefined) return message
  const annotated = annotatedMessage(ast, issue)
  return annotated === undefined
    ? `expected ${describeExpected(ast)}, got ${describeValue(actual)}`
    : `${annotated}, got ${describeValue(actual)}`
}

/** The structure shape an AST node stands for, if it is one with a name. */
const shapeName = (ast: AST.AST): string | undefined => {
  if (ast._tag === "TypeLiteral") return Option.getOrUndefined(AST.getIdentifierAnnotation(ast))
  if (ast._tag === "Transformation" && ast.to._tag === "TypeLiteral") {
    return Option.getOrUndefined(AST.getIdentifierAnnotation(ast)) ??
      Option.getOrUndefined(AST.getIdentifierAnnotation(ast.to))
  }
  return undefined
}

/** Flattens a parse issue into at most a few described failures. */
export const describeIssue = (
  root: ParseResult.ParseIssue
): { readonly issues: ReadonlyArray<Described>; readonly more: number } => {
  const out: Array<Described> = []
  let more = 0
  const push = (path: string, shape: string, rel: string, message: string) => {
    if (out.length >= maxIssues) {
      more++
      return
    }
    const where = shape === "" ? rel : rel === "" ? shape : `${shape}.${rel}`
    out.push({ path: clip(path, 200), where: clip(where, 200), message: clip(message, 200) })
  }
  /**
   * `shape`/`rel` name the place so far; `entered` is the shape whose members
   * the walk is about to go into: the place is renamed only on the next
   * member, so a value that is not the shape at all is named from its parent
   * (`GetConnectionOutput.Connection: expected a Connection object`).
   */
  const walk = (
    issue: ParseResult.ParseIssue,
    path: string,
    shape: string,
    rel: string,
    entered: string | undefined,
    depth: number
  ): void => {
    if (depth > maxWalkDepth) return push(path, shape, rel, "is nested too deeply")
    switch (issue._tag) {
      case "Pointer": {
        const keys = Array.isArray(issue.path) ? issue.path : [issue.path]
        let p = path
        const s = entered ?? shape
        let r = entered === undefined ? rel : ""
        for (const key of keys) {
          p = keyOf(p, key)
          r = keyOf(r, key)
        }
        return walk(issue.issue, p, s, r, undefined, depth + 1)
      }
      case "Missing":
        return push(path, shape, rel, issue.message ?? "is missing")
      case "Unexpected":
        return push(path, shape, rel, issue.message ?? "is not expected here")
      case "Forbidden":
        return push(path, shape, rel, issue.message ?? "cannot be checked here")
      case "Type":
        return push(
          path,
          shape,
          rel,
          entered !== undefined && issue.message === undefined
            ? `expected a ${entered} object, got ${describeValue(issue.actual)}`
            : typeMessage(issue.ast, issue.actual, issue.message, issue)
        )
      case "Refinement":
        // A failed predicate carries its message on the inner issue.
        return walk(issue.issue, path, shape, rel, entered, depth + 1)
      case "Transformation":
        return walk(issue.issue, path, shape, rel, shapeName(issue.ast) ?? entered, depth + 1)
      case "Composite": {
        const named = shapeName(issue.ast) ?? entered
        const issues = Array.isArray(issue.issues) ? issue.issues : [issue.issues]
        if (issue.ast._tag === "Union") {
          // `null` and `undefined` members only stand for "absent": the other member's failure says what is wrong.
          const relevant = issues.filter((i: ParseResult.ParseIssue) => !(i._tag === "Type" && isNullish(i.ast)))
          const deep = relevant.length === 1
            ? relevant
            : issues.filter((i: ParseResult.ParseIssue) => i._tag !== "Type")
          if (deep.length === 1 && deep[0] !== undefined) return walk(deep[0], path, shape, rel, undefined, depth + 1)
          return push(path, shape, rel, `expected ${describeExpected(issue.ast)}, got ${describeValue(issue.actual)}`)
        }
        for (const i of issues) walk(i, path, shape, rel, named, depth + 1)
        return
      }
    }
  }
  walk(root, "", "", "", undefined, 0)
  return { issues: out, more }
}

/** One line for a set of described failures, cut to {@link messageLimit}. */
export const summarize = (
  described: { readonly issues: ReadonlyArray<Described>; readonly more: number },
  useWhere: boolean
): string => {
  const parts = described.issues.map((d) => {
    const place = useWhere ? d.where : d.path
    const at = useWhere && d.path !== "" && d.path !== d.where && !d.where.endsWith(d.path) ? ` (at ${d.path})` : ""
    return `${place === "" ? "(value)" : place}${at}: ${d.message}`
  })
  if (described.more > 0) parts.push(`and ${described.more} more`)
  return clip(parts.join("; "), messageLimit)
}
