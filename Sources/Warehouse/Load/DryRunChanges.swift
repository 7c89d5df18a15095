import PostgresClient

/// What a file wrote to the star, counted before a dry run rolls it back:
/// rows per `dw` table stamped with the file's id, and for contacts how
/// many customers are new and how many existing ones it matched (identity
/// resolution) and gave a new version.
public struct DryRunChanges: Sendable, Equatable, Encodable {
    public struct Table: Sendable, Equatable, Encodable {
        public var table: String
        public var rows: Int
    }

    public var tables: [Table]
    public var newCustomers: Int
    public var matchedCustomers: Int

    enum CodingKeys: String, CodingKey {
        case tables, newCustomers = "new_customers", matchedCustomers = "matched_customers"
    }

    /// Counts what file `fileID` wrote; called inside its transaction.
    static func written(byFile fileID: Int64, _ connection: Connection) throws -> DryRunChanges {
        // Every star table that records the file writing a row (partitions
        // are counted through their parent).
        let tables = try connection.query(
            """
            select n.nspname || '.' || c.relname from pg_attribute as a
            join pg_class as c on c.oid = a.attrelid join pg_namespace as n on n.oid = c.relnamespace
            where n.nspname = 'dw' and a.attname = 'etl_file_id' and not a.attisdropped
                and c.relkind in ('r', 'p') and not c.relispartition
            order by 1
            """).rows.compactMap { $0[0] }
        var counts: [Table] = []
        for table in tables {
            let rows = try connection.query(
                "select count(*) from \(table) where etl_file_id = $1", [fileID]).string(0, 0).flatMap { Int($0) } ?? 0
            if rows > 0 { counts.append(Table(table: table, rows: rows)) }
        }
        // A customer the file wrote is new when no other file wrote a version of it.
        let customers = try connection.query(
            """
            with written as (
                select distinct customer_id from dw.dim_customer where etl_file_id = $1
            ),
            known as (
                select distinct customer_id from dw.dim_customer where etl_file_id is distinct from $1
            )
            select count(*) filter (where k.customer_id is null), count(k.customer_id)
            from written as w left join known as k using (customer_id)
            """, [fileID])
        return DryRunChanges(
            tables: counts, newCustomers: customers.string(0, 0).flatMap { Int($0) } ?? 0,
            matchedCustomers: customers.string(0, 1).flatMap { Int($0) } ?? 0)
    }
}
