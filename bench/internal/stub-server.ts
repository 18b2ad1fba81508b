/**
 * A fixed-answer service for benchmarks, run in its own process so that the
 * client's CPU time can be measured alone. Prints its port on stdout.
 */
import { createServer } from "node:http"

const body = JSON.stringify({
  Connection: {
    ConnectionName: "bench",
    ConnectionArn: "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab",
    ProviderType: "GitHub",
    OwnerAccountId: "123456789012",
    ConnectionStatus: "AVAILABLE"
  }
})

const server = createServer((req, res) => {
  req.resume()
  req.on("end", () => {
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
