/**
 * The codecs of operation inputs and outputs on Node (package.json
 * `imports`, `#codecs`; every other runtime's are in `codecs.ts`): the fast
 * encoder and decoders of `fastInput.ts` and `fastOutput.ts`, lists in
 * outputs included. They give Schema's results and failures (they hand over
 * to Schema whenever unsure) for a fraction of the work per call.
 */
export { encodeUnknownFast as encodeInput } from "./fastInput.js"
export { decodeUnknownFast as decodeOutput, fastList as fastListOf } from "./fastOutput.js"
