import XCTest
@testable import Feeds

final class EncodingTests: XCTestCase {
    func testLatin1IsConvertedToUTF8() throws {
        // "Müller","Café" in ISO-8859-1.
        let bytes: [UInt8] = Array("name,city\n".utf8) + [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x2C, 0x43, 0x61, 0x66, 0xE9, 0x0A]
        let result = try readAtAllChunkSizes(bytes, options: options { $0.encoding = .latin1 })
        XCTAssertEqual(result.rows, [["Müller", "Café"]])
        XCTAssertEqual(result.rejects, [])
    }

    func testWindows1252MapsTheC1RangeToItsCharacters() throws {
        // € 0x80, ‘ 0x91, ’ 0x92, „ 0x84, Ÿ 0x9F, and 0xE4 ä.
        let bytes: [UInt8] = Array("v\n".utf8) + [0x80, 0x91, 0x92, 0x84, 0x9F, 0xE4, 0x0A]
        let result = try readAtAllChunkSizes(bytes, options: options { $0.encoding = .windows1252 })
        XCTAssertEqual(result.rows, [["€‘’„Ÿä"]])
        let latin1 = try read(bytes, options: options { $0.encoding = .latin1 })
        XCTAssertEqual(latin1.rows.first?.first??.unicodeScalars.first?.value, 0x80, "Latin-1 keeps 0x80 as U+0080")
    }

    func testInvalidUTF8IsAPerRecordReject() throws {
        let bytes: [UInt8] = Array("a,b\n1,ok\n2,".utf8) + [0xC3, 0x28] + Array("\n3,caf".utf8) + [0xC3, 0xA9] + [0x0A]
        let result = try readAtAllChunkSizes(bytes)
        XCTAssertEqual(result.rows, [["1", "ok"], ["3", "café"]])
        XCTAssertEqual(result.rejects.count, 1)
        XCTAssertEqual(result.rejects[0].line, 3)
        XCTAssertEqual(result.rejects[0].raw, Array("2,".utf8) + [0xC3, 0x28])
        XCTAssertTrue(result.rejects[0].reason.hasPrefix("line 3: invalid UTF-8 at byte 3"), result.rejects[0].reason)
    }

    func testUTF8ValidatorRejectsOverlongSurrogatesAndOutOfRange() {
        func check(_ bytes: [UInt8]) -> Int? {
            bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0.baseAddress!, count: $0.count) }
        }
        XCTAssertNil(check(Array("aé€😀".utf8)))
        XCTAssertEqual(check([0x61, 0xC0, 0xAF]), 1, "overlong /")
        XCTAssertEqual(check([0xED, 0xA0, 0x80]), 0, "UTF-16 surrogate")
        XCTAssertEqual(check([0xF4, 0x90, 0x80, 0x80]), 0, "above U+10FFFF")
        XCTAssertEqual(check([0xE2, 0x82]), 0, "truncated sequence")
        XCTAssertEqual(check([0x80]), 0, "continuation without lead")
    }

    func testEncodingNames() {
        XCTAssertEqual(SourceEncoding(name: "ISO-8859-1"), .latin1)
        XCTAssertEqual(SourceEncoding(name: "cp1252"), .windows1252)
        XCTAssertEqual(SourceEncoding(name: "UTF8"), .utf8)
        XCTAssertNil(SourceEncoding(name: "ebcdic"))
    }
}
