import Foundation
import TestSupport
import Warehouse
import XCTest

/// The built crmwh never prints a password: not in `config check`, not
/// when it cannot connect, whichever way the password was written.
final class SecretsTests: XCTestCase {
    static let forms: [(raw: String, secrets: [String], visible: [String])] = [
        (
            "postgresql://alice:p%40ss%2Fw0rd@db.example/wh?password=s%65cretQuery&sslmode=require",
            ["p%40ss%2Fw0rd", "p@ss/w0rd", "w0rd", "s%65cretQuery", "secretQuery"],
            ["alice", "db.example/wh", "sslmode=require"]
        ),
        (
            #"host=db.example user=alice password='it\'s a s3cret' dbname=wh"#,
            ["s3cret", "it's", #"it\'s"#], ["host=db.example", "user=alice", "dbname=wh"]
        ),
        (
            "host=db.example user=alice password='Unterminated secret",
            ["Unterminated", "secret"], ["host=db.example", "user=alice"]
        ),
    ]

    var directory: URL!

    override func setUpWithError() throws {
        directory = URL(fileURLWithPath: "/tmp/crmwh-redaction-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testConfigCheckPrintsTheDatabaseWithoutItsPassword() throws {
        for form in Self.forms {
            for (arguments, environment) in [
                (["config", "check", "--database", form.raw], [String: String]()),
                (["config", "check"], ["DATABASE_URL": form.raw]),
            ] {
                let result = try BuiltBinary.run(arguments, in: directory, environment: environment)
                XCTAssertEqual(result.status, 0, result.stderr)
                let line = result.stdout.components(separatedBy: "\n").first { $0.hasPrefix("database:") } ?? ""
                for secret in form.secrets {
                    XCTAssertFalse(result.text.contains(secret), "\(secret) printed: \(result.text)")
                }
                for visible in form.visible {
                    XCTAssertTrue(line.contains(visible), "\(visible) missing from \(line)")
                }
                XCTAssertTrue(line.contains("****"), line)
            }
        }
    }

    func testConnectionErrorsPrintNoPassword() throws {
        let attempts: [(String, [String])] = [
            ("postgresql://alice:Bad%zzSecret@db.example/wh", ["Bad%zzSecret", "zzSecret"]),
            ("postgresql://alice:quest?ion/Secret@db.example/wh", ["quest?ion/Secret", "ion/Secret"]),
            ("host=/nonexistent-dir user=alice password='it\\'s a s3cret' dbname=wh", ["s3cret"]),
            ("host=/nonexistent-dir user=alice password='Unterminated secret", ["Unterminated", "secret"]),
        ]
        for (raw, secrets) in attempts {
            for format in ["text", "json"] {
                let result = try BuiltBinary.run(["runs", "--database", raw, "--log-format", format], in: directory)
                XCTAssertEqual(result.status, 1, result.text)
                XCTAssertTrue(result.stderr.contains("could not connect"), result.stderr)
                for secret in secrets {
                    XCTAssertFalse(result.text.contains(secret), "\(secret) printed: \(result.text)")
                }
            }
        }
    }
}
