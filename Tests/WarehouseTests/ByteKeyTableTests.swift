import XCTest

@testable import Warehouse

final class ByteKeyTableTests: XCTestCase {
    /// Keys of every length around the 8-byte words the hash reads, many
    /// enough to grow the table several times.
    func testFindsEveryKeyAndNoOther() {
        var table = ByteKeyTable()
        var expected: [String: Int] = [:]
        for index in 0..<20_000 {
            let key = String(repeating: "k", count: index % 19) + String(index)
            table.set(index, for: key)
            expected[key] = index
        }
        table.set(-1, for: "")
        expected[""] = -1
        XCTAssertEqual(table.count, expected.count)
        for (key, value) in expected { XCTAssertEqual(table.value(for: key), value, key) }
        for absent in ["k", "kkkkkkkk", "20000", "0 ", " 0", "k19"] where expected[absent] == nil {
            XCTAssertNil(table.value(for: absent), absent)
        }
    }

    func testSettingAgainReplacesTheValue() {
        var table = ByteKeyTable()
        table.set(1, for: "web\u{1F}C1")
        table.set(2, for: "web\u{1F}C1")
        XCTAssertEqual(table.value(for: "web\u{1F}C1"), 2)
        XCTAssertEqual(table.count, 1)
        XCTAssertNil(table.value(for: "web\u{1F}C2"))
    }

    func testBytesAndStringsAreTheSameKey() {
        var table = ByteKeyTable()
        let key = Array("Zoë-東京".utf8)
        key.withUnsafeBytes { table.set(7, for: $0) }
        XCTAssertEqual(table.value(for: "Zoë-東京"), 7)
    }
}
