/**
 * The in-memory resources, shared by both API versions. Records are plain
 * mutable objects owned by the store; handlers read and change them inside a
 * single synchronous step, so no request ever sees a half-applied change.
 *
 * Lifecycle transitions that happen "by themselves" after a delay are applied
 * lazily: each request first calls `advance(now)` with the Clock time.
 */

export type ConnectionStatus = "PENDING" | "AVAILABLE" | "ERROR"

export interface ConnectionRecord {
  readonly seq: number
  readonly arn: string
  readonly name: string
  readonly providerType: string
  readonly hostArn: string | undefined
  status: ConnectionStatus
  /** When the handshake completes by itself, in Clock millis. */
  autoCompleteAt: number | undefined
  readonly tags: Map<string, string>
}

export interface VpcConfigurationRecord {
  readonly VpcId: string
  readonly SubnetIds: ReadonlyArray<string>
  readonly SecurityGroupIds: ReadonlyArray<string>
  readonly TlsCertificate?: string | undefined
}

export interface HostRecord {
  readonly seq: number
  readonly arn: string
  readonly name: string
  readonly providerType: string
  providerEndpoint: string
  vpcConfiguration: VpcConfigurationRecord | undefined
  /** A plain string on the wire; the values AWS uses are listed in the README. */
  status: string
  statusMessage: string | undefined
  autoCompleteAt: number | undefined
  readonly tags: Map<string, string>
}

export interface RepositoryLinkRecord {
  readonly seq: number
  readonly id: string
  readonly arn: string
  connectionArn: string
  readonly providerType: string
  readonly ownerId: string
  readonly repositoryName: string
  encryptionKeyArn: string | undefined
  readonly tags: Map<string, string>
}

export type SyncStatus = "INITIATED" | "IN_PROGRESS" | "SUCCEEDED" | "FAILED"

export interface SyncEventRecord {
  readonly event: string
  readonly type: string
  readonly time: number
}

/** One attempt to bring a resource to the state of a commit. */
export interface SyncAttemptRecord {
  readonly startedAt: number
  status: SyncStatus
  readonly sha: string
  /** The commit the resource was at before this attempt. */
  readonly initialSha: string
  readonly events: Array<SyncEventRecord>
  autoCompleteAt: number | undefined
}

export interface SyncBlockerRecord {
  readonly id: string
  readonly createdReason: string
  readonly createdAt: number
  readonly contexts: ReadonlyArray<{ readonly Key: string; readonly Value: string }>
  status: "ACTIVE" | "RESOLVED"
  resolvedReason: string | undefined
  resolvedAt: number | undefined
}

export interface SyncConfigurationRecord {
  readonly seq: number
  readonly syncType: string
  readonly resourceName: string
  branch: string
  configFile: string
  repositoryLinkId: string
  roleArn: string
  publishDeploymentStatus: string
  triggerResourceUpdateOn: string
  /** Only the 2023-12-01 API shows it. */
  pullRequestComment: string
  latestSync: SyncAttemptRecord
  latestSuccessfulSync: SyncAttemptRecord | undefined
  readonly blockers: Array<SyncBlockerRecord>
}

/** All resources of the emulated account. */
export class Store {
  private seq = 0
  /** Keyed by `arnKey(arn)`. */
  readonly connections = new Map<string, ConnectionRecord>()
  /** Keyed by `arnKey(arn)`. */
  readonly hosts = new Map<string, HostRecord>()
  /** Keyed by the lower-case link id. */
  readonly repositoryLinks = new Map<string, RepositoryLinkRecord>()
  /** Keyed by `syncConfigurationKey`. */
  readonly syncConfigurations = new Map<string, SyncConfigurationRecord>()

  /** A creation sequence number: list order, and the cursor of page tokens. */
  nextSeq(): number {
    return ++this.seq
  }

  clear(): void {
    this.connections.clear()
    this.hosts.clear()
    this.repositoryLinks.clear()
    this.syncConfigurations.clear()
  }

  /** Applies the transitions whose time has come. */
  advance(now: number): void {
    for (const c of this.connections.values()) {
      if (c.status === "PENDING" && c.autoCompleteAt !== undefined && c.autoCompleteAt <= now) {
        c.status = "AVAILABLE"
        c.autoCompleteAt = undefined
      }
    }
    for (const h of this.hosts.values()) {
      if (h.autoCompleteAt !== undefined && h.autoCompleteAt <= now) {
        h.status = "AVAILABLE"
        h.statusMessage = undefined
        h.autoCompleteAt = undefined
      }
    }
    for (const s of this.syncConfigurations.values()) {
      const attempt = s.latestSync
      if (attempt.autoCompleteAt !== undefined && attempt.autoCompleteAt <= now) {
        finishSync(s, "SUCCEEDED", attempt.autoCompleteAt)
      }
    }
  }
}

export const syncConfigurationKey = (syncType: string, resourceName: string): string => `${syncType}/${resourceName}`

/** Ends the latest attempt of a sync configuration (or moves it to another status). */
export const finishSync = (config: SyncConfigurationRecord, status: SyncStatus, at: number): void => {
  const attempt = config.latestSync
  attempt.status = status
  attempt.autoCompleteAt = undefined
  attempt.events.push({ event: `Sync ${status.toLowerCase().replace("_", " ")}`, type: "SYNC_STATUS", time: at })
  if (status === "SUCCEEDED") config.latestSuccessfulSync = attempt
}
