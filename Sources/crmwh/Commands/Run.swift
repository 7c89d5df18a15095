import ArgumentParser
import Foundation
import Runtime
import Warehouse

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The nightly job: load every feed's new inbox files, then score, refresh and export.",
        discussion: """
            Applies pending migrations, takes the warehouse lock (exit 75 if another run holds it), \
            loads each feed's inbox files in dependency order (fx_rates, products, campaigns, contacts, \
            then transactions and interactions), one transaction per file, and moves each file to \
            archive/ (loaded or already loaded) or error/ (refused or failed) with its rejects beside \
            it. Then, in one pass: CLV scores, the mart refresh (stored reports included) and the \
            configured exports. A missing inbox is a configuration error (exit 2); a file in it that \
            no feed takes stays there and makes the run exit 3. A lost connection is retried with backoff; SIGINT or \
            SIGTERM cancels the statement in flight (the file being loaded rolls back and stays in the \
            inbox) and ends the run interrupted. Exit codes: 0 success, 1 failure or interrupted, 2 \
            configuration error, 3 rejects above the warning level or inbox files no feed takes, 75 \
            locked. See docs/operations.md.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Load files again even if their content was loaded before.")
    var force = false

    @Flag(help: "Load every inbox file as tonight would, in one transaction rolled back at the end: rejects files are written beside the files, which stay in the inbox; no score, refresh or export.")
    var dryRun = false

    func run() throws {
        let runtime = try global.runtime()
        var job = NightlyJob(runtime: runtime)
        job.force = force
        job.dryRun = dryRun
        job.progress = ProgressReporter.standardError(quiet: global.quiet)
        job.refreshObserver = StepProgress(label: "refresh", logger: runtime.logger, quiet: global.quiet)
        let outcome = try job.execute()
        if !global.quiet {
            let output = CommandOutput(global)
            if outcome.files.isEmpty {
                output.statement(
                    "no new files in \(runtime.config.directories.inbox.path)",
                    record: ["record": "inbox", "inbox": runtime.config.directories.inbox.path, "files": 0])
            } else {
                output.files(outcome.files)
            }
            output.statement(
                dryRun ? "dry run: \(outcome.status), nothing recorded" : "run \(outcome.runID): \(outcome.status)",
                record: ["record": "run", "run_id": outcome.runID, "status": outcome.status, "exit_code": Int(outcome.exitCode),
                         "unmatched_files": outcome.unmatchedFiles])
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
