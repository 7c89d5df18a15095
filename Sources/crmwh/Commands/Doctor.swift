import ArgumentParser
import Foundation
import Runtime

/// `crmwh doctor`: is everything the nightly job needs in place?
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check everything the nightly job needs, one line per check with a fix for each failure.",
        discussion: """
            Checks the configuration, the embedded cluster (when it is the database), the SQL \
            directory, the inbox, archive, error and output directories and their permissions, files \
            no feed takes, the database connection, the schema against this crmwh's migrations, the \
            marts, the connected role's privileges and the warehouse lock. Changes nothing. Exit 0 \
            when every check passes, 1 when one fails.
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let checks: [DoctorCheck]
        do {
            checks = try global.runtime().doctor()
        } catch {
            checks = [.fail("configuration", "\(error)", fix: "crmwh config check shows the file and the setting at fault")]
        }
        print(DoctorRendering.lines(checks), terminator: "")
        if checks.contains(where: { $0.outcome == .fail }) { throw ExitCode(1) }
    }
}

enum DoctorRendering {
    static func lines(_ checks: [DoctorCheck]) -> String {
        let width = checks.map(\.name.count).max() ?? 0
        var text = ""
        for check in checks {
            let mark = check.outcome == .ok ? "ok  " : check.outcome == .fail ? "FAIL" : "--  "
            text += "\(mark)  \(check.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(check.detail)\n"
            if let fix = check.fix { text += "      \(String(repeating: " ", count: width))  fix: \(fix)\n" }
        }
        let failed = checks.filter { $0.outcome == .fail }.count
        text += failed == 0 ? "all \(checks.count) checks passed\n" : "\(failed) of \(checks.count) checks failed\n"
        return text
    }
}
