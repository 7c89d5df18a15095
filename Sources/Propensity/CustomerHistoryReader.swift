import Pipeline
import PostgresClient
import Scoring
import Warehouse

/// Reads a ``CustomerHistory`` through two binary `COPY … TO STDOUT`s of the
/// compact history functions (sql/marts/27_propensity_history.sql): integer
/// days, channel keys and money, parsed as the rows arrive.
struct CustomerHistoryReader {
    let connection: Connection
    /// Where sql/marts/27_propensity_history.sql is, to install the functions
    /// when they are missing (a warehouse whose marts no refresh or migrate
    /// installed yet); nil: they must be there.
    var sql: SQLDirectory?

    static let functionsFile = "marts/27_propensity_history.sql"
    static let functions = [
        "mart.propensity_sales_days(date)", "mart.propensity_contact_days(date)", "mart.propensity_sales_rows(date,integer,integer)",
        "mart.propensity_contact_rows(date)",
    ]

    func read(through day: CalendarDate) throws -> CustomerHistory {
        let installedNow = try requireFunctions()
        var builder = HistoryBuilder(through: day, channelNames: try channelNames())
        // The date is a checked CalendarDate: safe to spell out, as COPY takes no parameters.
        let contactsSQL = """
            copy (
                select customer_id, date_key, channel_key, contacts, responses, opens, clicks,
                    unsubscribes, complaints, service_contacts
                from mart.propensity_contact_rows('\(day)'::date)
            ) to stdout (format binary)
            """
        func salesSQL(part: Int, of parts: Int) -> String {
            """
            copy (
                select customer_id, date_key, channel_key, orders, revenue, returned
                from mart.propensity_sales_rows('\(day)'::date, \(part), \(parts))
            ) to stdout (format binary)
            """
        }
        // The server computes the contact rows and half of the orders' sales
        // rows on two more connections while this one computes the other half
        // (functions installed by this transaction are not visible to another
        // one: then all on this connection, one after the other).
        let contactsAside = installedNow ? nil : CopyAside(sql: contactsSQL, like: connection)
        let salesAside = contactsAside == nil ? nil : CopyAside(sql: salesSQL(part: 1, of: 2), like: connection)
        var sales = BinaryCopyRows(source: "mart.propensity_sales_rows")
        try connection.copyTo(salesSQL(part: 0, of: salesAside == nil ? 1 : 2)) { message in
            guard var fields = try sales.row(message, fields: 6) else { return }
            try builder.addSalesRow(&fields)
        }
        if let salesAside {
            var otherHalf = BinaryCopyRows(source: "mart.propensity_sales_rows")
            try salesAside.rows { message in
                guard var fields = try otherHalf.row(message, fields: 6) else { return }
                try builder.addSalesRow(&fields)
            }
        }
        var contacts = BinaryCopyRows(source: "mart.propensity_contact_rows")
        let addContact = { (message: UnsafeRawBufferPointer) in
            guard var fields = try contacts.row(message, fields: 10) else { return }
            try builder.addContactRow(&fields)
        }
        if let contactsAside {
            try contactsAside.rows(addContact)
        } else {
            try connection.copyTo(contactsSQL, addContact)
        }
        return builder.build()
    }

    /// Channel names by key; a key without one reads as `unknown`, as in the history functions.
    private func channelNames() throws -> [Int: String] {
        let result = try connection.query("select channel_key, channel from dw.dim_channel")
        var names: [Int: String] = [:]
        for row in 0..<result.rowCount {
            if let key = result.int(row, 0), let name = result.string(row, 1) { names[key] = name }
        }
        return names
    }

