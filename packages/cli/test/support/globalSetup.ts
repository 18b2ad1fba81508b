/** Packs and installs the bins once for all test files (see install.ts). */
import { rmSync } from "node:fs"
import type {} from "vitest"
import type { TestProject } from "vitest/node"
import { install, type Installed } from "./install.js"

declare module "vitest" {
  export interface ProvidedContext {
    installed: Installed
  }
}

export default function setup(project: TestProject) {
  const installed = install()
  project.provide("installed", installed)
  return () => rmSync(installed.dir, { recursive: true, force: true })
}
