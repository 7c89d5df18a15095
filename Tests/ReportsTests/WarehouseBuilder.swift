import Marts
import Foundation
import PostgresClient
import Reports
import TestSupport
import Warehouse

/// A fresh migrated warehouse in the test cluster, with helpers that insert
/// hand-made dimension and fact rows the way the loader would leave them.
final class WarehouseBuilder {
    let conninfo: String
    let connection: Connection

    init(prefix: String = "marts") throws {
        conninfo = try TestCluster.makeMigratedDatabase(prefix: prefix)
        connection = try Connection(conninfo)
    }

    /// Two products (books with a unit cost of 4, garden without a cost)
    /// and the web and store channels.
    func addStandardDimensions() throws {
        try connection.execute(
            """
            insert into dw.dim_product (sku, category, unit_cost, etl_file_id)
            values ('P1', 'books', 4, 1), ('P2', 'garden', null, 1);
            insert into dw.dim_channel (channel) values ('web'), ('store');
            """)
    }

    /// A customer with one version per (city, valid from) pair; the last is current.
    func addCustomer(_ id: String, cities: [(city: String, from: String)] = [("Town", "-infinity")]) throws {
        for (index, version) in cities.enumerated() {
            let validTo = index + 1 < cities.count ? cities[index + 1].from : "infinity"
            try connection.query(
                """
                insert into dw.dim_customer (customer_id, city, valid_from, valid_to, is_current)
                values ($1, $2, $3::timestamptz, $4::timestamptz, $5)
                """, [id, version.city, version.from, validTo, index + 1 == cities.count])
        }
    }

    /// One order line at noon UTC of `day`; the customer version in effect
    /// then is looked up as the loader does. Returns have negative amounts.
    func addLine(
        order: String, line: Int = 1, customer: String, day: String, sku: String = "P1",
        quantity: Int = 1, price: String = "10.00", channel: String = "web", isReturn: Bool = false,
        fileID: Int = 1
    ) throws {
        let signed = isReturn ? -abs(quantity) : quantity
        try connection.query(
            """
            insert into dw.fact_sales (
                order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
                campaign_key, quantity, unit_price, amount, currency, amount_base, is_return, etl_run_id, etl_file_id
            )
            select
                $1, $2, to_char($4::date, 'YYYYMMDD')::integer, $4::date + time '12:00' at time zone 'UTC',
                coalesce(
                    (select customer_key from dw.dim_customer
                     where customer_id = $3
                        and $4::date + time '12:00' at time zone 'UTC' >= valid_from
                        and $4::date + time '12:00' at time zone 'UTC' < valid_to),
                    -1),
                $3,
                (select product_key from dw.dim_product where sku = $5),
                (select channel_key from dw.dim_channel where channel = $8),
                -1, $6::numeric, $7::numeric, $6::numeric * $7::numeric, 'EUR', $6::numeric * $7::numeric, $9, 1, $10
            """, [order, line, customer, day, sku, signed, price, channel, isReturn, fileID])
    }

    func setSetting(_ name: String, _ value: String) throws {
        try connection.query("update mart.settings set value = $2::numeric where name = $1", [name, value])
    }

    @discardableResult
    func refresh(full: Bool = false) throws -> RefreshSummary {
        try MartRefresher(connection: connection, sql: try TestCluster.repositorySQL()).refresh(full: full)
    }

    /// Rows of a query as dictionaries of column name → text.
    func records(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) throws -> [[String: String?]] {
        let result = try connection.query(sql, parameters)
        let names = result.columnNames
        return result.rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(names, row).map { ($0, $1) })
        }
    }
}
