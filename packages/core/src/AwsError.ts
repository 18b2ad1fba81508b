/**
 * Errors that any call can meet, whatever the operation models: the common
 * AWS errors (credentials, signatures, throttling, validation; named as AWS
 * JSON-protocol services send them), a catch-all
 * for codes the model does not know, and failures on our side of the wire.
 *
 * They are `Schema.TaggedError`s so that they can cross a workflow boundary
 * (serialised and decoded back) like the modeled errors.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/** The exact error channel of an operation whose modeled errors are `E`. */
export type { OperationError } from "./internal/operation.js"

const Message = { Message: Schema.optional(Schema.String) }

/** The caller is not allowed to perform the action (HTTP 403). */
export class AccessDeniedException extends Schema.TaggedError<AccessDeniedException>()("AccessDeniedException", Message) {}
/** The security token in the request has expired. */
export class ExpiredTokenException extends Schema.TaggedError<ExpiredTokenException>()("ExpiredTokenException", Message) {}
/** The request signature lacks a required part. */
export class IncompleteSignatureException extends Schema.TaggedError<IncompleteSignatureException>()("IncompleteSignatureException", Message) {}
/** An unknown failure on the AWS side (HTTP 500). */
export class InternalFailure extends Schema.TaggedError<InternalFailure>()("InternalFailure", Message) {}
/** The computed signature does not match the one sent (wrong secret key, or a request altered in transit). */
export class InvalidSignatureException extends Schema.TaggedError<InvalidSignatureException>()("InvalidSignatureException", Message) {}
/** The request carried no credentials. */
export class MissingAuthenticationTokenException
  extends Schema.TaggedError<MissingAuthenticationTokenException>()("MissingAuthenticationTokenException", Message)
{}
/** The request's date is too far from the server's clock, or the request is too old. */
export class RequestExpired extends Schema.TaggedError<RequestExpired>()("RequestExpired", Message) {}
/** The service is temporarily unable to handle the request (HTTP 503). */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()("ServiceUnavailable", Message) {}
/** The request rate is too high. */
export class ThrottlingException extends Schema.TaggedError<ThrottlingException>()("ThrottlingException", Message) {}
/** The access key id is not known to AWS (or not valid in this partition). */
export class UnrecognizedClientException extends Schema.TaggedError<UnrecognizedClientException>()("UnrecognizedClientException", Message) {}
/** The request does not satisfy a constraint that AWS checked. */
export class ValidationException extends Schema.TaggedError<ValidationException>()("ValidationException", Message) {}

/** Every common AWS error class, for mapping an error code to its class. */
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

/** Any common AWS error. */
export type CommonAwsError = InstanceType<(typeof commonErrors)[number]>

/**
 * An error response whose code is neither modeled by the operation nor a
 * common AWS error, or an error response without a readable code (an HTML page
 * from a proxy, say). `code` is `"Unknown"` when no code could be read.
 */
export class AwsServiceError extends Schema.TaggedError<AwsServiceError>()("AwsServiceError", {
  code: Schema.String,
  message: Schema.String,
  status: Schema.Number,
  requestId: Schema.optional(Schema.String)
}) {}

/** Why a call failed without a service error to show for it. */
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
export type AwsRequestErrorReason = typeof AwsRequestErrorReason.Type

/** One broken constraint of an input: where (`Tags[0].Key`) and what. */
export const InputIssue = Schema.Struct({ path: Schema.String, message: Schema.String })
export type InputIssue = typeof InputIssue.Type

/** A failure on our side of the wire. It never carries credentials or signed headers. */
export class AwsRequestError extends Schema.TaggedError<AwsRequestError>()("AwsRequestError", {
  reason: AwsRequestErrorReason,
  operation: Schema.String,
  message: Schema.String,
  /** The HTTP status, when a response was received. */
  status: Schema.optional(Schema.Number),
  /** For `InvalidInput`: every broken constraint. */
  issues: Schema.optional(Schema.Array(InputIssue))
}) {}
