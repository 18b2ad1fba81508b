/**
 * The command line of AWS CodeStar Connections and AWS CodeConnections as a
 * library: run it in-process (`Cli.run(CodeStarConnections.api, argv)`)
 * and read its exit codes.
 *
 * @since 0.1.0
 */

/**
 * The `Cli` module, also importable on its own as `@effect-codestar/cli/Cli`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as Cli from "./Cli.js"
/**
 * The `CodeConnections` module, also importable on its own as `@effect-codestar/cli/CodeConnections`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as CodeConnections from "./CodeConnections.js"
/**
 * The `CodeStarConnections` module, also importable on its own as `@effect-codestar/cli/CodeStarConnections`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as CodeStarConnections from "./CodeStarConnections.js"
/**
 * The `ExitCode` module, also importable on its own as `@effect-codestar/cli/ExitCode`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as ExitCode from "./ExitCode.js"
