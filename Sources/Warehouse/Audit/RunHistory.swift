import Foundation
import PostgresClient

/// Reads the audit trail (`etl.run`, `etl.file`, `etl.reject`) for
/// `crmwh runs`. Read-only: it takes no lock and works while a run is going.
public struct RunHistory {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// The last `limit` runs, newest first.
    public func recent(limit: Int) throws -> [RunSummary] {
        let result = try connection.query(Self.runsQuery + " order by r.run_id desc limit $1", [limit])
        return (0..<result.rowCount).map { Self.summary(result, row: $0) }
    }

    /// One run with its steps, files and top reject reasons; nil if there is no such run.
    public func detail(runID: Int64, rejectReasonsPerFile: Int = 5) throws -> RunDetail? {
        let result = try connection.query(Self.runsQuery + " where r.run_id = $1", [runID])
        guard result.rowCount == 1 else { return nil }
        let steps = try Self.steps(json: try connection.query("select steps::text from etl.run where run_id = $1", [runID]).scalar)
        var files = try self.files(runID: runID)
        let reasons = try rejectReasons(runID: runID, limit: rejectReasonsPerFile)
        for index in files.indices {
            guard let file = reasons[files[index].fileID] else { continue }
            files[index].topRejects = file.top
            files[index].rejectReasonGroups = file.groups
            files[index].recordsInReasonsNotShown = file.records - file.top.reduce(0) { $0 + $1.count }
        }
        return RunDetail(run: Self.summary(result, row: 0), steps: steps, files: files)
    }

    /// The newest run still marked running, which holds the warehouse lock
    /// while a second writer is refused; nil if there is none.
    public func currentHolder() throws -> (runID: Int64, command: String, startedAt: String, pid: Int)? {
        let result = try connection.query(
            """
            select run_id, command, to_char(started_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'), pid
            from etl.run where status = 'running' order by run_id desc limit 1
            """)
        guard result.rowCount == 1, let id = result.int(0, 0) else { return nil }
        return (Int64(id), result.string(0, 1) ?? "", result.string(0, 2) ?? "", result.int(0, 3) ?? 0)
    }

    func files(runID: Int64) throws -> [RunFile] {
        let result = try connection.query(
            """
            select file_id, feed, feed_kind, path, status, bytes, records_read, records_loaded, records_rejected,
                warnings, extract(epoch from finished_at - started_at)::float8, message
            from etl.file where run_id = $1 order by file_id
            """, [runID])
        return (0..<result.rowCount).map { row in
            RunFile(
                fileID: Int64(result.int(row, 0) ?? 0), feed: result.string(row, 1) ?? "", kind: result.string(row, 2) ?? "",
                path: result.string(row, 3) ?? "", status: result.string(row, 4) ?? "", bytes: result.int(row, 5) ?? 0,
                recordsRead: result.int(row, 6) ?? 0, recordsLoaded: result.int(row, 7) ?? 0,
                recordsRejected: result.int(row, 8) ?? 0, warnings: result.int(row, 9) ?? 0,
                seconds: result.double(row, 10), message: result.string(row, 11))
        }
    }

    /// Per file, the most frequent (rule, field, severity) groups with the
    /// first record of each as the example, how many groups there are in
    /// all and how many records they hold.
    func rejectReasons(runID: Int64, limit: Int) throws -> [Int64: (top: [RejectReason], groups: Int, records: Int)] {
        let result = try connection.query(
            """
            with grouped as (
                select file_id, rule, severity, field, count(*) as occurrences,
                    (array_agg(line_no order by record_no))[1] as example_line,
                    (array_agg(value order by record_no))[1] as example_value,
                    (array_agg(reason order by record_no))[1] as example_reason
                from etl.reject where run_id = $1
                group by file_id, rule, severity, field
            ),
            ranked as (
                select *, row_number() over (partition by file_id order by occurrences desc, rule, field) as rank,
                    count(*) over (partition by file_id) as groups,
                    sum(occurrences) over (partition by file_id) as records
                from grouped
            )
            select file_id, rule, severity, field, occurrences, example_line, example_value, example_reason, groups, records
            from ranked where rank <= $2 order by file_id, rank
            """, [runID, limit])
        var reasons: [Int64: (top: [RejectReason], groups: Int, records: Int)] = [:]
        for row in 0..<result.rowCount {
            let reason = RejectReason(
                rule: result.string(row, 1) ?? "", severity: result.string(row, 2) ?? "", field: result.string(row, 3),
                count: result.int(row, 4) ?? 0, exampleLine: result.int(row, 5) ?? 0, exampleValue: result.string(row, 6),
                exampleReason: result.string(row, 7) ?? "")
            reasons[Int64(result.int(row, 0) ?? 0), default: ([], result.int(row, 8) ?? 0, result.int(row, 9) ?? 0)]
                .top.append(reason)
        }
        return reasons
    }

