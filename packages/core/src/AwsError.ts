/**
 * Errors that any call can meet, whatever the operation models: the common
 * AWS errors (credentials, signatures, throttling, validation; named as AWS
 * JSON-protocol services send them), a catch-all
 * for codes the model does not know, and failures on our side of the wire.
 *
 * They are `Schema.TaggedError`s so that they can cross a workflow boundary
 * (serialised and decoded back) like the modeled errors.
 *
 * Every error made from a service response (modeled, common, or
 * `AwsServiceError`) has the same extras: `message` is the service's own
 * message, `$metadata` is a {@link ResponseMetadata} (HTTP status, request id,
 * attempts, total retry delay) and `$fault` says whose fault the model makes
 * it (`client` or `server`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

import { errorMetadataFields, type Fault } from "./internal/metadata.js"

export {
  /**
   * Which side the model blames for an error: the caller (`client`) or the service (`server`).
   *
   * @since 0.1.0
   * @category models
   */
  type Fault,
  /**
   * The response metadata of a call: HTTP status, request id, attempts, total retry delay.
   *
   * @since 0.1.0
   * @category models
   */
  ResponseMetadata,
  /**
   * A successful call's output with the metadata of its response (what `withMetadata` methods return).
   *
   * @since 0.1.0
   * @category models
   */
  type WithMetadata
} from "./internal/metadata.js"

/** The fields of a common error: the wire `Message`, and the metadata every service error has. */
const fields = (status: number, fault: Fault) => ({
  Message: Schema.optional(Schema.String),
  ...errorMetadataFields({ status, fault })
})

/**
 * The caller is not allowed to perform the action (HTTP 403). Also sent as `AccessDenied`.
 *
 * @since 0.1.0
 * @category errors
 */
export class AccessDeniedException
  extends Schema.TaggedError<AccessDeniedException>()("AccessDeniedException", fields(403, "client"))
{
  /** The service's message, not a rendering of the fields. */
  override get message(): string {
    return this.Message ?? ""
  }
}
/**
 * The security token in the request has expired. Also sent as `ExpiredToken`.
 *
 * @since 0.1.0
 * @category errors
 */
export class ExpiredTokenException
  extends Schema.TaggedError<ExpiredTokenException>()("ExpiredTokenException", fields(400, "client"))
{
  override get message(): string {
    return this.Message ?? ""
  }
}
/**
 * The request signature lacks a required part. Also sent as `IncompleteSignature`.
 *
 * @since 0.1.0
 * @category errors
 */
export class IncompleteSignatureException
  extends Schema.TaggedError<IncompleteSignatureException>()("IncompleteSignatureException", fields(400, "client"))
{
  override get message(): string {
    return this.Message ?? ""
  }
}
/**
 * An unknown failure on the AWS side (HTTP 500).
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalFailure extends Schema.TaggedError<InternalFailure>()("InternalFailure", fields(500, "server")) {
  override get message(): string {
    return this.Message ?? ""
  }
}
/**
 * The computed signature does not match the one sent (wrong secret key, or a
 * request altered in transit). Also sent as `SignatureDoesNotMatch`.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidSignatureException
  extends Schema.TaggedError<InvalidSignatureException>()("InvalidSignatureException", fields(400, "client"))
{
  override get message(): string {
    return this.Message ?? ""
  }
}
/**
 * The request carried no credentials. Also sent as `MissingAuthenticationToken`.
 *
 * @since 0.1.0
 * @category errors
 */
export class MissingAuthenticationTokenException extends Schema.TaggedError<MissingAuthenticationTokenException>()(
  "MissingAuthenticationTokenException",
  fields(403, "client")
) {
  override get message(): string {
    return this.Message ?? ""
  }
}
/**
 * The request's date is too far from the server's clock, or the request is too old.
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestExpired extends Schema.TaggedError<RequestExpired>()("RequestExpired", fields(400, "client")) {
  override get message(): string {
    return this.Message ?? ""
  }
}
/**
 * The service is temporarily unable to handle the request (HTTP 503). Also sent as `ServiceUnavailableException`.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailable
  extends Schema.TaggedError<ServiceUnavailable>()("ServiceUnavailable", fields(503, "server"))
{
  override get message(): string {
    return this.Message ?? ""
  }
}
/**
 * The request rate is too high. Also sent as `Throttling`.
 *
 * @since 0.1.0
 * @category errors
 */
export class ThrottlingException
  extends Schema.TaggedError<ThrottlingException>()("ThrottlingException", fields(400, "client"))
{
  override get message(): string {
    return this.Message ?? ""
  }
}
/**
 * The access key id is not known to AWS (or not valid in this partition).
 * Also sent as `InvalidClientTokenId`.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnrecognizedClientException
  extends Schema.TaggedError<UnrecognizedClientException>()("UnrecognizedClientException", fields(400, "client"))
{
  override get message(): string {
    return this.Message ?? ""
  }
}
/**
 * The request does not satisfy a constraint that AWS checked. Also sent as `ValidationError`.
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidationException
  extends Schema.TaggedError<ValidationException>()("ValidationException", fields(400, "client"))
{
  override get message(): string {
    return this.Message ?? ""
  }
}

/**
 * Every common AWS error class, for mapping an error code to its class.
 *
 * @since 0.1.0
 * @category utils
 */
