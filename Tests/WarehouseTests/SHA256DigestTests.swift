import Foundation
import Warehouse
import XCTest

final class SHA256DigestTests: XCTestCase {
    /// FIPS 180-4 examples and lengths around the padding boundary, checked
    /// against sha256sum from coreutils.
    func testKnownDigests() throws {
        XCTAssertEqual(SHA256Digest.hex(of: Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256Digest.hex(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256Digest.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        for length in [55, 56, 63, 64, 65, 1000] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(length)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let expected = try ProcessRunner.run("/usr/bin/sha256sum", [path]).stdout.split(separator: " ")[0]
            XCTAssertEqual(SHA256Digest.hex(of: bytes), String(expected), "length \(length)")
        }
    }

    func testStreamingEqualsOneShot() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var digest = SHA256Digest()
        var offset = 0
        for size in [1, 63, 64, 65, 1000, 3] + Array(repeating: 500, count: 20) where offset < bytes.count {
            let end = min(bytes.count, offset + size)
            digest.update(Array(bytes[offset..<end]))
            offset = end
        }
        digest.update(Array(bytes[offset...]))
        XCTAssertEqual(digest.finalizeHex(), SHA256Digest.hex(of: bytes))
    }
}