    /// Counts come from `etl.file`, which also holds them for a run that
    /// died before writing its summary; skipped files exist only in the summary.
    /// A run still marked running is abandoned when no session holds the
    /// warehouse lock (the advisory lock of a bigint key shows in `pg_locks`
    /// as classid = high 32 bits, objid = low 32 bits, objsubid = 1), or
    /// when a newer run is the one running.
    static let runsQuery = """
        select r.run_id, r.command, r.status,
            to_char(r.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            to_char(r.finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            extract(epoch from coalesce(r.finished_at, clock_timestamp()) - r.started_at)::float8,
            r.host, r.crmwh_version, r.message,
            coalesce(f.loaded, 0), coalesce((r.summary ->> 'files_skipped')::bigint, 0),
            coalesce(f.refused, 0), coalesce(f.failed, 0),
            coalesce(f.read, 0), coalesce(f.loaded_records, 0), coalesce(f.rejected, 0), coalesce(f.warnings, 0),
            r.status = 'running' and (
                not exists (
                    select from pg_locks
                    where locktype = 'advisory' and granted and objsubid = 1
                        and classid = \(WarehouseLock.key >> 32)::oid and objid = \(WarehouseLock.key & 0xffff_ffff)::oid
                )
                or r.run_id <> (select max(run_id) from etl.run where status = 'running')
            )
        from etl.run r
        left join lateral (
            select count(*) filter (where status in ('loaded', 'superseded')) as loaded,
                count(*) filter (where status = 'refused') as refused,
                count(*) filter (where status in ('failed', 'loading')) as failed,
                sum(records_read) as read, sum(records_loaded) as loaded_records,
                sum(records_rejected) as rejected, sum(warnings) as warnings
            from etl.file where file.run_id = r.run_id
        ) f on true
        """

    static func summary(_ result: QueryResult, row: Int) -> RunSummary {
        RunSummary(
            runID: Int64(result.int(row, 0) ?? 0), command: result.string(row, 1) ?? "", status: result.string(row, 2) ?? "",
            startedAt: result.string(row, 3) ?? "", finishedAt: result.string(row, 4), seconds: result.double(row, 5) ?? 0,
            host: result.string(row, 6), version: result.string(row, 7), message: result.string(row, 8),
            filesLoaded: result.int(row, 9) ?? 0, filesSkipped: result.int(row, 10) ?? 0,
            filesRefused: result.int(row, 11) ?? 0, filesFailed: result.int(row, 12) ?? 0,
            recordsRead: result.int(row, 13) ?? 0, recordsLoaded: result.int(row, 14) ?? 0,
            recordsRejected: result.int(row, 15) ?? 0, warnings: result.int(row, 16) ?? 0,
            isAbandoned: result.bool(row, 17) ?? false)
    }

    /// `[{"step": "load", "seconds": 1.2, "files": 3}, …]` → steps; unknown
    /// shapes are kept as text rather than dropped.
    static func steps(json: String?) throws -> [RunStep] {
        guard let json, let array = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any] else { return [] }
        return array.enumerated().map { index, element in
            guard let object = element as? [String: Any] else {
                return RunStep(name: "step \(index + 1)", seconds: nil, details: ["value": "\(element)"])
            }
            var details: [String: String] = [:]
            for (key, value) in object where key != "step" && key != "seconds" {
                details[key] = Self.text(value)
            }
            return RunStep(name: object["step"].map { "\($0)" } ?? "step \(index + 1)",
                           seconds: (object["seconds"] as? NSNumber)?.doubleValue, details: details)
        }
    }

    static func text(_ value: Any) -> String {
        if let number = value as? NSNumber { return number.stringValue }
        if JSONSerialization.isValidJSONObject(value),
           let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }
}
