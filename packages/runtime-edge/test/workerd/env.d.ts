// The bindings vitest.workerd.config.ts gives the tests.
declare module "cloudflare:test" {
  interface ProvidedEnv {
    readonly AWS_REGION: string
    readonly AWS_ENDPOINT_URL: string
    readonly AWS_ACCESS_KEY_ID: string
    readonly AWS_SECRET_ACCESS_KEY: string
  }
}
