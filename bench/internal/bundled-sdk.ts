/**
 * The `cold-bundled` entry of the official SDK: bundled and timed as
 * `bundled-ours.ts` is.
 */
import { CodeStarConnectionsClient, GetConnectionCommand } from "@aws-sdk/client-codestar-connections"

const url = process.argv[4]
if (url === undefined) throw new Error("no stub URL in the arguments")
const client = new CodeStarConnectionsClient({
  region: "us-east-1",
  endpoint: url,
  credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" }
})
await client.send(
  new GetConnectionCommand({
    ConnectionArn: "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
  })
)
client.destroy()
