/**
 * The emulator's configuration, and the defaults it falls back to. The
 * defaults are the emulator's own choices (documented in the README), not
 * statements about AWS quotas.
 */
import * as Duration from "effect/Duration"

/** Credentials the emulator accepts. `sessionToken`, when set, must be sent as `x-amz-security-token`. */
export interface EmulatorCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
}

/** Per-account limits; exceeding one answers `LimitExceededException`. */
export interface EmulatorQuotas {
  readonly connections?: number | undefined
  readonly hosts?: number | undefined
  readonly repositoryLinks?: number | undefined
  readonly syncConfigurations?: number | undefined
  /** Tags on one resource. The model caps a single request at 200 as well. */
  readonly tagsPerResource?: number | undefined
}

/** How to build an emulator. Every field is optional. */
export interface EmulatorOptions {
  /** The account id in ARNs and `OwnerAccountId`. Default `123456789012`. */
  readonly accountId?: string | undefined
  /** Credentials accepted besides the built-in test credentials. */
  readonly credentials?: ReadonlyArray<EmulatorCredentials> | undefined
  /**
   * Accept requests signed with any access key, as other AWS emulators do
   * (`test`/`test`): an unknown key is taken on trust and its signature is not
   * checked (there is no secret to check it with); the form of the
   * `Authorization` header, the date and the scope still are. Known keys are
   * checked as always. Default false.
   */
  readonly acceptAnyCredentials?: boolean | undefined
  /**
   * A new connection turns `AVAILABLE` by itself this long after it was
   * created, measured with the Effect `Clock`. Unset: it stays `PENDING` until
   * `completeHandshake` or `failHandshake` is called, as on AWS.
   */
  readonly handshakeCompletesAfter?: Duration.DurationInput | undefined
  /** The same for hosts: `PENDING` (or `VPC_CONFIG_INITIALIZING`) to `AVAILABLE`. */
  readonly hostSetupCompletesAfter?: Duration.DurationInput | undefined
  /** A sync attempt, `IN_PROGRESS` when it starts, turns `SUCCEEDED` this long after. Unset: only `setSyncStatus` moves it. */
  readonly syncCompletesAfter?: Duration.DurationInput | undefined
  readonly quotas?: EmulatorQuotas | undefined
  /** Items per page when `MaxResults` is absent or 0. Default 50. */
  readonly defaultPageSize?: number | undefined
  /** How far the request date may be from the server clock. Default 5 minutes, like AWS. */
  readonly signatureTolerance?: Duration.DurationInput | undefined
}

/** The options with every default applied. */
export interface ResolvedOptions {
  readonly accountId: string
  readonly acceptAnyCredentials: boolean
  readonly handshakeCompletesAfterMillis: number | undefined
  readonly hostSetupCompletesAfterMillis: number | undefined
  readonly syncCompletesAfterMillis: number | undefined
  readonly quotas: {
    readonly connections: number
    readonly hosts: number
    readonly repositoryLinks: number
    readonly syncConfigurations: number
    readonly tagsPerResource: number
  }
  readonly defaultPageSize: number
  readonly signatureToleranceMillis: number
}

/** The built-in test credentials, always accepted. */
export const testCredentials: EmulatorCredentials = {
  accessKeyId: "AKIDEMULATOR",
  secretAccessKey: "emulator-secret"
}

const millis = (d: Duration.DurationInput | undefined): number | undefined =>
  d === undefined ? undefined : Duration.toMillis(Duration.decode(d))

export const resolveOptions = (options: EmulatorOptions = {}): ResolvedOptions => ({
  accountId: options.accountId ?? "123456789012",
  acceptAnyCredentials: options.acceptAnyCredentials ?? false,
  handshakeCompletesAfterMillis: millis(options.handshakeCompletesAfter),
  hostSetupCompletesAfterMillis: millis(options.hostSetupCompletesAfter),
  syncCompletesAfterMillis: millis(options.syncCompletesAfter),
  quotas: {
    connections: options.quotas?.connections ?? 250,
    hosts: options.quotas?.hosts ?? 50,
    repositoryLinks: options.quotas?.repositoryLinks ?? 100,
    syncConfigurations: options.quotas?.syncConfigurations ?? 100,
    tagsPerResource: options.quotas?.tagsPerResource ?? 200
  },
  defaultPageSize: options.defaultPageSize ?? 50,
  signatureToleranceMillis: millis(options.signatureTolerance) ?? 5 * 60 * 1000
})
