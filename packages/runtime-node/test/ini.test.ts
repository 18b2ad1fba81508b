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
      codestar_connections: "",
      codeconnections: "",
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

/** Vectors from the behaviour the AWS SDKs share (their common profile-parser tests), in our own words. */
describe("the AWS SDKs' rules", () => {
  const section = (text: string, name: string) => {
    const found = parseIni(text).get(name)
    return found === undefined ? undefined : Object.fromEntries(found)
  }

  it("a # or ; after a blank starts a comment; adjacent to a value it is part of it", () => {
    expect(section("[default]\nregion = us-east-1 # prod", "default")).toEqual({ region: "us-east-1" })
    expect(section("[default]\nregion = us-east-1\t; prod", "default")).toEqual({ region: "us-east-1" })
    expect(section("[profile foo]\nname = value # Comment with # sign", "profile foo")).toEqual({ name: "value" })
    expect(section("[profile foo]\nname = value; adjacent\nname2 = value# adjacent", "profile foo")).toEqual({
      name: "value; adjacent",
      name2: "value# adjacent"
    })
    expect(section(";\n[profile foo];\nname = value ;\n", "profile foo")).toEqual({ name: "value" })
    expect(section("[profile foo]; adjacent\nx = 1", "profile foo")).toEqual({ x: "1" })
    expect(section("[profile foo]# adjacent\nx = 1", "profile foo")).toEqual({ x: "1" })
  })

  it("keys are trimmed and compared without regard to case; the last value wins", () => {
    expect(section("[profile foo]\nname \t=  \tvalue \t", "profile foo")).toEqual({ name: "value" })
    expect(section("[profile foo]\nName = value\n[profile foo]\nname = value2", "profile foo")).toEqual({
      name: "value2"
    })
    expect(section("[default]\nRegion = eu-west-1", "default")).toEqual({ region: "eu-west-1" })
    expect(section("[profile foo]\nname = val=ue", "profile foo")).toEqual({ name: "val=ue" })
    expect(section("[profile foo]\nname =", "profile foo")).toEqual({ name: "" })
    expect(section("[profile foo]\nin valid = value\nok = 1", "profile foo")).toEqual({ ok: "1" })
  })

  it("section headers: trimmed, spaces or tabs after the prefix, invalid names ignored with their keys", () => {
    expect(section("[profile \tfoo \t]\nx = 1", "profile foo")).toEqual({ x: "1" })
    expect(section("[profile\tfoo]\nx = 1", "profile foo")).toEqual({ x: "1" })
    expect(section("[   profile foo    ]\nx = 1", "profile foo")).toEqual({ x: "1" })
    expect(
      section("[profile some-thing:long/the_one%only.foo@bar+]\nx = 1", "profile some-thing:long/the_one%only.foo@bar+")
    )
      .toEqual({ x: "1" })
    const ignored = parseIni("[profile foo]\nname = value\n[profile in valid]\nx = 1\n[profile bar]\nname = value2")
    expect([...ignored.keys()]).toEqual(["profile foo", "profile bar"])
    expect(Object.fromEntries(ignored.get("profile foo")!)).toEqual({ name: "value" })
    expect(parseIni("[profile foo\nx = 1").size).toBe(0)
  })

  it("indented lines continue a value, or hold sub-properties under an empty one", () => {
    expect(section("[profile foo]\nname = value\n -continued\n -and-continued", "profile foo"))
      .toEqual({ name: "value\n-continued\n-and-continued" })
    expect(section("[profile foo]\nname = value\n -continued # not a comment", "profile foo"))
      .toEqual({ name: "value\n-continued # not a comment" })
    expect(
      section(
        "[services s]\ncodeconnections =\n  endpoint_url = http://127.0.0.1:4599 # local\n\n  Other = x",
        "services s"
      )
    )
      .toEqual({
        codeconnections: "",
        "codeconnections.endpoint_url": "http://127.0.0.1:4599",
        "codeconnections.other": "x"
      })
  })
})
