import Scoring

/// Every customer's sales and contact history known at the end of one day,
/// as `mart.propensity_sales_days` and `mart.propensity_contact_days` return
/// it, held in columns and grouped by customer (customers in customer_id
/// byte order, so fits and scores come out the same on every run).
///
/// Features at a date D read only the rows dated on or before D and labels
/// only those after D, so a history read at a later day gives the same
/// features at D as one read at D.
struct CustomerHistory {
    /// The day the history was read at: no row is dated after it.
    var through: CalendarDate
    var customerIDs: [String] = []
    /// Channel names; rows hold their index.
    var channels: [String] = []
    var sales = SalesRows()
    var contacts = ContactRows()

    /// Sales of one customer, day and channel (read in two parts, by order,
    /// so a customer, day and channel may have two rows: every use sums them
    /// or asks whether any has an order).
    struct SalesRows {
        /// Rows of customer c: start[c] ..< start[c + 1].
        var start: [Int] = [0]
        var day: [Int32] = []
        var channel: [Int16] = []
        var orders: [Int32] = []
        /// Net revenue and returned value in ten-thousandths of the base currency (exact sums).
        var revenue: [Int64] = []
        var returned: [Int64] = []

        func rows(of customer: Int) -> Range<Int> { start[customer]..<start[customer + 1] }
    }

    /// One customer, day and channel of contacts.
    struct ContactRows {
        var start: [Int] = [0]
        var day: [Int32] = []
        var channel: [Int16] = []
        var contacts: [Int32] = []
        var responses: [Int32] = []
        var opens: [Int32] = []
        var clicks: [Int32] = []
        var unsubscribes: [Int32] = []
        var complaints: [Int32] = []
        var serviceContacts: [Int32] = []

        func rows(of customer: Int) -> Range<Int> { start[customer]..<start[customer + 1] }
    }

    var customerCount: Int { customerIDs.count }

    /// Channels with at least one order, most orders first (ties by name).
    var salesChannelsByOrders: [Int] {
        var orders = [Int](repeating: 0, count: channels.count)
        for (channel, count) in zip(sales.channel, sales.orders) { orders[Int(channel)] += Int(count) }
        return channels.indices.filter { orders[$0] > 0 }
            .sorted { orders[$0] != orders[$1] ? orders[$0] > orders[$1] : channels[$0] < channels[$1] }
    }

    /// Channels with at least one campaign contact, by name.
    var contactChannels: [Int] {
        var seen = [Bool](repeating: false, count: channels.count)
        for (channel, count) in zip(contacts.channel, contacts.contacts) where count > 0 { seen[Int(channel)] = true }
        return channels.indices.filter { seen[$0] && channels[$0] != "unknown" }.sorted { channels[$0] < channels[$1] }
    }
}
