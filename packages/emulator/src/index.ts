/**
 * `@effect-codestar/emulator`: an in-memory, wire-compatible emulator of AWS
 * CodeStar Connections and AWS CodeConnections for tests, demos and local
 * development. Everything is in the `Emulator` namespace.
 *
 * @since 0.1.0
 */

/**
 * The `Emulator` module, also importable on its own as `@effect-codestar/emulator/Emulator`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as Emulator from "./Emulator.js"