export const commonErrors = [
  AccessDeniedException,
  ExpiredTokenException,
  IncompleteSignatureException,
  InternalFailure,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  RequestExpired,
  ServiceUnavailable,
  ThrottlingException,
  UnrecognizedClientException,
  ValidationException
] as const

/**
 * The other spellings AWS front ends use for the common errors, each mapped
 * to the class name it means. The query-protocol front ends drop the
 * `Exception` suffix (`IncompleteSignature`, `MissingAuthenticationToken`,
 * `AccessDenied`, `ExpiredToken`, `Throttling`), some name an unknown key
 * `InvalidClientTokenId` and a bad signature `SignatureDoesNotMatch`, and a
 * few JSON front ends add a suffix the class does not have
 * (`ServiceUnavailableException`).
 *
 * @since 0.1.0
 * @category utils
 */
export const commonErrorAliases: Readonly<Record<string, CommonAwsError["_tag"]>> = {
  AccessDenied: "AccessDeniedException",
  ExpiredToken: "ExpiredTokenException",
  IncompleteSignature: "IncompleteSignatureException",
  InvalidClientTokenId: "UnrecognizedClientException",
  MissingAuthenticationToken: "MissingAuthenticationTokenException",
  ServiceUnavailableException: "ServiceUnavailable",
  SignatureDoesNotMatch: "InvalidSignatureException",
  Throttling: "ThrottlingException",
  ValidationError: "ValidationException"
}

/**
 * Any common AWS error.
 *
 * @since 0.1.0
 * @category models
 */
export type CommonAwsError = InstanceType<(typeof commonErrors)[number]>

const awsServiceErrorFields = {
  code: Schema.String,
  message: Schema.String,
  status: Schema.Number,
  requestId: Schema.optional(Schema.String),
  ...errorMetadataFields({ status: 0, fault: "server" }),
  $fault: Schema.optionalWith(Schema.Literal("client", "server"), { default: () => "server" })
}

/**
 * An error response whose code is neither modeled by the operation nor a
 * common AWS error, or an error response without a readable code (an HTML page
 * from a proxy, say). `code` is `"Unknown"` when no code could be read.
 * `status` and `requestId` repeat `$metadata.httpStatusCode` and
 * `$metadata.requestId`; when the error is built in code without `$metadata`
 * or `$fault`, they are derived from `status` (a 5xx is a server fault).
 *
 * @since 0.1.0
 * @category errors
 */
export class AwsServiceError extends Schema.TaggedError<AwsServiceError>()("AwsServiceError", awsServiceErrorFields) {
  constructor(props: Schema.Struct.Constructor<typeof awsServiceErrorFields>, options?: Schema.MakeOptions) {
    super({
      ...props,
      $metadata: props.$metadata ?? {
        httpStatusCode: props.status,
        ...(props.requestId === undefined ? {} : { requestId: props.requestId }),
        attempts: 0,
        totalRetryDelay: 0
      },
      $fault: props.$fault ?? (props.status >= 500 ? "server" : "client")
    }, options)
  }
}

/**
 * Why a call failed without a service error to show for it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AwsRequestErrorReason = Schema.Literal(
  /** The request never got a complete HTTP response (connection refused, reset, DNS). */
  "Transport",
  /** An attempt or the whole call ran out of time. */
  "Timeout",
  /** The response could not be read as the operation's output. */
  "Decode",
  /** The request could not be signed. */
  "Signing",
  /** No usable credentials could be obtained. */
  "Credentials",
  /** The input breaks a constraint of the model; nothing was sent. */
  "InvalidInput"
)
/**
 * The reason of an `AwsRequestError`, as a type.
 *
 * @since 0.1.0
 * @category models
 */
export type AwsRequestErrorReason = typeof AwsRequestErrorReason.Type

/**
 * One broken constraint of an input: where (`Tags[0].Key`) and what.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputIssue = Schema.Struct({ path: Schema.String, message: Schema.String })
/**
 * One broken constraint of an input, as a type.
 *
 * @since 0.1.0
 * @category models
 */
export type InputIssue = typeof InputIssue.Type

/**
 * A failure on our side of the wire. It never carries credentials or signed headers.
 *
 * @since 0.1.0
 * @category errors
 */
export class AwsRequestError extends Schema.TaggedError<AwsRequestError>()("AwsRequestError", {
  reason: AwsRequestErrorReason,
  operation: Schema.String,
  message: Schema.String,
  /** The HTTP status, when a response was received. */
  status: Schema.optional(Schema.Number),
  /** For `InvalidInput`: every broken constraint. */
  issues: Schema.optional(Schema.Array(InputIssue))
}) {}

/**
 * The exact error channel of an operation whose modeled errors are `E`: those,
 * the common AWS errors it does not model itself, and the two catch-alls.
 * Each generated operation names its own (`GetConnectionError`).
 *
 * @since 0.1.0
 * @category models
 */
export type OperationError<E extends { readonly _tag: string }> =
  | E
  | Exclude<CommonAwsError, { readonly _tag: E["_tag"] }>
  | AwsServiceError
  | AwsRequestError
