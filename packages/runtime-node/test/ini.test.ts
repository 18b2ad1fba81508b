import { describe, expect, it } from "@effect/vitest"
import { parseIni } from "../src/internal/ini.js"

describe("the shared-file INI dialect", () => {
  it("sections, keys, comments, CRLF and indented sub-properties", () => {
    const text = [
      "# a comment",
      "[default]",
      "region = eu-west-1",
      "; another comment",
      "Output=json",
      "",
      "[profile  dev]   # trailing comment on a header",
      "region=us-east-2",
      "services = local",
      "",
      "[services local]",
      "codestar_connections =",
      "  endpoint_url = http://127.0.0.1:4599",
      "  signature_version = v4",
      "codeconnections =",
      "\tendpoint_url = http://127.0.0.1:4600",
      "after = plain",
      "key without equals",
      "= value without key",
      ""
    ].join("\r\n")
    const sections = parseIni(text)
    expect([...sections.keys()]).toEqual(["default", "profile dev", "services local"])
    expect(Object.fromEntries(sections.get("default")!)).toEqual({ region: "eu-west-1", output: "json" })
    expect(Object.fromEntries(sections.get("profile dev")!)).toEqual({ region: "us-east-2", services: "local" })
    expect(Object.fromEntries(sections.get("services local")!)).toEqual({
      "codestar_connections.endpoint_url": "http://127.0.0.1:4599",
      "codestar_connections.signature_version": "v4",
      "codeconnections.endpoint_url": "http://127.0.0.1:4600",
      after: "plain"
    })
  })

  it("keys before any section are ignored; a repeated section merges", () => {
    const sections = parseIni("orphan = 1\n[a]\nx = 1\n[b]\ny = 2\n[a]\nz = 3\nx = 4\n")
    expect(Object.fromEntries(sections.get("a")!)).toEqual({ x: "4", z: "3" })
    expect(sections.has("orphan")).toBe(false)
  })
})
