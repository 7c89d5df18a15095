import XCTest
@testable import Feeds

/// The eight-bytes-at-a-time scans must agree with a plain byte loop.
final class ByteScannerTests: XCTestCase {
    func testScannerFindsTheSameByteAsALoop() {
        var rng = FuzzTests.SplitMix(state: 5)
        let alphabet: [UInt8] = [0x61, 0x2C, 0x0A, 0x0D, 0x5C, 0x22, 0x7F, 0x80, 0xFF, 0x00, 0x20, 0x09]
        let targets: [UInt8] = [0x2C, 0x0A, 0x0D, 0x5C]
        let scanner = ByteScanner(targets: targets)
        defer { scanner.deallocate() }
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in
                Int.random(in: 0..<4, using: &rng) == 0 ? alphabet.randomElement(using: &rng)! : UInt8(ascii: "a")
            }
            let from = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!
                let expected = (from..<bytes.count).first { targets.contains(bytes[$0]) || bytes[$0] >= 0x80 } ?? bytes.count
                XCTAssertEqual(scanner.next(base, from: from, end: bytes.count), expected, "\(bytes) from \(from)")
                let expectedStop = (from..<bytes.count).first { bytes[$0] == 0x22 || bytes[$0] == 0x5C || bytes[$0] < 0x20 } ?? bytes.count
                XCTAssertEqual(JSONObjectParser.stringStop(base, from: from, end: bytes.count), expectedStop, "\(bytes) from \(from)")
            }
        }
    }
}
