import ArgumentParser
import Foundation
import PostgresClient
import Runtime
import Warehouse

/// `crmwh runs`: the audit history, for the morning check after a nightly run.
struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the history of runs from the audit tables.",
        discussion: """
            Lists runs newest first with their files (loaded/skipped/refused/failed) and record counts; \
            'runs show RUN_ID' gives a run's steps, files and top reject reasons. Read-only: works while \
            a run holds the lock.
            """,
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recent runs, newest first.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "How many runs to list.")
        var last = 20

        @Option(help: "table for people, json for scripts.")
        var format: Format = .table

        func validate() throws {
            if last < 1 { throw ValidationError("--last must be at least 1") }
        }

        func run() throws {
            let history = try Runs.history(global)
            let runs = try history.recent(limit: last)
            switch format {
            case .json: print(try Runs.json(runs))
            case .table: print(RunsRendering.list(runs), terminator: "")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one run: steps, files and top reject reasons.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The run's id (first column of 'crmwh runs').")
        var runID: Int64

        @Option(help: "table for people, json for scripts.")
        var format: Format = .table

        @Option(help: "Reject reasons listed per file.")
        var reasons = 5

        func run() throws {
            let history = try Runs.history(global)
            guard let detail = try history.detail(runID: runID, rejectReasonsPerFile: max(1, reasons)) else {
                throw WarehouseError(.load, "there is no run \(runID) in etl.run; 'crmwh runs' lists the recent ones")
            }
            switch format {
            case .json: print(try Runs.json(detail))
            case .table: print(RunsRendering.detail(detail), terminator: "")
            }
        }
    }

    /// Connects as the config says and checks the audit tables exist. No lock.
    static func history(_ global: GlobalOptions) throws -> RunHistory {
        let connection = try global.runtime().connect()
        guard try connection.query("select to_regclass('etl.run') is not null").bool(0, 0) == true else {
            throw WarehouseError(.configuration, "the warehouse is not migrated yet; run 'crmwh migrate' first")
        }
        return RunHistory(connection: connection)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
