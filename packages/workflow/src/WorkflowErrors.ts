/**
 * How a connection workflow fails, beyond the errors of the service calls it
 * makes. They are `Schema.TaggedError`s because a durable engine stores a
 * workflow's outcome and decodes it again, perhaps in another process.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"

/**
 * The connection went to `ERROR`: its handshake failed and it will not become
 * available by itself. Delete it and create it again.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectionFailed extends Schema.TaggedError<ConnectionFailed>()("ConnectionFailed", {
  connectionArn: Schema.String,
  status: Schema.String
}) {
  override get message(): string {
    return `connection ${this.connectionArn} is in status ${this.status}`
  }
}

/**
 * The connection was not available when the wait's `timeout` ran out.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectionWaitTimeout extends Schema.TaggedError<ConnectionWaitTimeout>()("ConnectionWaitTimeout", {
  connectionArn: Schema.String,
  /** From the first poll (or the creation) to the last poll. */
  waited: Schema.Duration,
  polls: Schema.Number,
  /** The status seen at the last poll that got an answer. */
  lastStatus: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return `connection ${this.connectionArn} was still ${this.lastStatus ?? "unknown"} after ${
      Duration.format(this.waited)
    } (${this.polls} polls)`
  }
}

/**
 * A connection with the requested name exists, but for another provider or
 * host, so it cannot stand for the one requested. Nothing was created.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectionNameConflict extends Schema.TaggedError<ConnectionNameConflict>()("ConnectionNameConflict", {
  connectionName: Schema.String,
  existingConnectionArn: Schema.String,
  existingProviderType: Schema.optional(Schema.String),
  existingHostArn: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return `a connection named ${this.connectionName} already exists (${this.existingConnectionArn}) for ${
      this.existingHostArn ?? this.existingProviderType ?? "another provider"
    }`
  }
}

/**
 * The host went to a failure state (`VPC_CONFIG_FAILED_INITIALIZATION`,
 * `VPC_CONFIG_DELETING`): it will not become available by itself.
 *
 * @since 0.1.0
 * @category errors
 */
export class HostFailed extends Schema.TaggedError<HostFailed>()("HostFailed", {
  hostArn: Schema.String,
  status: Schema.String
}) {
  override get message(): string {
    return `host ${this.hostArn} is in status ${this.status}`
  }
}

/**
 * The host was not available when the wait's `timeout` ran out.
 *
 * @since 0.1.0
 * @category errors
 */
export class HostWaitTimeout extends Schema.TaggedError<HostWaitTimeout>()("HostWaitTimeout", {
  hostArn: Schema.String,
  waited: Schema.Duration,
  polls: Schema.Number,
  lastStatus: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return `host ${this.hostArn} was still ${this.lastStatus ?? "unknown"} after ${
      Duration.format(this.waited)
    } (${this.polls} polls)`
  }
}

/**
 * The latest sync went to `FAILED`.
 *
 * @since 0.1.0
 * @category errors
 */
export class SyncFailed extends Schema.TaggedError<SyncFailed>()("SyncFailed", {
  /** What was waited for, e.g. `repository sync of <id> branch main`. */
  resource: Schema.String,
  status: Schema.String
}) {
  override get message(): string {
    return `${this.resource} is in status ${this.status}`
  }
}

/**
 * The latest sync had not succeeded when the wait's `timeout` ran out.
 *
 * @since 0.1.0
 * @category errors
 */
export class SyncWaitTimeout extends Schema.TaggedError<SyncWaitTimeout>()("SyncWaitTimeout", {
  resource: Schema.String,
  waited: Schema.Duration,
  polls: Schema.Number,
  lastStatus: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return `${this.resource} was still ${this.lastStatus ?? "unknown"} after ${
      Duration.format(this.waited)
    } (${this.polls} polls)`
  }
}

/**
 * A sync status call failed in a way waiting cannot fix (access denied, a
 * missing repository link or resource, a bad input). The service's error
 * code and message are kept; its class is not, because the sync calls model
 * classes of their own per service.
 *
 * @since 0.1.0
 * @category errors
 */
export class SyncStatusUnavailable extends Schema.TaggedError<SyncStatusUnavailable>()("SyncStatusUnavailable", {
  resource: Schema.String,
  code: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.resource}: ${this.code}: ${this.detail}`
  }
}
