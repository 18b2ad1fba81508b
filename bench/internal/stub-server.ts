/**
 * A fixed-answer service for benchmarks, run in its own process so that the
 * client's CPU time can be measured alone. Prints its port on stdout.
 *
 * - `GetConnection` answers one connection.
 * - `ListConnections` answers pages of 50 connections, each with all six
 *   members a connection can have. Without a `NextToken` it answers the first
 *   page; the tokens lead through {@link pages} pages (10,000 connections),
 *   the last one without a token, so a paginator streams 10,000 items.
 *
 * The answers are serialised once, so the stub's own cost stays small and
 * the same for every client.
 */
import { createServer } from "node:http"
import { arn } from "./fixtures.js"

const pageSize = 50
const pages = 200

const connection = (i: number) => ({
  ConnectionName: `bench-${i}`,
  ConnectionArn: `arn:aws:codestar-connections:us-east-1:123456789012:connection/${
    String(i).padStart(8, "0")
  }-aaaa-bbbb-cccc-0123456789ab`,
  ProviderType: i % 3 === 0 ? "GitHub" : i % 3 === 1 ? "Bitbucket" : "GitHubEnterpriseServer",
  OwnerAccountId: "123456789012",
  ConnectionStatus: i % 5 === 0 ? "PENDING" : "AVAILABLE",
  HostArn: `arn:aws:codestar-connections:us-east-1:123456789012:host/bench-${i % 7}-0123456789abcdef`
})

const getBody = JSON.stringify({
  Connection: {
    ConnectionName: "bench",
    ConnectionArn: arn,
    ProviderType: "GitHub",
    OwnerAccountId: "123456789012",
    ConnectionStatus: "AVAILABLE"
  }
})

const pageBodies: Array<string> = []
for (let p = 0; p < pages; p++) {
  const Connections = Array.from({ length: pageSize }, (_, k) => connection(p * pageSize + k))
  pageBodies.push(JSON.stringify(p + 1 < pages ? { Connections, NextToken: `page-${p + 1}` } : { Connections }))
}

/** The page a request asks for: its `NextToken` is `page-<n>`, or absent for the first. */
const pageOf = (body: string): number => {
  const match = /"NextToken"\s*:\s*"page-(\d+)"/.exec(body)
  const n = match === null ? 0 : Number(match[1])
  return n >= 0 && n < pages ? n : 0
}

const server = createServer((req, res) => {
  const target = req.headers["x-amz-target"]
  const chunks: Array<Buffer> = []
  req.on("data", (chunk: Buffer) => chunks.push(chunk))
  req.on("end", () => {
    const body = typeof target === "string" && target.endsWith(".ListConnections")
      ? pageBodies[pageOf(Buffer.concat(chunks).toString())]!
      : getBody
    res.writeHead(200, {
      "content-type": "application/x-amz-json-1.0",
      "content-length": Buffer.byteLength(body),
      "x-amzn-requestid": "bench"
    })
    res.end(body)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => {
  const address = server.address()
  process.stdout.write(`${typeof address === "object" && address !== null ? address.port : 0}\n`)
})
process.on("SIGTERM", () => server.close(() => process.exit(0)))
