import PostgresClient

/// Binary COPY of fact rows straight into the month partitions of a
/// range-partitioned table, not through the parent: the server then skips
/// finding each row's partition (the rows still meet the partition's
/// constraint). Files come in time order, so the COPY follows them: when a
/// row's partition lies after the current one, this COPY ends and one into
/// that partition starts. A row for an earlier partition, or for none (the
/// default partition's), is held back and goes through the parent at the
/// end. The COPY only moves forward, so it starts once per partition at
/// most; a file out of order (more rows held back than an eighth of those
/// sent) has the rest of its rows, and those held back, sent through the
/// parent. Rows of a second table (`side`: the order lines' keys for their
/// registry) ride along: each megabyte of them is copied in between, while
/// the client goes on encoding, so the server copies them in time it would
/// otherwise spend waiting for rows. One COPY ends and the next starts on
/// the sending thread: the encoder does not wait for the server's reply.
final class PartitionCopy {
    struct Partition {
        /// Schema-qualified, quoted.
        let name: String
        /// The range of date keys it takes: `from ..< to`.
        let from: Int32
        let to: Int32
    }

    private let connection: Connection
    private let parent: String
    private let columns: String
    private let partitions: [Partition]
    /// Partitions may be copied into frozen (truncated or created in this
    /// subtransaction: a history load into empty facts).
    private let freeze: Bool
    private var writer: CopyWriter?
    /// The partition `writer` fills; nil while it fills the parent.
    private var current: Int?
    private var throughParent = false
    private let strays = CopySpool()
    private var written = 0
    /// The side table's COPY statement, and its rows not yet sent.
    private let sideStatement: String?
    private var sideRows: [UInt8] = []
    private static let sideBatch = 1 << 20
    private static let sideSlice = 1 << 16
    /// Chunks queued for the sender (4 MB): enough for the client to go on
    /// while the server ends one COPY, copies a batch of side rows and
    /// starts another.
    private static let queueDepth = 16
    /// Rows sent to a partition of their own, and through the parent.
    private(set) var rowsDirect = 0
    private(set) var rowsThroughParent = 0

    /// `side`, if given: a `copy … from stdin with (format binary)` statement
    /// for the rows `appendSide` takes.
    init(
        connection: Connection, parent: String, columns: [String], partitions: [Partition], freeze: Bool,
        side: String? = nil
    ) {
        self.connection = connection
        self.parent = parent
        self.columns = columns.joined(separator: ", ")
        self.partitions = partitions.sorted { $0.from < $1.from }
        self.freeze = freeze
        sideStatement = side
    }

    /// The range partitions of `parent` (a constant name) the session may
    /// insert into directly, from the catalogue.
    static func partitions(of parent: String, _ connection: Connection) throws -> [Partition] {
        let bound = "regexp_match(pg_get_expr(c.relpartbound, c.oid), '^FOR VALUES FROM \\((-?\\d+)\\) TO \\((-?\\d+)\\)$')"
        let result = try connection.query(
            """
            select quote_ident(n.nspname) || '.' || quote_ident(c.relname), (b.bound)[1]::integer, (b.bound)[2]::integer
            from pg_inherits as i
            join pg_class as c on c.oid = i.inhrelid
            join pg_namespace as n on n.oid = c.relnamespace
            cross join lateral (select \(bound) as bound) as b
            where i.inhparent = $1::regclass and c.relkind = 'r' and b.bound is not null
                and has_table_privilege(c.oid, 'INSERT')
            order by 2
            """, [parent])
        return (0..<result.rowCount).compactMap { row in
            guard let name = result.string(row, 0), let from = result.int(row, 1), let to = result.int(row, 2),
                let from32 = Int32(exactly: from), let to32 = Int32(exactly: to)
            else { return nil }
            return Partition(name: name, from: from32, to: to32)
        }
    }

    /// Appends one row (`row` writes it, `BinaryCopy.beginRow` first) whose
    /// partition key is `key`.
    func append(key: Int32, _ row: (inout [UInt8]) -> Void) throws {
        if let writer, throughParent || contains(current, key) {
            try writer.append(row)
            count()
            return
        }
        let target = partitionIndex(for: key)
        if partitions.isEmpty {
            try startThroughParent()
            try writer!.append(row)
            count()
        } else if let target, target > (current ?? -1) {
            try switchTo(target)
            try writer!.append(row)
            count()
        } else {
            try strays.append(row)
            if strays.rows > 10_000 && strays.rows > written / 8 { try startThroughParent() }
        }
    }

