/**
 * The command line of AWS CodeStar Connections and AWS CodeConnections as a
 * library: run it in-process (`Cli.run(CodeStarConnections.api, argv)`)
 * and read its exit codes.
 *
 * @since 0.1.0
 */
export * as Cli from "./Cli.js"
export * as CodeConnections from "./CodeConnections.js"
export * as CodeStarConnections from "./CodeStarConnections.js"
export * as ExitCode from "./ExitCode.js"
