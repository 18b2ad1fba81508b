/**
 * ARNs in the formats AWS uses for this service. A resource is reachable by
 * its ARN under either namespace (`codestar-connections` or
 * `codeconnections`), because both API versions manage the same resources.
 */
import type { Api } from "./apis.js"

/** The partition a region belongs to, as far as the ARN prefix is concerned. */
export const partitionOf = (region: string): string =>
  region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws"

/** `arn:aws:<namespace>:<region>:<account>:<resource>`, in the namespace of the API that created it. */
export const makeArn = (api: Api, region: string, accountId: string, resource: string): string =>
  `arn:${partitionOf(region)}:${api.id}:${region}:${accountId}:${resource}`

/** The lookup key of an ARN: the same for both namespaces. */
export const arnKey = (arn: string): string => arn.replace(/^(arn:[^:]+:)codeconnections:/, "$1codestar-connections:")

/** A random lower-case UUID, the id format of connections and repository links. */
export const uuid = (): string => globalThis.crypto.randomUUID()

/** `n` random hex digits: the suffix of host ARNs, commit SHAs. */
export const randomHex = (n: number): string => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(Math.ceil(n / 2)))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, n)
}
