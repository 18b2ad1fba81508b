/**
 * JSDoc for the generated code, built only from facts of the model: whether a
 * member is required, its constraints (length, pattern, range), enum values,
 * an operation's errors and pagination, and a link to the operation's page in
 * the AWS API reference. The model's documentation strings are never copied:
 * they are AWS's prose, and our doc comments are in our own words.
 */
import type { Bounds, IrOperation, IrService, IrShape, StructureMember, StructureShape } from "./ir.js"

/** Keeps text from closing the comment it sits in. */
const safe = (text: string): string => text.replace(/\*\//g, "*\\/")

/** Inline code, with a fence longer than any run of backticks inside. */
const code = (text: string): string => {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = "`".repeat(longest + 1)
  return longest === 0 ? `\`${text}\`` : `${fence} ${text} ${fence}`
}

/** `1 to 32`, `at most 256`, `at least 1`, or `undefined` without bounds. */
const span = (b: Bounds | undefined): string | undefined => {
  const min = b?.min
  const max = b?.max
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min}` : `${min} to ${max}`
  if (max !== undefined) return `at most ${max}`
  if (min !== undefined) return `at least ${min}`
  return undefined
}

/** The link to an operation's page in the AWS API reference. */
export const referenceUrl = (service: IrService, op: { readonly name: string }): string =>
  `https://docs.aws.amazon.com/${service.endpointPrefix}/latest/APIReference/API_${op.name}.html`

/** A comment block, indented, from lines of text. */
export const block = (lines: ReadonlyArray<string>, indent = ""): Array<string> =>
  lines.length === 1
    ? [`${indent}/** ${safe(lines[0] ?? "")} */`]
    : [`${indent}/**`, ...lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${safe(l)}`)), `${indent} */`]

/** What a value of a shape is, with the model's constraints, in one sentence. */
export const describeShape = (shape: IrShape, direction: "input" | "output"): string => {
  switch (shape.kind) {
    case "string": {
      const length = span(shape.length)
      const parts = [
        `A string (model shape ${code(shape.name)})`,
        ...(length === undefined ? [] : [`of ${length} characters`]),
        ...(shape.pattern === undefined ? [] : [`matching ${code(shape.pattern)}`])
      ]
      return `${parts.join(" ")}.`
    }
    case "integer": {
      const range = span(shape.range)
      return `An integer (model shape ${code(shape.name)})${range === undefined ? "" : `, ${range}`}.`
    }
    case "timestamp":
      return "A `Date` (epoch seconds on the wire)."
    case "enum": {
      const values = shape.values.map(code).join(", ")
      return direction === "input"
        ? `One of ${values} (model enum ${code(shape.name)}).`
        : `One of ${values} (model enum ${code(shape.name)}), or a value AWS added after this client was generated.`
    }
    case "list": {
      const length = span(shape.length)
      return `A list of ${code(shape.member)}${length === undefined ? "" : `, ${length} items`} (model shape ${
        code(shape.name)
      }).`
    }
    case "structure":
      return `A ${code(shape.name)} structure.`
  }
}

/** The doc of one member of a structure. */
export const memberDoc = (
  member: StructureMember,
  target: IrShape,
  direction: "input" | "output"
): Array<string> => {
  const presence = direction === "input"
    ? member.required ? "Required." : "Optional."
    : member.required
    ? "Required by the model: a response without it fails to decode."
    : "Optional: may be absent from a response."
  const checked = direction === "output" && (target.kind === "string" || target.kind === "list")
      && (target.length !== undefined || (target.kind === "string" && target.pattern !== undefined))
    ? ["The model's constraints are listed for reference; responses are not checked against them."]
    : direction === "input" && target.kind !== "structure" && target.kind !== "timestamp"
    ? ["Checked before the request is sent."]
    : []
  return [`${presence} ${describeShape(target, direction)}`, ...checked]
}

/** Which operations use a structure as their input or output. */
const usersOf = (service: IrService, name: string, direction: "input" | "output"): Array<IrOperation> =>
  service.operations.filter((op) => (direction === "input" ? op.input : op.output) === name)

/** The doc of a structure's type and schema. */
export const structureDoc = (
  service: IrService,
  shape: StructureShape,
  direction: "input" | "output"
): Array<string> => {
  const required = shape.members.filter((m) => m.required).map((m) => code(m.name))
  const owners = usersOf(service, shape.name, direction)
  const role = owners.length > 0
    ? `The ${direction} of ${owners.map((op) => code(op.name)).join(", ")}.`
    : direction === "input"
    ? `The ${code(shape.name)} structure, as sent in requests.`
    : `The ${code(shape.name)} structure, as received in responses.`
  const members = shape.members.length === 0
    ? "It has no members."
    : direction === "input"
    ? required.length === 0 ? "Every member is optional." : `Required members: ${required.join(", ")}.`
    : required.length === 0
    ? "No member is required by the model."
    : `Members the model requires: ${required.join(", ")}.`
  const how = direction === "input"
    ? "Checked against the model's constraints before anything is sent."
    : "Decoded leniently: types and required members are checked, length and pattern constraints are not."
  return [role, members, how, ...owners.map((op) => `@see ${referenceUrl(service, op)}`)]
}

/** The doc of a method of the client. */
export const operationDoc = (service: IrService, op: IrOperation, inputShape: IrShape | undefined): Array<string> => {
  const required = inputShape?.kind === "structure"
    ? inputShape.members.filter((m) => m.required).map((m) => code(m.name))
    : []
  const errors = op.errors.length === 0
    ? "Models no error of its own."
    : `Modeled errors: ${op.errors.map(code).join(", ")}.`
  const p = op.pagination
  const method = op.name.charAt(0).toLowerCase() + op.name.slice(1)
  const paging = p === undefined
    ? "Not paginated."
    : `Paginated by ${code(p.inputToken)}/${code(p.outputToken)}${
      p.pageSize === undefined ? "" : ` (page size ${code(p.pageSize)})`
    }: ` +
      `${code(`${method}Pages`)}${
        p.items === undefined ? "" : ` and ${code(`${method}Items`)} (the ${code(p.items)} lists)`
      } stream every page.`
  return [
    `Calls ${code(op.name)}${
      required.length === 0 ? "; every input member is optional." : `; required input: ${required.join(", ")}.`
    }`,
    "",
    `${errors} Any call can also fail with the common AWS errors, \`AwsServiceError\` or \`AwsRequestError\`;` +
    " every service error carries `$metadata` (status, request id, attempts, retry delay).",
    paging,
    "`.withMetadata(input)` makes the same call and returns `{ output, $metadata }`.",
    `@see ${referenceUrl(service, op)}`
  ]
}
