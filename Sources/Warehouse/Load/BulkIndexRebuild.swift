import PostgresClient

/// When a file brings more rows than a fact table holds, its indexes are
/// dropped before the COPY and built again after it: one sort per index
/// costs a fraction of maintaining them row by row (5 M order lines: about
/// 3 s to build against 7 s of inserts). An empty table is also truncated
/// first, so that with `wal_level = minimal` the COPY and the builds write
/// no WAL. Both need the table to themselves until the file commits, which
/// the warehouse lock's single writer and a batch window allow; everything
/// happens in the file's transaction, so a failure restores the indexes.
struct BulkIndexRebuild {
    let table: String
    /// Primary key and unique constraints: name and definition.
    let constraints: [(name: String, definition: String)]
    /// `create index` statements of the other indexes.
    let indexes: [String]
    /// The table was truncated in this transaction.
    let truncated: Bool
    /// A plain table truncated in this transaction: a COPY into it may
    /// write its rows frozen and all-visible (`freeze`), so the first
    /// queries and vacuums after a history load do not rewrite every page.
    /// (PostgreSQL refuses `freeze` on a partitioned table.)
    let canFreeze: Bool

    /// Drops the indexes of `table` (a constant, schema-qualified name) when
    /// `incomingBytes` of input outweigh its heap (of a partitioned table,
    /// its partitions' together); nil, having changed nothing, when
    /// maintaining them row by row is cheaper, the session does not own the
    /// table, another session is using it, or it is distributed (Citus),
    /// where the indexes live on the workers' shards.
    static func prepare(_ connection: Connection, table: String, incomingBytes: Int64) throws -> BulkIndexRebuild? {
        if try WarehouseEngine.isDistributed(connection, table: table) { return nil }
        // Dropping indexes takes the table's owner: a loader role that only
        // writes rows (docs/operations.md) maintains them row by row.
        let state = try connection.query(
            """
            select case c.relkind when 'p' then (
                    select coalesce(sum(pg_relation_size(t.relid)), 0) from pg_partition_tree(c.oid) as t where t.isleaf)
                else pg_relation_size(c.oid) end,
                not exists (select 1 from \(table)),
                pg_has_role(current_user, c.relowner, 'USAGE'), has_table_privilege(c.oid, 'TRUNCATE'), c.relkind = 'r'
            from pg_class as c where c.oid = $1::regclass
            """, [table])
        let heapBytes = Int64(state.string(0, 0) ?? "0") ?? 0
        let isEmpty = state.bool(0, 1) ?? false
        guard state.bool(0, 2) == true, isEmpty || heapBytes < incomingBytes else { return nil }
        // A reader holds the table while its query runs: rather than queue
        // behind it (and hold up every reader after us), load row by row.
        try connection.execute("savepoint bulk_lock")
        do {
            try connection.execute("lock table \(table) in access exclusive mode nowait")
            try connection.execute("release savepoint bulk_lock")
        } catch let error as PostgresError where error.sqlState == SQLState.lockNotAvailable {
            try connection.execute("rollback to savepoint bulk_lock")
            return nil
        }

        let constraints = try connection.query(
            """
            select conname, pg_get_constraintdef(oid) from pg_constraint
            where conrelid = $1::regclass and contype in ('p', 'u') order by conname
            """, [table]
        ).rows.map { (name: $0[0]!, definition: $0[1]!) }
        let indexes = try connection.query(
            """
            select quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(i.indexrelid)
            from pg_index as i
            join pg_class as c on c.oid = i.indexrelid
            join pg_namespace as n on n.oid = c.relnamespace
            where i.indrelid = $1::regclass
              and not exists (select 1 from pg_constraint as k where k.conindid = i.indexrelid)
            order by 1
            """, [table]
        ).rows
        let truncate = isEmpty && state.bool(0, 3) == true
        if truncate { try connection.execute("truncate \(table)") }
        for constraint in constraints {
            try connection.execute("alter table \(table) drop constraint \(quoteIdentifier(constraint.name))")
        }
        for index in indexes { try connection.execute("drop index \(index[0]!)") }
        // A partitioned table's index is defined "ON ONLY" the parent; made
        // again without it, it is built on every partition too.
        let definitions = indexes.map { $0[1]!.replacingOccurrences(of: " ON ONLY ", with: " ON ") }
        return BulkIndexRebuild(
            table: table, constraints: constraints, indexes: definitions, truncated: truncate,
            canFreeze: truncate && state.bool(0, 4) == true)
    }

    /// Builds the indexes again (the caller has made sure the keys are unique).
    func rebuild(_ connection: Connection) throws {
        for constraint in constraints {
            try connection.execute(
                "alter table \(table) add constraint \(quoteIdentifier(constraint.name)) \(constraint.definition)")
        }
        for index in indexes { try connection.execute(index) }
    }
}
