/**
 * Endpoint resolution: the model's rule set, written out by hand. The rule set
 * is small (custom endpoint, FIPS, dual-stack, partition DNS suffixes), so a
 * direct translation is smaller and faster than a rules interpreter; the
 * model's own endpoint test cases pin it down (test/AwsEndpoint.test.ts).
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/**
 * The rule set's parameters, named as in the model.
 *
 * @since 0.1.0
 * @category models
 */
export interface EndpointParams {
  readonly Region?: string | undefined
  readonly UseFIPS?: boolean | undefined
  readonly UseDualStack?: boolean | undefined
  /** A custom endpoint (the emulator, a proxy, a VPC endpoint), used as given. */
  readonly Endpoint?: string | undefined
}

/**
 * The configuration leads to no endpoint; the message is the rule set's own.
 *
 * @since 0.1.0
 * @category errors
 */
export class EndpointError extends Schema.TaggedError<EndpointError>()("EndpointError", {
  message: Schema.String
}) {}

/**
 * Why a region name cannot be used, or `undefined` when it can. A region
 * becomes a label of the endpoint's host name, so it must be one: letters,
 * digits and dashes, 1 to 63 of them, neither starting nor ending with a dash
 * (the check the AWS SDKs make before resolving an endpoint).
 *
 * @since 0.1.0
 * @category utils
 */
export const regionProblem = (region: string): string | undefined => {
  if (region.length === 0) return "it is empty"
  if (region.length > 63) return `it is ${region.length} characters long; a region has at most 63`
  const bad = /[^A-Za-z0-9-]/.exec(region)
  if (bad !== null) {
    const c = bad[0]
    const what = c === " " ? "a space" : /\s/.test(c) ? "white space" : `the character ${JSON.stringify(c)}`
    return `it contains ${what}; a region has only letters, digits and dashes, like us-east-1`
  }
  if (region.startsWith("-") || region.endsWith("-")) return "it starts or ends with a dash"
  return undefined
}

/**
 * What the rule set reads from a partition.
 *
 * @since 0.1.0
 * @category models
 */
export interface Partition {
  readonly id: string
  readonly regionRegex: RegExp
  readonly dnsSuffix: string
  readonly dualStackDnsSuffix: string
  readonly supportsFIPS: boolean
  readonly supportsDualStack: boolean
}

/**
 * AWS partitions, as AWS publishes them. A region matching none falls in `aws`.
 *
 * @since 0.1.0
 * @category utils
 */
export const partitions: ReadonlyArray<Partition> = ([
  ["aws", "(us|eu|ap|sa|ca|me|af|il|mx)", "amazonaws.com", "api.aws"],
  ["aws-cn", "cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"],
  ["aws-us-gov", "us-gov", "amazonaws.com", "api.aws"],
  ["aws-iso", "us-iso", "c2s.ic.gov", "api.aws.ic.gov"],
  ["aws-iso-b", "us-isob", "sc2s.sgov.gov", "api.aws.scloud"],
  ["aws-iso-e", "eu-isoe", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"],
  ["aws-iso-f", "us-isof", "csp.hci.ic.gov", "api.aws.hci.ic.gov"],
  ["aws-eusc", "eusc-(de)", "amazonaws.eu", "api.amazonwebservices.eu"]
] satisfies ReadonlyArray<readonly [id: string, regions: string, dnsSuffix: string, dualStackDnsSuffix: string]>).map((
  [id, regions, dnsSuffix, dualStackDnsSuffix]
) => ({
  id,
  // Every partition's regions are `<prefix>-<name>-<number>`; all of them support FIPS and dual-stack today.
  regionRegex: new RegExp(`^${regions}-\\w+-\\d+$`),
  dnsSuffix,
  dualStackDnsSuffix,
  supportsFIPS: true,
  supportsDualStack: true
}))

/**
 * The `aws.partition` function of the rules language: the partition a region belongs to.
 *
 * @since 0.1.0
 * @category utils
 */
export const partitionOf = (region: string): Partition => {
  // `aws` is listed first but is the fallback, so the specific partitions are tried before it.
  for (let i = 1; i < partitions.length; i++) {
    const p = partitions[i]!
    if (p.regionRegex.test(region)) return p
  }
  return partitions[0]!
}

/**
 * Resolves the endpoint URL of a service whose endpoint prefix is `prefix`.
 *
 * @since 0.1.0
 * @category configuration
 */
export const resolveEndpoint = (prefix: string, params: EndpointParams): Either.Either<string, EndpointError> => {
  const fips = params.UseFIPS === true
  const dualStack = params.UseDualStack === true
  const fail = (message: string) => Either.left(new EndpointError({ message }))
  if (params.Endpoint !== undefined) {
    if (fips) return fail("Invalid Configuration: FIPS and custom endpoint are not supported")
    if (dualStack) return fail("Invalid Configuration: Dualstack and custom endpoint are not supported")
    return Either.right(params.Endpoint)
  }
  const region = params.Region
  if (region === undefined) return fail("Invalid Configuration: Missing Region")
  const p = partitionOf(region)
  if ((fips && !p.supportsFIPS) || (dualStack && !p.supportsDualStack)) {
    return fail(
      fips && dualStack
        ? "FIPS and DualStack are enabled, but this partition does not support one or both"
        : fips
        ? "FIPS is enabled but this partition does not support FIPS"
        : "DualStack is enabled but this partition does not support DualStack"
    )
  }
  return Either.right(
    `https://${prefix}${fips ? "-fips" : ""}.${region}.${dualStack ? p.dualStackDnsSuffix : p.dnsSuffix}`
  )
}
