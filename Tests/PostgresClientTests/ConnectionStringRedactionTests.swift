import Foundation
import PostgresClient
import XCTest

/// Every way a password can be written in a connection string, as libpq
/// reads it or fails to: none of its spellings may reach a message.
final class ConnectionStringRedactionTests: XCTestCase {
    struct Form {
        let name: String
        let raw: String
        /// The password as libpq parses it; nil when libpq cannot parse the string.
        let parsed: String?
        /// Texts that must never appear: the password as written, decoded, and parts of it.
        let secrets: [String]
        /// Texts that must stay readable (host, user, other parameters).
        let visible: [String]
    }

    static let forms: [Form] = [
        Form(
            name: "URI user info", raw: "postgresql://alice:Hunter2Secret@db.example:5432/wh",
            parsed: "Hunter2Secret", secrets: ["Hunter2Secret"], visible: ["alice", "db.example:5432/wh"]),
        Form(
            name: "URI user info, percent-encoded", raw: "postgresql://alice:p%40ss%2Fw0rd%3Fx@db.example/wh",
            parsed: "p@ss/w0rd?x", secrets: ["p%40ss%2Fw0rd%3Fx", "p@ss/w0rd?x", "w0rd"], visible: ["alice", "db.example/wh"]),
        Form(
            name: "URI user info, postgres:// scheme", raw: "postgres://alice:SchemeSecret@db.example/wh",
            parsed: "SchemeSecret", secrets: ["SchemeSecret"], visible: ["alice", "db.example/wh"]),
        Form(
            name: "URI user info holding ?", raw: "postgresql://alice:quest?ionSecret@db.example/wh",
            parsed: "quest?ionSecret", secrets: ["quest?ionSecret", "ionSecret"], visible: ["alice", "db.example/wh"]),
        Form(
            name: "URI user info holding / (libpq reads no password)", raw: "postgresql://alice:slash/Secret@db.example/wh",
            parsed: nil, secrets: ["slash/Secret", "Secret"], visible: ["alice", "db.example/wh"]),
        Form(
            name: "URI query password", raw: "postgresql://alice@db.example/wh?password=QuerySecret1&sslmode=require",
            parsed: "QuerySecret1", secrets: ["QuerySecret1"], visible: ["alice", "db.example/wh", "sslmode=require"]),
        Form(
            name: "URI query password, percent-encoded value", raw: "postgresql://db.example/wh?user=alice&password=s%65cretValue",
            parsed: "secretValue", secrets: ["s%65cretValue", "secretValue", "cretValue"], visible: ["user=alice", "db.example/wh"]),
        Form(
            name: "URI query password, percent-encoded name", raw: "postgresql://db.example/wh?user=alice&pass%77ord=KeyEncodedSecret",
            parsed: "KeyEncodedSecret", secrets: ["KeyEncodedSecret"], visible: ["user=alice", "db.example/wh"]),
        Form(
            name: "URI query password between parameters",
            raw: "postgresql://db.example/wh?user=alice&password=AmpSecret&connect_timeout=5",
            parsed: "AmpSecret", secrets: ["AmpSecret"], visible: ["user=alice", "connect_timeout=5"]),
        Form(
            name: "URI query, upper-case name (libpq refuses it)", raw: "postgresql://db.example/wh?user=alice&PASSWORD=UpperQuery",
            parsed: nil, secrets: ["UpperQuery"], visible: ["user=alice", "db.example/wh"]),
        Form(
            name: "URI, several hosts",
            raw: "postgresql://alice:MultiHostSecret@h1.example:5432,h2.example:5433/wh?target_session_attrs=read-write",
            parsed: "MultiHostSecret", secrets: ["MultiHostSecret"],
            visible: ["alice", "h1.example:5432", "h2.example:5433", "target_session_attrs=read-write"]),
        Form(
            name: "URI, several hosts, short password", raw: "postgresql://alice:pw@h1.example,h2.example/wh",
            parsed: "pw", secrets: [":pw@"], visible: ["alice", "h1.example", "h2.example"]),
        Form(
            name: "URI, malformed percent-encoding", raw: "postgresql://alice:Bad%zzSecret@db.example/wh",
            parsed: nil, secrets: ["Bad%zzSecret", "zzSecret"], visible: ["alice", "db.example/wh"]),
        Form(
            name: "URI, space in the password", raw: "postgresql://alice:two words@db.example/wh",
            parsed: "two words", secrets: ["two words", "words"], visible: ["alice", "db.example/wh"]),
        Form(
            name: "conninfo", raw: "host=db.example user=alice password=PlainSecret dbname=wh",
            parsed: "PlainSecret", secrets: ["PlainSecret"], visible: ["host=db.example", "user=alice", "dbname=wh"]),
        Form(
            name: "conninfo, quoted", raw: "host=db.example user=alice password='quoted secret words' dbname=wh",
            parsed: "quoted secret words", secrets: ["quoted", "secret", "words"],
            visible: ["host=db.example", "user=alice", "dbname=wh"]),
        Form(
            name: "conninfo, quoted with escaped quote", raw: #"host=db.example user=alice password='it\'s a s3cret' dbname=wh"#,
            parsed: "it's a s3cret", secrets: [#"it\'s a s3cret"#, "it's a s3cret", "s3cret"],
            visible: ["host=db.example", "user=alice", "dbname=wh"]),
        Form(
            name: "conninfo, quoted with escaped backslash", raw: #"host=db.example password='back\\slash' user=alice"#,
            parsed: #"back\slash"#, secrets: [#"back\\slash"#, #"back\slash"#, "slash"],
            visible: ["host=db.example", "user=alice"]),
        Form(
            name: "conninfo, escaped space", raw: #"host=db.example password=esc\ apedSecret dbname=wh"#,
            parsed: "esc apedSecret", secrets: [#"esc\ apedSecret"#, "esc apedSecret", "apedSecret"],
            visible: ["host=db.example", "dbname=wh"]),
        Form(
            name: "conninfo, spaces around =", raw: "host = db.example user = alice password = SpacedSecret dbname = wh",
            parsed: "SpacedSecret", secrets: ["SpacedSecret"], visible: ["host = db.example", "user = alice", "dbname = wh"]),
        Form(
            name: "conninfo, quoted, spaces around =", raw: "host=db.example password = 'sp aced' user=alice",
            parsed: "sp aced", secrets: ["sp aced", "aced"], visible: ["host=db.example", "user=alice"]),
        Form(
            name: "conninfo, password last", raw: "host=db.example user=alice password=LastSecret",
            parsed: "LastSecret", secrets: ["LastSecret"], visible: ["host=db.example", "user=alice"]),
        Form(
            name: "conninfo, password first, tab separated", raw: "password=TabSecret\thost=db.example\tuser=alice",
            parsed: "TabSecret", secrets: ["TabSecret"], visible: ["host=db.example", "user=alice"]),
        Form(
            name: "conninfo, password also elsewhere", raw: "host=db.example user=alice password=ReusedSecret application_name=ReusedSecret",
            parsed: "ReusedSecret", secrets: ["ReusedSecret"], visible: ["host=db.example", "user=alice"]),
        Form(
            name: "conninfo, sslpassword", raw: "host=db.example user=alice sslpassword=KeyFileSecret sslkey=/etc/k.pem",
            parsed: nil, secrets: ["KeyFileSecret"], visible: ["host=db.example", "user=alice", "sslkey=/etc/k.pem"]),
        Form(
            name: "conninfo, upper-case keyword (libpq refuses it)", raw: "host=db.example user=alice PASSWORD=UpperSecret",
            parsed: nil, secrets: ["UpperSecret"], visible: ["host=db.example", "user=alice"]),
        Form(
            name: "conninfo, unterminated quote", raw: "host=db.example user=alice password='Unterminated secret",
            parsed: nil, secrets: ["Unterminated", "secret"], visible: ["host=db.example", "user=alice"]),
        Form(
            name: "conninfo, double quotes (not libpq's)", raw: #"host=db.example user=alice password="dq secret""#,
            parsed: nil, secrets: ["dq secret", "secret"], visible: ["host=db.example", "user=alice"]),
        Form(
            name: "conninfo, unknown keyword", raw: "host=db.example hots=x password=NoParseSecret",
            parsed: nil, secrets: ["NoParseSecret"], visible: ["host=db.example"]),
    ]

    /// The forms are what they claim: libpq reads the password they name,
    /// or refuses the string.
    func testFormsAreReadByLibpqAsDescribed() {
        for form in Self.forms {
            let options = ConnectionString(form.raw).options()
            if let parsed = form.parsed {
                XCTAssertEqual(options["password"], parsed, form.name)
            } else if form.name.contains("sslpassword") {
                XCTAssertEqual(options["sslpassword"], "KeyFileSecret", form.name)
            } else if form.name.contains("libpq reads no password") {
                XCTAssertNil(options["password"], form.name)
            } else {
                XCTAssertTrue(options.isEmpty, "\(form.name): libpq parsed \(options)")
            }
        }
    }

    func testDescriptionNeverShowsThePassword() {
        for form in Self.forms {
            assertRedacted(ConnectionString(form.raw).description, form)
        }
    }

    func testRedactingTheStringItselfOrAMessageQuotingIt() {
        for form in Self.forms {
            let connectionString = ConnectionString(form.raw)
            assertRedacted(connectionString.redact(form.raw), form)
            assertRedacted(connectionString.redact("could not connect with \(form.raw): timeout"), form)
            // libpq quotes what it could not read: the token, or a tail of the string.
            for secret in form.secrets {
                let message = connectionString.redact(#"invalid percent-encoded token: "\#(secret)""#)
                XCTAssertFalse(message.contains(secret), "\(form.name): \(message)")
            }
        }
    }

    func testMessagesAboutOtherThingsAreLeftAlone() {
        let connectionString = ConnectionString("host=db.example user=alice password=PlainSecret")
        let message = #"password authentication failed for user "alice""#
        XCTAssertEqual(connectionString.redact(message), message)
        XCTAssertEqual(
            ConnectionString("postgresql://db.example/wh").description, "postgresql://db.example/wh")
        XCTAssertEqual(ConnectionString("host=/tmp dbname=wh").description, "host=/tmp dbname=wh")
        XCTAssertEqual(ConnectionString("").description, "")
    }

    func testPasswordLikeTextInAnyMessageIsMasked() {
        let connectionString = ConnectionString("host=db.example")
        for text in [
            "PGPASSWORD=EnvSecret crmwh run", "export pgpassword='EnvSecret'", "Password = EnvSecret",
            "see postgresql://bob:EnvSecret@h/db for details", "url postgresql://h/db?password=EnvSecret&x=1",
        ] {
            let redacted = connectionString.redact(text)
            XCTAssertFalse(redacted.contains("EnvSecret"), redacted)
            XCTAssertTrue(redacted.contains("****"), redacted)
        }
    }

    /// The connection error path: whatever libpq says about a string it
    /// could not use, the message carries no part of the password.
    func testConnectionErrorsCarryNoPassword() {
        let attempts: [(String, [String])] = [
            ("postgresql://alice:p%40ss%2Fw0rd@/wh?host=/nonexistent-dir", ["p%40ss%2Fw0rd", "p@ss/w0rd", "w0rd"]),
            ("postgresql://alice:Bad%zzSecret@db.example/wh", ["Bad%zzSecret", "zzSecret"]),
            ("postgresql://alice:quest?ion/Secret@db.example/wh", ["quest?ion/Secret", "ion/Secret", "Secret"]),
            ("postgresql:///wh?host=/nonexistent-dir&password=s%65cretValue", ["s%65cretValue", "secretValue"]),
            ("postgresql:///wh?host=/nonexistent-dir&password=Bad%zzQuery", ["Bad%zzQuery", "zzQuery"]),
            ("host=/nonexistent-dir user=alice password='it\\'s a s3cret' dbname=wh", ["s3cret"]),
            ("host=/nonexistent-dir user=alice password='Unterminated secret", ["Unterminated", "secret"]),
            ("host=/nonexistent-dir PASSWORD=UpperSecret", ["UpperSecret"]),
            ("host=/nonexistent-dir password=esc\\ aped\\", ["aped"]),
        ]
        for (raw, secrets) in attempts {
            XCTAssertThrowsError(try Connection(ConnectionString(raw))) { error in
                let text = "\(error)"
                for secret in secrets {
                    XCTAssertFalse(text.contains(secret), "\(raw): \(text)")
                }
                XCTAssertEqual((error as? PostgresError)?.kind, .connection, text)
            }
        }
    }

    private func assertRedacted(_ text: String, _ form: Form, file: StaticString = #filePath, line: UInt = #line) {
        for secret in form.secrets {
            XCTAssertFalse(text.contains(secret), "\(form.name): \(secret) in \(text)", file: file, line: line)
            let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret
            XCTAssertFalse(text.contains(encoded), "\(form.name): \(encoded) in \(text)", file: file, line: line)
        }
        if let parsed = form.parsed {
            XCTAssertFalse(text.contains(parsed), "\(form.name): \(parsed) in \(text)", file: file, line: line)
        }
        for visible in form.visible {
            XCTAssertTrue(text.contains(visible), "\(form.name): \(visible) missing from \(text)", file: file, line: line)
        }
        XCTAssertTrue(text.contains("****"), "\(form.name): nothing masked in \(text)", file: file, line: line)
    }
}
