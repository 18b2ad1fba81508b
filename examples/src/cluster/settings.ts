/** The demo's engine settings: quick failover (a few seconds), so that the demo is short. */
import type { ClusterEngine } from "@effect-codestar/workflow-pg"
import { Duration } from "effect"

export const demoEngineOptions: ClusterEngine.EngineOptions = {
  pollInterval: Duration.millis(250),
  failover: {
    lockRefreshInterval: Duration.seconds(1),
    lockExpiration: Duration.seconds(4),
    healthCheckInterval: Duration.seconds(2),
    refreshAssignmentsInterval: Duration.millis(500)
  },
  sharding: { shardsPerGroup: 60 }
}
