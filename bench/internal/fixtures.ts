/** What every measured client is given: the connection it reads and the fixed credentials it signs with. */
export const arn = "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
export const credentials = { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" }
