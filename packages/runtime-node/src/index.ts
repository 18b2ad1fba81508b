/**
 * The Node.js runtime: the service clients with the aws4fetch signer, fetch as
 * transport, and credentials from explicit options or the environment.
 *
 * @since 0.1.0
 */
export * as NodeClient from "./NodeClient.js"