    /// Appends one row of the side table (`BinaryCopy.beginRow` first).
    func appendSide(_ row: (inout [UInt8]) -> Void) throws {
        row(&sideRows)
        if sideRows.count >= Self.sideBatch, let writer, let sideStatement {
            try writer.append { BinaryCopy.appendTrailer(to: &$0) }
            try writer.switchCopy(to: sideStatement)
            try writeSideRows(writer)
            try writer.switchCopy(to: statement(current))
            try writer.append { BinaryCopy.appendHeader(to: &$0) }
        }
    }

    /// Ends the last COPY, after sending the rows held back through the
    /// parent and the side rows left.
    func finish() throws {
        if !throughParent && strays.rows > 0 { try startThroughParent() }
        let pendingSide = sideStatement.flatMap { sideRows.isEmpty ? nil : $0 }
        if let writer {
            try writer.append { BinaryCopy.appendTrailer(to: &$0) }
            if let pendingSide {
                try writer.switchCopy(to: pendingSide)
                try writeSideRows(writer)
            }
            self.writer = nil
            try connection.endCopy(writer)
        } else if let pendingSide {
            let writer = try connection.beginCopy(pendingSide)
            self.writer = writer
            try writeSideRows(writer)
            self.writer = nil
            try connection.endCopy(writer)
        }
    }

    /// Aborts the COPY under way (the caller rolls back what the ended ones stored).
    func abort() {
        if let writer { connection.abortCopy(writer) }
        writer = nil
    }

    private func count() {
        written += 1
        if throughParent { rowsThroughParent += 1 } else { rowsDirect += 1 }
    }

    private func contains(_ index: Int?, _ key: Int32) -> Bool {
        guard let index else { return false }
        return key >= partitions[index].from && key < partitions[index].to
    }

    /// The partition whose range holds `key`, by binary search.
    private func partitionIndex(for key: Int32) -> Int? {
        var low = 0, high = partitions.count
        while low < high {
            let middle = (low + high) / 2
            if partitions[middle].to <= key { low = middle + 1 } else { high = middle }
        }
        return low < partitions.count && partitions[low].from <= key ? low : nil
    }

    /// The COPY statement into partition `index`, or into the parent for nil.
    private func statement(_ index: Int?) -> String {
        guard let index else { return "copy \(parent) (\(columns)) from stdin with (format binary)" }
        return "copy \(partitions[index].name) (\(columns)) from stdin with (format binary\(freeze ? ", freeze true" : ""))"
    }

    /// Ends the COPY under way, if any, and starts one into `index`'s
    /// partition (nil: the parent), its header written unless `header` is false.
    private func switchTo(_ index: Int?, header: Bool = true) throws {
        if let writer {
            try writer.append { BinaryCopy.appendTrailer(to: &$0) }
            try writer.switchCopy(to: statement(index))
        } else {
            writer = try connection.beginCopy(statement(index), queueDepth: Self.queueDepth)
        }
        current = index
        if header { try writer!.append { BinaryCopy.appendHeader(to: &$0) } }
    }

    /// The side rows so far, with header and trailer, into the side COPY,
    /// a slice at a time: the sender's buffers keep the size of a chunk.
    private func writeSideRows(_ writer: CopyWriter) throws {
        try writer.append { BinaryCopy.appendHeader(to: &$0) }
        try sideRows.withUnsafeBytes { rows in
            var start = 0
            while start < rows.count {
                let end = min(start + Self.sideSlice, rows.count)
                try writer.write(UnsafeRawBufferPointer(rebasing: rows[start..<end]))
                start = end
            }
        }
        try writer.append { BinaryCopy.appendTrailer(to: &$0) }
        sideRows.removeAll(keepingCapacity: true)
    }

    /// From here on every row goes through the parent, those held back first
    /// (the spool starts with the header).
    private func startThroughParent() throws {
        try switchTo(nil, header: false)
        throughParent = true
        rowsThroughParent += strays.rows
        written += strays.rows
        try strays.send(to: writer!, trailer: false)
    }
}
