/**
 * The version of `@effect-codestar/core`, for the User-Agent. A constant
 * rather than an import of package.json, so that it survives bundling and
 * packing; test/userAgent.test.ts fails when it and package.json disagree.
 */
export const version = "0.1.0"
