/** The failure of a control call (an unknown resource, bad arguments). */
import * as Schema from "effect/Schema"

/** A control call could not be carried out; the message says why. */
export class EmulatorControlError extends Schema.TaggedError<EmulatorControlError>()("EmulatorControlError", {
  message: Schema.String
}) {}
