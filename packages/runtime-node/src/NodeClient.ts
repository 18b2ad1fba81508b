/**
 * The layers of both clients under their first names, kept so that code
 * written against them keeps working. They are the same layers as
 * `NodeCodeStarConnections.layer` and `NodeCodeConnections.layer`; prefer
 * those (they also have `layerConfig`).
 *
 * @since 0.1.0
 */
import * as NodeCodeConnections from "./NodeCodeConnections.js"
import * as NodeCodeStarConnections from "./NodeCodeStarConnections.js"

export type { NodeClientOptions } from "./NodeConfig.js"

/** The CodeStar Connections client for Node.js: `NodeCodeStarConnections.layer`. */
export const layerCodeStarConnections = NodeCodeStarConnections.layer

/** The CodeConnections client for Node.js: `NodeCodeConnections.layer`. */
export const layerCodeConnections = NodeCodeConnections.layer
