/**
 * The two API versions the emulator answers. They share one set of resources
 * (CodeConnections is the renamed CodeStar Connections), and differ in target
 * prefix, signing name and ARN namespace.
 */
import { service as codeConnections } from "@effect-codestar/core/CodeConnections"
import { service as codeStarConnections } from "@effect-codestar/core/CodeStarConnections"

/** Which API version a request was addressed to. */
export interface Api {
  /** The SigV4 signing name, also the ARN namespace and the endpoint prefix. */
  readonly id: "codestar-connections" | "codeconnections"
  readonly targetPrefix: string
  readonly signingName: string
}

export const codeStarConnectionsApi: Api = {
  id: "codestar-connections",
  targetPrefix: codeStarConnections.targetPrefix,
  signingName: codeStarConnections.signingName
}

export const codeConnectionsApi: Api = {
  id: "codeconnections",
  targetPrefix: codeConnections.targetPrefix,
  signingName: codeConnections.signingName
}

export const apis: ReadonlyArray<Api> = [codeStarConnectionsApi, codeConnectionsApi]
