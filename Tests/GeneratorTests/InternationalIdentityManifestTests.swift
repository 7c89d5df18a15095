import Foundation
import Generator
import Pipeline
import XCTest

/// The manifest's international pairs are what contacts.csv holds, and the
/// pipeline's normalization sees them as planted: a duplicate's two
/// spellings (different bytes) give one address, a lookalike pair two.
final class InternationalIdentityManifestTests: XCTestCase {
    func testPairsAreTheAddressesWrittenAndNormalizeAsPlanted() throws {
        let plant = try XCTUnwrap(GeneratedFeeds.manifest.internationalIdentities)
        XCTAssertGreaterThan(plant.duplicates.count, 20)
        XCTAssertGreaterThan(plant.lookalikes.count, 50)
        let csv = GeneratedFeeds.csv("contacts.csv")
        var written: [String: [[UInt8]]] = [:]
        for row in csv.rows {
            let key = row.fields[csv.column("source_system")] + "/" + row.fields[csv.column("customer_id")]
            written[key, default: []].append(Array(row.fields[csv.column("email")].utf8))
        }
        // Bytes throughout: Swift's String == equates NFC and NFD spellings.
        func normalized(_ text: String) -> [UInt8]? {
            with(text) { EmailNormalizer.normalize($0) }.successValue.map { Array($0.utf8) }
        }
        func check(_ pair: Manifest.IdentityPair) {
            XCTAssertTrue(written[pair.sourceSystem + "/" + pair.sourceCustomerId, default: []].contains(Array(pair.email.utf8)),
                          pair.email)
            XCTAssertTrue(written[pair.otherSourceSystem + "/" + pair.otherSourceCustomerId, default: []]
                            .contains(Array(pair.otherEmail.utf8)), pair.otherEmail)
            XCTAssertNotEqual(Array(pair.email.utf8), Array(pair.otherEmail.utf8))
            XCTAssertNotNil(normalized(pair.email), pair.email)
            XCTAssertNotNil(normalized(pair.otherEmail), pair.otherEmail)
        }
        for pair in plant.duplicates {
            check(pair)
            XCTAssertEqual(normalized(pair.email), normalized(pair.otherEmail), "\(pair.email) / \(pair.otherEmail)")
            switch pair.form {
            case "nfd":
                let trimmed = pair.otherEmail.trimmingCharacters(in: .whitespaces)
                XCTAssertNotEqual(Array(trimmed.utf8), Array(trimmed.precomposedStringWithCanonicalMapping.utf8), trimmed)
            case "a-label domain":
                let domain = pair.otherEmail.trimmingCharacters(in: .whitespaces).split(separator: "@").last!
                XCTAssertTrue(domain.unicodeScalars.allSatisfy(\.isASCII), pair.otherEmail)
                XCTAssertEqual(Array(domain.utf8), Array(domain.uppercased().utf8), pair.otherEmail)
            case "domain in capitals", "all capitals":
                let domain = pair.otherEmail.split(separator: "@").last!
                XCTAssertEqual(Array(domain.utf8), Array(domain.uppercased().utf8), pair.otherEmail)
            default:
                XCTFail("unknown form \(pair.form)")
            }
        }
        for pair in plant.lookalikes {
            check(pair)
            XCTAssertNotEqual(normalized(pair.email), normalized(pair.otherEmail), "\(pair.email) / \(pair.otherEmail)")
        }
        // Several scripts and IDN domains are planted.
        let all = (plant.duplicates + plant.lookalikes).map(\.email).joined()
        for (script, range) in [("Greek", 0x0370...0x03FF), ("Cyrillic", 0x0400...0x04FF), ("Hebrew", 0x0590...0x05FF),
                                ("Arabic", 0x0600...0x06FF), ("Devanagari", 0x0900...0x097F), ("CJK", 0x4E00...0x9FFF)] {
            XCTAssertTrue(all.unicodeScalars.contains { range.contains(Int($0.value)) }, script)
        }
        XCTAssertTrue(plant.duplicates.contains { $0.otherEmail.contains("XN--") })
    }
}
