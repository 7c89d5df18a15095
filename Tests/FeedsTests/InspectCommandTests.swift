import XCTest

/// The built `crmwh` beside the test bundle (`.build/debug/crmwh`).
func crmwhBinary() throws -> URL {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("crmwh"),
        Bundle.main.bundleURL.appendingPathComponent("crmwh"),
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("crmwh"),
    ]
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw XCTSkip("crmwh is not built beside the tests (\(candidates.map(\.path)))")
    }
    return found
}

/// `crmwh inspect` end to end: the built binary beside the test bundle.
final class InspectCommandTests: XCTestCase {
    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try crmwhBinary()
        process.arguments = ["inspect"] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    private func write(_ text: String, named name: String) throws -> String {
        let url = try temporaryDirectory(self).appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func testPrintsRecordsAndRejects() throws {
        let path = try write("id,name\n1,\"Smith, J\"\n2\n3,\n", named: "people.csv")
        let result = try run([path])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, """
            {"line": 2, "fields": {"id": "1", "name": "Smith, J"}}
            {"line": 4, "fields": {"id": "3", "name": null}}

            """)
        XCTAssertEqual(result.stderr, "reject: \(path) record 2: line 3: expected 2 fields, found 1\n")
    }

    func testFormatOptionsAsFlags() throws {
        let path = try write("skip me\nx;'a;b';\\N\n", named: "raw.txt")
        let result = try run([path, "--delimiter", ";", "--quote", "'", "--no-header", "--skip-lines", "1", "--null", "\\N"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, #"{"line": 2, "fields": ["x", "a;b", null]}"# + "\n")
    }

    func testJSONAndLimit() throws {
        let path = try write(#"{"a":{"b":19.99}}"# + "\n" + #"{"a":{"b":1}}"# + "\n", named: "x.ndjson")
        let result = try run([path, "--limit", "1"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, #"{"line": 1, "fields": {"a.b": "19.99"}}"# + "\n")
    }

    func testCountOnlyReportsCounts() throws {
        let path = try write("a,b\n1,2\n3,4\n5\n", named: "c.csv")
        let result = try run([path, "--count-only"])
        XCTAssertEqual(result.status, 0)
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(summary?["records"] as? Int, 2)
        XCTAssertEqual(summary?["rejects"] as? Int, 1)
        XCTAssertEqual(summary?["fields"] as? Int, 4)
    }

    func testUnreadableFileAndBadOptionsExitNonZero() throws {
        let missing = try run(["/nonexistent/x.csv"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/x.csv: cannot open file"), missing.stderr)
        let badFormat = try run(["x.csv", "--format", "xml"])
        // A usage error: 64 from argument-parser, or 2 where the root maps usage errors to it.
        XCTAssertTrue([2, 64].contains(badFormat.status), "status \(badFormat.status)")
        XCTAssertTrue(badFormat.stderr.contains("--format must be csv, tsv, ndjson or json"), badFormat.stderr)
    }
}

final class InspectMappingCommandTests: XCTestCase {
    func testKindAndMapSelectCanonicalFieldsAndListIgnoredColumns() throws {
        let url = try temporaryDirectory(self).appendingPathComponent("p.csv")
        try Data("Artikel,Name,Farbe\nL-1,Lamp,red\n".utf8).write(to: url)
        let process = Process()
        process.executableURL = try crmwhBinary()
        process.arguments = ["inspect", url.path, "--kind", "products", "--map", "sku=Artikel", "--map", "name=Name"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, stderr)
        XCTAssertEqual(stdout, #"{"line": 2, "fields": {"sku": "L-1", "name": "Lamp", "category": null, "subcategory": null, "unit_cost": null}}"# + "\n")
        XCTAssertEqual(stderr, "ignored columns: Farbe\n")
    }
}