    /// The functions come with the marts (`crmwh migrate` and every refresh
    /// install them); the first nightly run scores before its refresh, so a
    /// missing pair is installed here when this role may. True when installed here.
    private func requireFunctions() throws -> Bool {
        if try installed() { return false }
        let hint = "the propensity history functions are not installed: run crmwh migrate as the owner of the warehouse (it installs the marts)"
        guard let sql else { throw WarehouseError(.configuration, hint) }
        do {
            try connection.execute("savepoint propensity_functions")
            try connection.execute(try sql.text(Self.functionsFile))
            try connection.execute("release savepoint propensity_functions")
            return true
        } catch let error as PostgresError {
            _ = try? connection.execute("rollback to savepoint propensity_functions")
            throw WarehouseError(.configuration, "\(hint) (\(error.message))")
        }
    }

    private func installed() throws -> Bool {
        try connection.query(
            "select " + Self.functions.map { "to_regprocedure('\($0)') is not null" }.joined(separator: " and ")
        ).bool(0, 0) == true
    }
}

/// Collects rows in arrival order, then groups them by customer.
private struct HistoryBuilder {
    let through: CalendarDate
    let channelNames: [Int: String]
    var customers = CustomerIDTable()
    var channelIndex: [String: Int16] = [:]
    var channels: [String] = []
    /// Channel index by channel key, as seen.
    var channelOfKey: [Int: Int16] = [:]
    /// Days since 1970-01-01 by date_key, as seen.
    var dayOfKey: [Int: Int32] = [:]
    var salesCustomer: [Int32] = []
    var sales = CustomerHistory.SalesRows()
    var contactCustomer: [Int32] = []
    var contacts = CustomerHistory.ContactRows()

    init(through: CalendarDate, channelNames: [Int: String]) {
        self.through = through
        self.channelNames = channelNames
    }

    mutating func addSalesRow(_ fields: inout BinaryCopyFields) throws {
        salesCustomer.append(customers.number(try fields.next()))
        sales.day.append(try day(fields.int()))
        sales.channel.append(channel(try fields.int()))
        sales.orders.append(Int32(try fields.int()))
        sales.revenue.append(Int64(try fields.int()))
        sales.returned.append(Int64(try fields.int()))
    }

    mutating func addContactRow(_ fields: inout BinaryCopyFields) throws {
        contactCustomer.append(customers.number(try fields.next()))
        contacts.day.append(try day(fields.int()))
        contacts.channel.append(channel(try fields.int()))
        contacts.contacts.append(Int32(try fields.int()))
        contacts.responses.append(Int32(try fields.int()))
        contacts.opens.append(Int32(try fields.int()))
        contacts.clicks.append(Int32(try fields.int()))
        contacts.unsubscribes.append(Int32(try fields.int()))
        contacts.complaints.append(Int32(try fields.int()))
        contacts.serviceContacts.append(Int32(try fields.int()))
    }

    /// A date_key (yyyymmdd) as days since 1970-01-01.
    private mutating func day(_ key: Int) throws -> Int32 {
        if let day = dayOfKey[key] { return day }
        let year = key / 10_000, month = key / 100 % 100, dayOfMonth = key % 100
        guard CivilCalendar.isValid(year: year, month: month, day: dayOfMonth) else {
            throw WarehouseError(.load, "a history row has the date_key \(key), not a date")
        }
        let day = Int32(CivilCalendar.daysSinceEpoch(year: year, month: month, day: dayOfMonth))
        dayOfKey[key] = day
        return day
    }

    private mutating func channel(_ key: Int) -> Int16 {
        if let index = channelOfKey[key] { return index }
        let name = channelNames[key] ?? "unknown"
        let index: Int16
        if let known = channelIndex[name] {
            index = known
        } else {
            index = Int16(channels.count)
            channelIndex[name] = index
            channels.append(name)
        }
        channelOfKey[key] = index
        return index
    }

    /// Customers in byte order of their ids (PostgreSQL's C collation), rows grouped by customer.
    func build() -> CustomerHistory {
        let order = customers.byteOrder()
        var rank = [Int](repeating: 0, count: order.count)
        for (position, index) in order.enumerated() { rank[index] = position }
        var history = CustomerHistory(through: through)
        history.customerIDs = order.map { customers.string($0) }
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
