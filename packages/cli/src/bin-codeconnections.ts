#!/usr/bin/env node
/** The `codeconnections` bin: AWS CodeConnections (API 2023-12-01). */
import { main } from "./Cli.js"
import { api } from "./CodeConnections.js"

main(api)
