import Feeds
import Foundation
import Pipeline
import PostgresClient

extension FileLoader {
    /// Reads the file, stages its valid records and merges them into dw.
    /// Returns the number of records read (valid or not).
    func stageAndMerge(file: FeedFile, definition: FeedDefinition, fileID: Int64, log: inout RejectLog) throws -> Int {
        let path = file.path
        let reader = try definition.reader(file: file)
        if !reader.ignoredColumns.isEmpty {
            logger.info("ignoring columns not in the \(definition.kind.rawValue) feed: \(reader.ignoredColumns.joined(separator: ", "))",
                        metadata: ["file.path": "\(path)"])
        }
        if definition.kind == .contacts {
            return try stageContacts(reader: reader, definition: definition, log: &log)
        }
        var stager = try makeStager(for: definition)
        if let sales = stager as? SalesStager,
            let read = try loadSalesDirect(
                file: file, definition: definition, stager: sales, fileID: fileID,
                log: &log)
        {
            return read
        }
        try connection.execute("truncate \(stager.table)")
        var read = 0
        var counter = ProgressCounter(sink: progress)
        var issues: [FieldIssue] = []
        let localLog = log
        let guardrail = RecordGuard(kind: definition.kind, format: reader.format)
        try connection.copyFrom(stager.copyStatement) { writer in
            try writer.append { BinaryCopy.appendHeader(to: &$0) }
            _ = try reader.read { record in
                read += 1
                counter.record(bytes: record.rawBytes.count)
                issues.removeAll(keepingCapacity: true)
                if guardrail.admits(record, issues: &issues) {
                    try writer.append { stager.stage(record, into: &$0, issues: &issues) }
                }
                if !issues.isEmpty {
                    try localLog.record(issues, recordNumber: record.recordNumber, line: record.line, raw: record.rawBytes)
                }
            } onReject: { reject in
                read += 1
                try localLog.recordUnreadable(recordNumber: reject.recordNumber, line: reject.line, reason: reject.reason, raw: reject.raw)
            }
            try writer.append { BinaryCopy.appendTrailer(to: &$0) }
        }
        log = localLog
        try merge(stager.merge)
        return read
    }

    func merge(_ plan: MergePlan) throws {
        switch plan {
        case .single(let file):
            try connection.execute(try sql.text(file))
        case .facts(let plan):
            try connection.execute(try sql.text(plan.prepare))
            try connection.execute(try sql.text("load/new_members.sql"))
            let months = try connection.execute(try sql.text(plan.months))
            try ensureMonthPartitions(plan.table, dateKeys: (0..<months.rowCount).compactMap { months.int($0, 0) })
            let isResent = try connection.execute(try sql.text(plan.check)).bool(0, 0) ?? true
            try connection.execute(try sql.text(isResent ? plan.replace : plan.insert))
            try settleDefaultPartition(plan.table)
        }
    }

    private func stageContacts(reader: FeedReader, definition: FeedDefinition, log: inout RejectLog) throws -> Int {
        let contactReader = ContactReader(
            validator: FieldValidator(options: try FieldOptions.from(definition)),
            defaultSourceSystem: settings.defaultSourceSystem,
            loadTime: Int64(Date().timeIntervalSince1970 * 1_000_000))
        var inputs: [ContactInput] = []
        var read = 0
        var counter = ProgressCounter(sink: progress)
        var issues: [FieldIssue] = []
        let localLog = log
        let guardrail = RecordGuard(kind: definition.kind, format: reader.format)
        _ = try reader.read { record in
            read += 1
            counter.record(bytes: record.rawBytes.count)
            issues.removeAll(keepingCapacity: true)
            if guardrail.admits(record, issues: &issues), let input = contactReader.read(record, issues: &issues) {
                inputs.append(input)
            }
            if !issues.isEmpty {
                try localLog.record(issues, recordNumber: record.recordNumber, line: record.line, raw: record.rawBytes)
            }
        } onReject: { reject in
            read += 1
            try localLog.recordUnreadable(recordNumber: reject.recordNumber, line: reject.line, reason: reject.reason, raw: reject.raw)
        }
        log = localLog
        _ = try ContactMerge(connection: connection).stage(inputs)
        try connection.execute(try sql.text("load/dim_customer.sql"))
        return read
    }

    private func makeStager(for definition: FeedDefinition) throws -> any RecordStager {
        switch definition.kind {
        case .transactions:
            let validator = FieldValidator(options: try FieldOptions.from(definition))
            var defaultCurrency = settings.baseCurrency
            if let configured = definition.defaultCurrency {
                guard case .success(let code) = CurrencyCode.parse(configured) else {
                    throw WarehouseError(.configuration, "feed \(definition.name): unknown default_currency '\(configured)'")
                }
                defaultCurrency = code
            }
            return SalesStager(
                validator: validator, fx: try loadFXRates(), defaultCurrency: defaultCurrency,
                defaultSourceSystem: settings.defaultSourceSystem, zone: try reportingZone(), dates: try dateWindow())
        case .interactions:
            return InteractionStager(
                validator: FieldValidator(options: try FieldOptions.from(definition)),
                defaultSourceSystem: settings.defaultSourceSystem, zone: try reportingZone(), dates: try dateWindow())
        case .products:
            return ProductStager(validator: FieldValidator(options: try FieldOptions.from(definition)))
        case .campaigns:
            return CampaignStager(validator: FieldValidator(options: try FieldOptions.from(definition)))
        case .fxRates:
            return FXRateStager(validator: FieldValidator(options: try FieldOptions.from(definition)))
        case .contacts:
            preconditionFailure("contacts are staged by ContactMerge")
        }
    }

    private func dateWindow() throws -> DateWindow {
        try DateWindow.load(connection, maxFutureDays: settings.maxFutureDays, zone: try reportingZone())
    }

    private func reportingZone() throws -> ZoneRules {
        guard let zone = ZoneRules(identifier: settings.reportingTimeZone) else {
            throw WarehouseError(.configuration, "unknown reporting time zone '\(settings.reportingTimeZone)'")
        }
        return zone
    }

    /// The warehouse's dated rates plus the configured static ones.
    private func loadFXRates() throws -> FXRateTable {
        var table = FXRateTable(baseCurrency: settings.baseCurrency, fallbackRates: settings.staticRates)
        let rows = try connection.query(
            "select currency, (rate_date - date '1970-01-01'), rate_to_base::text from dw.fx_rate order by currency, rate_date")
        for row in rows.rows {
            guard case .success(let currency) = CurrencyCode.parse(row[0]!), let day = Int32(row[1]!),
                let rate = ExactDecimal(row[2]!)
            else { continue }
            _ = table.setRate(rate, for: currency, on: day)
        }
        return table
    }
}
