/**
 * The User-Agent in the format of the AWS SDKs (their "user agent 2.1"):
 * space-separated `name/value` or `prefix/name#value` tokens. AWS support
 * and CloudTrail read it to tell which client made a request, on which
 * runtime, for which application.
 *
 * `effect-codestar/0.1.0 ua/2.1 os/linux#6.8.0 lang/js md/nodejs#20.20.2 api/codestar-connections#0.1.0 app/billing`
 */
import { version } from "./version.js"

/** The name this library goes by in the User-Agent. */
export const libraryName = "effect-codestar"

/** One token: a name (`md/nodejs`) and an optional version (`20.20.2`). */
export type UserAgentPair = readonly [name: string, value?: string | undefined]

/** Characters outside these are replaced with `-`, as the AWS SDKs do. */
const nameEscape = /[^!$%&'*+\-.^_`|~\w]/g
const valueEscape = /[^!$%&'*+\-.^_`|~\w#]/g

/** Formats one pair: each `/`-separated part of the name escaped, the value after `#` (or `/` for a bare name). */
export const formatPair = ([name, value]: UserAgentPair): string => {
  const escapedName = name.split("/").map((part) => part.replace(nameEscape, "-")).join("/")
  if (value === undefined || value === "") return escapedName
  const escapedValue = value.replace(valueEscape, "-")
  return escapedName.includes("/") ? `${escapedName}#${escapedValue}` : `${escapedName}/${escapedValue}`
}

/** `CodeStar connections` becomes `codestar-connections`, as in the AWS SDKs' `api/` token. */
export const apiName = (sdkId: string): string => sdkId.trim().toLowerCase().replace(nameEscape, "-")

/**
 * The whole value. `runtime` names the platform (`os/...`, `md/...`), set by
 * the runtime packages; `appId` is the caller's application id.
 */
export const userAgent = (options: {
  readonly sdkId: string
  readonly runtime?: ReadonlyArray<UserAgentPair> | undefined
  readonly appId?: string | undefined
}): string => {
  const runtime = options.runtime ?? []
  const app: ReadonlyArray<UserAgentPair> = options.appId === undefined || options.appId === ""
    ? []
    : [["app", options.appId]]
  const pairs: Array<UserAgentPair> = [
    [libraryName, version],
    ["ua", "2.1"],
    ...runtime.filter(([name]) => name.startsWith("os/")),
    ["lang/js"],
    ...runtime.filter(([name]) => !name.startsWith("os/")),
    [`api/${apiName(options.sdkId)}`, version],
    ...app
  ]
  return pairs.map(formatPair).join(" ")
}
