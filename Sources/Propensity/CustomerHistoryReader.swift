import PostgresClient
import Scoring
import Warehouse

/// Reads a ``CustomerHistory`` through two `COPY … TO STDOUT`s of the history
/// functions (sql/marts/27_propensity_history.sql): the text rows are parsed
/// as they arrive, without a String per field.
struct CustomerHistoryReader {
    let connection: Connection
    /// Where sql/marts/27_propensity_history.sql is, to install the functions
    /// when they are missing (a warehouse whose marts no refresh or migrate
    /// installed yet); nil: they must be there.
    var sql: SQLDirectory?

    static let functionsFile = "marts/27_propensity_history.sql"

    func read(through day: CalendarDate) throws -> CustomerHistory {
        try requireFunctions()
        var builder = HistoryBuilder(through: day)
        // The date is a checked CalendarDate: safe to spell out, as COPY takes no parameters.
        try connection.copyTo(
            """
            copy (
                select customer_id, day - date '1970-01-01', channel, orders, revenue, returned
                from mart.propensity_sales_days('\(day)'::date)
            ) to stdout
            """
        ) { try builder.addSalesRow(TabFields($0)) }
        try connection.copyTo(
            """
            copy (
                select customer_id, day - date '1970-01-01', channel, contacts, responses, opens, clicks,
                    unsubscribes, complaints, service_contacts
                from mart.propensity_contact_days('\(day)'::date)
            ) to stdout
            """
        ) { try builder.addContactRow(TabFields($0)) }
        return builder.build()
    }

    /// The functions come with the marts (`crmwh migrate` and every refresh
    /// install them); the first nightly run scores before its refresh, so a
    /// missing pair is installed here when this role may.
    private func requireFunctions() throws {
        if try installed() { return }
        let hint = "the propensity history functions are not installed: run crmwh migrate as the owner of the warehouse (it installs the marts)"
        guard let sql else { throw WarehouseError(.configuration, hint) }
        do {
            try connection.execute("savepoint propensity_functions")
            try connection.execute(try sql.text(Self.functionsFile))
            try connection.execute("release savepoint propensity_functions")
        } catch let error as PostgresError {
            _ = try? connection.execute("rollback to savepoint propensity_functions")
            throw WarehouseError(.configuration, "\(hint) (\(error.message))")
        }
    }

    private func installed() throws -> Bool {
        try connection.query(
            "select to_regprocedure('mart.propensity_sales_days(date)') is not null"
                + " and to_regprocedure('mart.propensity_contact_days(date)') is not null"
        ).bool(0, 0) == true
    }
}

/// Collects rows in arrival order, then groups them by customer.
private struct HistoryBuilder {
    let through: CalendarDate
    var customerIndex: [String: Int32] = [:]
    var customerIDs: [String] = []
    var channelIndex: [String: Int16] = [:]
    var channels: [String] = []
    var salesCustomer: [Int32] = []
    var sales = CustomerHistory.SalesRows()
    var contactCustomer: [Int32] = []
    var contacts = CustomerHistory.ContactRows()

    init(through: CalendarDate) {
        self.through = through
    }

    mutating func addSalesRow(_ fields: TabFields) throws {
        try fields.expect(6, "mart.propensity_sales_days")
        salesCustomer.append(customer(fields.text(0)))
        sales.day.append(Int32(try fields.int(1)))
        sales.channel.append(channel(fields.text(2)))
        sales.orders.append(Int32(try fields.int(3)))
        sales.revenue.append(try fields.tenThousandths(4))
        sales.returned.append(try fields.tenThousandths(5))
    }

    mutating func addContactRow(_ fields: TabFields) throws {
        try fields.expect(10, "mart.propensity_contact_days")
        contactCustomer.append(customer(fields.text(0)))
        contacts.day.append(Int32(try fields.int(1)))
        contacts.channel.append(channel(fields.text(2)))
        contacts.contacts.append(Int32(try fields.int(3)))
        contacts.responses.append(Int32(try fields.int(4)))
        contacts.opens.append(Int32(try fields.int(5)))
        contacts.clicks.append(Int32(try fields.int(6)))
        contacts.unsubscribes.append(Int32(try fields.int(7)))
        contacts.complaints.append(Int32(try fields.int(8)))
        contacts.serviceContacts.append(Int32(try fields.int(9)))
    }

    private mutating func customer(_ id: String) -> Int32 {
        if let index = customerIndex[id] { return index }
        let index = Int32(customerIDs.count)
        customerIndex[id] = index
        customerIDs.append(id)
        return index
    }

    private mutating func channel(_ name: String) -> Int16 {
        if let index = channelIndex[name] { return index }
        let index = Int16(channels.count)
        channelIndex[name] = index
        channels.append(name)
        return index
    }

    /// Customers in byte order of their ids (PostgreSQL's C collation), rows grouped by customer.
    func build() -> CustomerHistory {
        let order = customerIDs.indices.sorted { customerIDs[$0].utf8.lexicographicallyPrecedes(customerIDs[$1].utf8) }
        var rank = [Int](repeating: 0, count: customerIDs.count)
        for (position, index) in order.enumerated() { rank[index] = position }
        var history = CustomerHistory(through: through)
        history.customerIDs = order.map { customerIDs[$0] }
        history.channels = channels
        let salesOrder = Self.grouped(salesCustomer.map { rank[Int($0)] }, customers: order.count)
        history.sales.start = salesOrder.start
        history.sales.day = salesOrder.rows.map { sales.day[$0] }
        history.sales.channel = salesOrder.rows.map { sales.channel[$0] }
        history.sales.orders = salesOrder.rows.map { sales.orders[$0] }
        history.sales.revenue = salesOrder.rows.map { sales.revenue[$0] }
        history.sales.returned = salesOrder.rows.map { sales.returned[$0] }
        let contactOrder = Self.grouped(contactCustomer.map { rank[Int($0)] }, customers: order.count)
        history.contacts.start = contactOrder.start
        history.contacts.day = contactOrder.rows.map { contacts.day[$0] }
        history.contacts.channel = contactOrder.rows.map { contacts.channel[$0] }
        history.contacts.contacts = contactOrder.rows.map { contacts.contacts[$0] }
        history.contacts.responses = contactOrder.rows.map { contacts.responses[$0] }
        history.contacts.opens = contactOrder.rows.map { contacts.opens[$0] }
        history.contacts.clicks = contactOrder.rows.map { contacts.clicks[$0] }
        history.contacts.unsubscribes = contactOrder.rows.map { contacts.unsubscribes[$0] }
        history.contacts.complaints = contactOrder.rows.map { contacts.complaints[$0] }
        history.contacts.serviceContacts = contactOrder.rows.map { contacts.serviceContacts[$0] }
        return history
    }

    /// Row indices grouped by customer (a counting sort, keeping arrival order
    /// within a customer) and each customer's first position.
    private static func grouped(_ customerOfRow: [Int], customers: Int) -> (rows: [Int], start: [Int]) {
        var start = [Int](repeating: 0, count: customers + 1)
        for c in customerOfRow { start[c + 1] += 1 }
        for c in 0..<customers { start[c + 1] += start[c] }
        var next = start
        var rows = [Int](repeating: 0, count: customerOfRow.count)
        for (row, c) in customerOfRow.enumerated() {
            rows[next[c]] = row
            next[c] += 1
        }
        return (rows, start)
    }
}
