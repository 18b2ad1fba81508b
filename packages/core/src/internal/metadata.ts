/**
 * What every service error and every result can tell about the response it
 * came from. One shape for all of them, named as in the AWS SDK for
 * JavaScript v3 (`$metadata`, `$fault`), so code and habits carry over.
 * The `$` prefix keeps these apart from modeled members: Smithy member names
 * cannot start with `$`.
 */
import * as Schema from "effect/Schema"

/**
 * The response metadata of a call.
 *
 * - `httpStatusCode`: the status of the last response.
 * - `requestId`: the service's request id (`x-amzn-requestid`) when the
 *   response had one: quote it in an AWS support case.
 * - `attempts`: how many attempts the call made, the first included; 0 for an
 *   error constructed in code rather than received.
 * - `totalRetryDelay`: milliseconds spent waiting between attempts.
 */
export const ResponseMetadata = Schema.Struct({
  httpStatusCode: Schema.Number,
  requestId: Schema.optional(Schema.String),
  attempts: Schema.Number,
  totalRetryDelay: Schema.Number
})
export interface ResponseMetadata extends Schema.Schema.Type<typeof ResponseMetadata> {}

/** Which side the model blames for an error: the caller (`client`) or the service (`server`). */
export type Fault = "client" | "server"

/**
 * The two fields every service error class carries. Both have defaults, so an
 * error built in code (`new ResourceNotFoundException({ Message })`, in a test
 * or after crossing a workflow boundary) still has them: the modeled status,
 * no request id, 0 attempts.
 */
export const errorMetadataFields = <F extends Fault>(model: { readonly status: number; readonly fault: F }) => ({
  $metadata: Schema.optionalWith(ResponseMetadata, {
    default: (): ResponseMetadata => ({ httpStatusCode: model.status, attempts: 0, totalRetryDelay: 0 })
  }),
  $fault: Schema.optionalWith(Schema.Literal(model.fault), { default: () => model.fault })
})

/**
 * A modeled error's fields: its own members, then the two metadata fields.
 * One call rather than an object spread, so that the generated classes can be
 * marked pure and dropped by a bundler when a program never meets them (a
 * spread in a class's heritage keeps the class).
 */
export const errorFields = <Fields extends Schema.Struct.Fields, F extends Fault>(
  model: { readonly status: number; readonly fault: F },
  fields: Fields
) => ({ ...fields, ...errorMetadataFields(model) })

/** A successful call's output with the metadata of its response. */
export interface WithMetadata<O> {
  readonly output: O
  readonly $metadata: ResponseMetadata
}
