#!/usr/bin/env node
/** The `codestar-connections` bin: AWS CodeStar Connections (API 2019-12-01). */
import { main } from "./Cli.js"
import { api } from "./CodeStarConnections.js"

main(api)
