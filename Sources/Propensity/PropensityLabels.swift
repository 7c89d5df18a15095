import Scoring

/// Outcomes after a window's start, read from the history's rows dated in
/// (start, start + days]: they must lie on or before the history's day.
extension CustomerHistory {
    /// An order (counted on its first purchase line's day) in (start, start + days].
    func bought(_ customer: Int, after start: CalendarDate, days: Int) -> Bool {
        let from = Int32(start.daysSinceEpoch), to = from + Int32(days)
        for r in sales.rows(of: customer) where sales.orders[r] > 0 && sales.day[r] > from && sales.day[r] <= to {
            return true
        }
        return false
    }

    /// Whether the customer was contacted on `channel` in (start, start + days],
    /// and whether they responded on it in those days.
    func contact(_ customer: Int, on channel: Int, after start: CalendarDate, days: Int) -> (contacted: Bool, responded: Bool) {
        let from = Int32(start.daysSinceEpoch), to = from + Int32(days)
        var contacted = false, responded = false
        for r in contacts.rows(of: customer)
        where Int(contacts.channel[r]) == channel && contacts.day[r] > from && contacts.day[r] <= to {
            if contacts.contacts[r] > 0 { contacted = true }
            if contacts.responses[r] > 0 { responded = true }
        }
        return (contacted, responded)
    }
}
