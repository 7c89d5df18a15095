import Foundation
@testable import Reports
import XCTest

/// The four renderers on a small hand-made table, without a database.
final class RenderingTests: XCTestCase {
    let document = ReportDocument(
        name: "sample", title: "Sample <report>",
        sections: [
            ReportSection(
                title: "Sample",
                table: ReportTable(
                    columns: [.init("segment", .text), .init("customers", .number), .init("share", .number),
                        .init("is_new", .boolean)],
                    rows: [
                        ["can't lose", "7", "0.1000", "t"],
                        ["say \"hi\", twice", "12345", nil, "f"],
                        ["line\nbreak", "-3", "1E+2", nil],
                    ]))
        ])

    func testTableRightAlignsNumbersAndLeftAlignsText() {
        let lines = TableRenderer.render(document).split(separator: "\n", omittingEmptySubsequences: false)
        // Widths 15, 9, 6, 6; two spaces between columns. Counts are
        // grouped, shares shown as percentages, an exponent as written.
        XCTAssertEqual(lines[0], "segment          customers   share  is_new")
        XCTAssertEqual(lines[1], "---------------  ---------  ------  ------")
        XCTAssertEqual(lines[2], "can't lose               7  10.0 %  t")
        XCTAssertEqual(lines[3], "say \"hi\", twice     12,345          f")
        // A line break inside a cell would break the alignment: shown as a space.
        XCTAssertEqual(lines[4], "line break              -3    1E+2")
    }

    func testNumbersAreShownForReadingByTheirColumnRole() {
        XCTAssertEqual(ReadableNumber.role(ofColumn: "revenue_share"), .percent)
        XCTAssertEqual(ReadableNumber.role(ofColumn: "revenue_retention"), .percent)
        XCTAssertEqual(ReadableNumber.role(ofColumn: "confidence_a_to_b"), .percent)
        XCTAssertEqual(ReadableNumber.role(ofColumn: "responder_revenue"), .money)
        XCTAssertEqual(ReadableNumber.role(ofColumn: "average_predicted_clv"), .money)
        XCTAssertEqual(ReadableNumber.role(ofColumn: "cost_per_response"), .money)
        XCTAssertEqual(ReadableNumber.role(ofColumn: "lift"), .count)
        let cases: [(String, ReadableNumber.Role, String)] = [
            ("2775727.5455", .money, "2,775,727.55"),
            ("-996.7114", .money, "-996.71"),
            ("99.995", .money, "100.00"),
            ("999999.999", .money, "1,000,000.00"),
            ("-0.004", .money, "0.00"),
            ("12", .money, "12.00"),
            ("0.7848", .percent, "78.5 %"),
            ("0.78449", .percent, "78.4 %"),
            ("1.0000", .percent, "100.0 %"),
            ("0.000119", .percent, "0.0 %"),
            ("-0.0001", .percent, "0.0 %"),
            ("1234567", .count, "1,234,567"),
            ("-1000", .count, "-1,000"),
            ("0", .count, "0"),
            ("5.7146", .count, "5.7146"),
            ("1E+2", .money, "1E+2"),
            ("NaN", .percent, "NaN"),
            ("1.", .money, "1."),
        ]
        for (exact, role, shown) in cases {
            XCTAssertEqual(ReadableNumber.text(exact, role: role), shown, "\(exact) as \(role)")
        }
    }

    func testHeatmapCellsAreRates() {
        let section = ReportSection(
            title: "Retention",
            table: ReportTable(columns: [.init("cohort", .text), .init("1", .number)], rows: [["2024-01", "0.2390"]]),
            style: .heatmap)
        XCTAssertEqual(ReadableNumber.cell("0.2390", column: 1, of: section), "23.9 %")
        let html = HTMLRenderer.render(ReportDocument(name: "h", title: "h", sections: [section]))
        // Shaded by the exact rate, shown as a percentage.
        XCTAssertTrue(html.contains("hsl(212, 70%, 84%)\">23.9 %</td>"), html)
    }

    func testCSVQuotesPerRFC4180() {
        let csv = CSVRenderer.render(document)
        XCTAssertEqual(
            csv,
            "segment,customers,share,is_new\r\ncan't lose,7,0.1000,t\r\n\"say \"\"hi\"\", twice\",12345,,f\r\n"
                + "\"line\nbreak\",-3,1E+2,\r\n")
    }

    func testJSONKeepsExactNumbersAndTypes() throws {
        let json = JSONRenderer.render(document)
        XCTAssertTrue(json.contains("\"share\": 0.1000"), json)
        XCTAssertTrue(json.contains("\"is_new\": true"), json)
        XCTAssertTrue(json.contains("\"share\": null"), json)
        XCTAssertTrue(json.contains("\"segment\": \"line\\nbreak\""), json)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
        XCTAssertEqual(parsed.count, 3)
        XCTAssertEqual(parsed[1]["customers"] as? Int, 12345)
        XCTAssertEqual(parsed[1]["segment"] as? String, "say \"hi\", twice")
        XCTAssertEqual(parsed[2]["share"] as? Double, 100)
    }

    func testJSONNumberGrammar() {
        for valid in ["0", "-1", "12.50", "1e5", "1E+2", "0.0001", "123456789012345678901234567890.1234"] {
            XCTAssertTrue(JSONRenderer.isJSONNumber(valid), valid)
        }
        for invalid in ["NaN", "Infinity", "-Infinity", "01", "1.", ".5", "", "-", "1e"] {
            XCTAssertFalse(JSONRenderer.isJSONNumber(invalid), invalid)
        }
    }

    func testHTMLIsSelfContainedAndEscaped() {
        let html = HTMLRenderer.render(document)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<style>"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("http"))
        XCTAssertTrue(html.contains("<title>Sample &lt;report&gt;</title>"))
        XCTAssertTrue(html.contains("<td>say &quot;hi&quot;, twice</td><td class=\"n\">12,345</td>"))
    }

    func testSeveralSectionsAreTitled() {
        var two = document
        two.sections.append(ReportSection(title: "Second", table: ReportTable(columns: [.init("x", .number)], rows: [])))
        XCTAssertTrue(TableRenderer.render(two).contains("Second\n\nx\n-\n(no rows)"))
        XCTAssertTrue(CSVRenderer.render(two).contains("# Second\r\nx\r\n"))
        XCTAssertTrue(JSONRenderer.render(two).contains("\"Second\": []"))
    }

    func testAtomicWriteReplacesTheFileAndLeavesNoTemporary() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.csv").path
        try AtomicFile.write("old", to: path)
        try AtomicFile.write("new", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["report.csv"])
        XCTAssertThrowsError(try AtomicFile.write("x", to: directory.appendingPathComponent("missing/r.csv").path))
    }
}
