/**
 * The `cold-bundled` entry of the official SDK: bundled and timed as
 * `bundled-ours.ts` is.
 */
import { CodeStarConnectionsClient, GetConnectionCommand } from "@aws-sdk/client-codestar-connections"
import { arn, credentials } from "./fixtures.js"

const url = process.argv[4]
if (url === undefined) throw new Error("no stub URL in the arguments")
const client = new CodeStarConnectionsClient({ region: "us-east-1", endpoint: url, credentials })
await client.send(new GetConnectionCommand({ ConnectionArn: arn }))
client.destroy()
