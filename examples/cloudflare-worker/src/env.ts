/**
 * The Worker's bindings: the AWS ones the client reads (see wrangler.jsonc;
 * the secret key is a secret, never a var) and the Workflow.
 */
import type { AwsBindings } from "@effect-codestar/runtime-edge/EdgeConfig"
import type { WaitForConnectionParams } from "./WaitForConnection.js"
import type { WaitForHostParams } from "./WaitForHost.js"
import type { WaitForResourceSyncParams } from "./WaitForResourceSync.js"

export interface Env extends AwsBindings {
  readonly WAIT_FOR_CONNECTION: Workflow<WaitForConnectionParams>
  readonly WAIT_FOR_HOST: Workflow<WaitForHostParams>
  readonly WAIT_FOR_RESOURCE_SYNC: Workflow<WaitForResourceSyncParams>
}
