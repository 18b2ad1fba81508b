/**
 * An error answer of the service. Every failure the emulator reports on the
 * wire goes through this one type, so the response framing (status, the
 * `x-amzn-errortype` header, the `__type`/`message` body) is built in one place.
 */
import { errorMetadata } from "@effect-codestar/core/CodeStarConnections"
import * as Data from "effect/Data"

/** The codes of the 17 errors the model declares. */
export type ModeledErrorCode = keyof typeof errorMetadata

/** A service error: the code sent on the wire, its message, and the HTTP status. */
export class ApiError extends Data.TaggedError("ApiError")<{
  readonly code: string
  readonly message: string
  readonly status: number
}> {}

/** A modeled error, with the HTTP status the model states for it. */
export const modeled = (code: ModeledErrorCode, message: string): ApiError =>
  new ApiError({ code, message, status: errorMetadata[code].status })

export const notFound = (message: string): ApiError => modeled("ResourceNotFoundException", message)
export const invalidInput = (message: string): ApiError => modeled("InvalidInputException", message)
export const limitExceeded = (message: string): ApiError => modeled("LimitExceededException", message)
export const alreadyExists = (message: string): ApiError => modeled("ResourceAlreadyExistsException", message)
export const unavailable = (message: string): ApiError => modeled("ResourceUnavailableException", message)

/**
 * A failed input check. The model declares no error for it: AWS JSON services
 * answer the framework's `ValidationException` with HTTP 400.
 */
export const validation = (message: string): ApiError =>
  new ApiError({ code: "ValidationException", message, status: 400 })

/** The body is not JSON, or not a JSON object. */
export const serialization = (message: string): ApiError =>
  new ApiError({ code: "SerializationException", message, status: 400 })

/** The `X-Amz-Target` names no operation of either API version. */
export const unknownOperation = (message: string): ApiError =>
  new ApiError({ code: "UnknownOperationException", message, status: 400 })
