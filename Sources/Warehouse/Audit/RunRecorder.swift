import Foundation
import PostgresClient

/// One `etl.run` row per command that writes the warehouse: opened at the
/// start, closed with a status, the steps it took and its totals.
public final class RunRecorder {
    public let runID: Int64
    private let connection: Connection
    private var steps: [[String: Any]] = []
    /// Whether `finish` has recorded the final status.
    public private(set) var isFinished = false
    /// Set when the command is asked to stop (a signal); loops over files check it between them.
    public var interrupt: InterruptFlag?

    public init(connection: Connection, command: String, version: String) throws {
        self.connection = connection
        let host = ProcessInfo.processInfo.hostName
        let result = try connection.query(
            "insert into etl.run (command, host, pid, crmwh_version) values ($1, $2, $3, $4) returning run_id",
            [command, host, Int(getpid()), version])
        guard let id = result.string(0, 0).flatMap({ Int64($0) }) else {
            throw WarehouseError(.load, "could not open a run in etl.run")
        }
        runID = id
    }

    /// Records one finished step with its duration and counts.
    public func step(_ name: String, seconds: Double, counts: [String: Any] = [:]) {
        var entry: [String: Any] = ["step": name, "seconds": (seconds * 1000).rounded() / 1000]
        entry.merge(counts) { $1 }
        steps.append(entry)
    }

    public func finish(status: String, summary: [String: Any], message: String? = nil) throws {
        let stepsJSON = try JSONSerialization.data(withJSONObject: steps, options: [.sortedKeys])
        let summaryJSON = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        try connection.query(
            """
            update etl.run set status = $2, finished_at = clock_timestamp(), steps = $3::jsonb,
                summary = $4::jsonb, message = $5
            where run_id = $1
            """,
            [runID, status, String(decoding: stepsJSON, as: UTF8.self), String(decoding: summaryJSON, as: UTF8.self), message])
        isFinished = true
    }
}
