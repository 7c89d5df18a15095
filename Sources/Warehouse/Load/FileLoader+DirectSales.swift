import Feeds
import Foundation
import Pipeline
import PostgresClient

extension FileLoader {
    static let factSalesColumns = [
        "order_id", "line_no", "date_key", "ordered_at", "customer_key", "customer_id", "product_key", "channel_key",
        "campaign_key", "quantity", "unit_price", "discount", "amount", "currency", "amount_base", "is_return",
        "source_system", "etl_run_id", "etl_file_id",
    ]

    /// The fast path for order lines: every line goes straight into
    /// `dw.fact_sales` by binary COPY with its keys resolved on the client
    /// (no second pass through the server); members the warehouse does not
    /// know yet are inserted as inferred ones afterwards. Each line's key
    /// is spooled as it is written and registered in `dw.order_line_key`
    /// after the COPY (into an emptied registry, copied there alongside the
    /// facts). Lines go straight into their month partitions (`PartitionCopy`). Returns nil, having changed nothing, when an order
    /// line is already in the warehouse or repeats in the file: the caller
    /// then merges the whole file through staging, where the last record
    /// wins. A file larger than the facts already loaded builds the table's
    /// indexes afterwards, in one go. Single-node only (`directCopy`): it
    /// rolls back to a savepoint, which a distributed engine cannot.
    func loadSalesDirect(
        file: FeedFile, definition: FeedDefinition, stager: SalesStager, fileID: Int64,
        log: inout RejectLog
    ) throws -> Int? {
        guard settings.directCopy else { return nil }
        let path = file.path, incomingBytes = file.size
        var clock = PhaseClock(logger: logger, path: path)
        let defaultSystem = Array(settings.defaultSourceSystem.utf8)
        // A file small beside the warehouse names its customers first: the
        // cache then holds those, not every customer.
        let named = try FileSourceKeys.worthReading(fileBytes: incomingBytes, connection)
            ? try FileSourceKeys.collect(file: file, definition: definition, stager: stager, defaultSystem: defaultSystem)
            : nil
        if let named { clock.lap("the file's \(named.count) customers named") }
        var cache = try FactKeyCache.load(connection, sourceKeys: named)
        clock.lap("key cache loaded")
        var system: [UInt8] = []
        let reader = try definition.reader(file: file)
        var read = 0
        var counter = ProgressCounter(sink: progress)
        var issues: [FieldIssue] = []
        let localLog = try newRejectLog(for: path)
        let guardrail = RecordGuard(kind: definition.kind, format: reader.format)
        var keys = OrderLineKeySpool()
        try ensurePartitionsAhead("dw.fact_sales")
        try connection.execute("savepoint direct_copy")
        do {
            let bulk = try BulkIndexRebuild.prepare(connection, table: "dw.fact_sales", incomingBytes: incomingBytes)
            // The registry follows the facts: rebuilt after a history load too.
            let bulkKeys = bulk == nil
                ? nil : try BulkIndexRebuild.prepare(connection, table: "dw.order_line_key", incomingBytes: .max)
            // A history load's months, as far as its first line tells them:
            // its lines then go to their partitions, not through the default.
            if bulk != nil, let first = try firstDateKey(file: file, definition: definition, stager: stager) {
                try ensurePartitionsAhead("dw.fact_sales", from: first)
            }
            // A history load into empty facts writes no WAL: its tables are
            // synced when it commits. Have the server start writing them out
            // as it goes, so the commit does not wait for all of it at once.
            if bulk?.truncated == true { try connection.execute("set local backend_flush_after = '2MB'") }
            clock.lap(bulk == nil ? "partitions made" : "partitions made, indexes dropped")
            // Into an emptied registry the keys ride along with the facts' COPY.
            let keysAlong = bulkKeys?.truncated == true
            let copy = PartitionCopy(
                connection: connection, parent: "dw.fact_sales", columns: Self.factSalesColumns,
                partitions: try PartitionCopy.partitions(of: "dw.fact_sales", connection), freeze: bulk?.truncated == true,
                side: keysAlong
                    ? "copy dw.order_line_key (\(OrderLineKeySpool.columns.joined(separator: ", "))) from stdin with (format binary"
                        + (bulkKeys?.canFreeze == true ? ", freeze true)" : ")")
                    : nil)
            do {
                _ = try reader.read { record in
                    read += 1
                    counter.record(bytes: record.rawBytes.count)
                    issues.removeAll(keepingCapacity: true)
                    if guardrail.admits(record, issues: &issues), let line = stager.validate(record, issues: &issues) {
                        FileSourceKeys.sourceSystem(of: line, default: defaultSystem, into: &system)
                        try system.withUnsafeBytes { system in
                            let members = cache.keys(for: line, system: system)
                            try copy.append(key: line.dateKey) { writeFactRow(line, members, system: system, fileID: fileID, into: &$0) }
                            if keysAlong {
                                keys.note(line)
                                try copy.appendSide { OrderLineKeySpool.writeRow(line, customerID: members.customerID, into: &$0) }
                            } else {
                                try keys.append(line, customerID: members.customerID)
                            }
                        }
                    }
                    if !issues.isEmpty {
                        try localLog.record(issues, recordNumber: record.recordNumber, line: record.line, raw: record.rawBytes)
                    }
                } onReject: { reject in
                    read += 1
                    try localLog.recordUnreadable(recordNumber: reject.recordNumber, line: reject.line, reason: reject.reason, raw: reject.raw)
                }
                try copy.finish()
            } catch {
                copy.abort()
                throw error
            }
            logger.debug(
                "order lines into their month partitions: \(copy.rowsDirect), through the parent: \(copy.rowsThroughParent)",
                metadata: ["file.path": "\(path)"])
            clock.lap(bulk == nil ? "order lines copied" : "order lines copied without indexes")
            guard try keys.register(connection, sql: sql, emptiedRegistry: keysAlong, noted: keysAlong) else {
                logger.info("order lines re-sent: merging the file through staging", metadata: ["file.path": "\(path)"])
                try connection.execute("rollback to savepoint direct_copy")
                return nil
            }
            clock.lap("order line keys registered")
            // Lines of months without a partition went to the default one.
            if try settleDefaultPartition("dw.fact_sales") > 0 { clock.lap("lines moved into new month partitions") }
            try bulkKeys?.rebuild(connection)
            if bulkKeys != nil { clock.lap("order line key index built") }
            try bulk?.rebuild(connection)
            if bulk != nil { clock.lap("indexes built") }
        } catch let error as PostgresError where error.sqlState == SQLState.uniqueViolation {
            // A line re-sent unchanged (same customer, same day) meets its
            // earlier row in the facts' own key while the COPY runs, before
            // the registry could be asked.
            try connection.execute("rollback to savepoint direct_copy")
            return nil
        }
        try connection.execute("release savepoint direct_copy")
        try cache.insertNewMembers(connection, runID: runID, fileID: fileID)
        clock.lap("inferred members inserted")
        log = localLog
        return read
    }

    /// The date key of the file's first valid order line (one chunk read
    /// ahead, at most a thousand records looked at); nil if none is.
    private func firstDateKey(file: FeedFile, definition: FeedDefinition, stager: SalesStager) throws -> Int32? {
        struct Found: Error { let dateKey: Int32 }
        var issues: [FieldIssue] = []
        var looked = 0
        do {
            _ = try definition.reader(file: file).read { record in
                issues.removeAll(keepingCapacity: true)
                if let line = stager.validate(record, issues: &issues) { throw Found(dateKey: line.dateKey) }
                looked += 1
                if looked >= 1_000 { throw Found(dateKey: -1) }
            } onReject: { _ in }
        } catch let found as Found {
            return found.dateKey > 0 ? found.dateKey : nil
        }
        return nil
    }

    private func writeFactRow(
        _ line: SalesLine, _ keys: FactKeyCache.Keys, system: UnsafeRawBufferPointer, fileID: Int64, into buffer: inout [UInt8]
    ) {
        BinaryCopy.beginRow(fields: Self.factSalesColumns.count, in: &buffer)
        BinaryCopy.appendText(line.orderID, to: &buffer)
        BinaryCopy.appendInt4(line.lineNo, to: &buffer)
        BinaryCopy.appendInt4(line.dateKey, to: &buffer)
        BinaryCopy.appendTimestamp(postgresMicroseconds: PostgresEpoch.timestamp(fromUnixMicroseconds: line.orderedAt), to: &buffer)
        BinaryCopy.appendInt8(keys.customerKey, to: &buffer)
        BinaryCopy.appendText(keys.customerID, to: &buffer)
        BinaryCopy.appendInt8(keys.productKey, to: &buffer)
        BinaryCopy.appendInt8(keys.channelKey, to: &buffer)
        BinaryCopy.appendInt8(keys.campaignKey, to: &buffer)
        line.quantity.appendBinaryField(to: &buffer)
        line.unitPrice.appendBinaryField(to: &buffer)
        line.discount.appendBinaryField(to: &buffer)
        line.amount.appendBinaryField(to: &buffer)
        BinaryCopy.appendField(to: &buffer) { line.currency.appendCode(to: &$0) }
        line.amountBase.appendBinaryField(to: &buffer)
        BinaryCopy.appendBool(line.isReturn, to: &buffer)
        BinaryCopy.appendText(system, to: &buffer)
        BinaryCopy.appendInt8(runID, to: &buffer)
        BinaryCopy.appendInt8(fileID, to: &buffer)
    }
}
