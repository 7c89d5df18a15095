/// The golden record of one customer and how it came about: per attribute,
/// the surviving value and the source timestamp it carries.
///
/// Survivorship: the most recent non-empty value of each attribute wins,
/// except the sign-up date (the earliest date wins) and the acquisition
/// channel (the earliest record's channel wins: where the customer came
/// from does not change). An empty value never erases a known one.
public struct CustomerProfile: Sendable, Equatable {
    public let customerID: String
    public private(set) var attributes: ContactAttributes
    /// µs since the epoch of the record that set each attribute, in
    /// `ContactAttributes.names` order.
    private var setAt: [Int64?]
    /// The most recent source timestamp seen for the customer.
    public private(set) var updatedAt: Int64?

    public init(customerID: String, attributes: ContactAttributes = ContactAttributes(),
                attributeUpdatedAt: [String: Int64] = [:], updatedAt: Int64? = nil) {
        self.customerID = customerID
        self.attributes = attributes
        setAt = ContactAttributes.names.map { attributeUpdatedAt[$0] }
        self.updatedAt = updatedAt
    }

    /// Attribute name → µs since the epoch of the record that set it.
    public var attributeUpdatedAt: [String: Int64] {
        var times: [String: Int64] = [:]
        for (position, time) in setAt.enumerated() { if let time { times[ContactAttributes.names[position]] = time } }
        return times
    }

    /// Applies one record; returns whether the golden record changed.
    @discardableResult
    public mutating func merge(_ incoming: ContactAttributes, at time: Int64) -> Bool {
        var changed = false
        for position in ContactAttributes.names.indices {
            guard let value = incoming[position] else { continue }
            let current = attributes[position]
            let wins: Bool
            if current == nil {
                wins = true
            } else if position == ContactAttributes.signupDate {
                wins = value < current!
            } else if position == ContactAttributes.acquisitionChannel {
                wins = time < (setAt[position] ?? .max)
            } else {
                wins = time >= (setAt[position] ?? .min)
            }
            guard wins else { continue }
            if current != value { changed = true }
            attributes[position] = value
            setAt[position] = time
        }
        updatedAt = max(updatedAt ?? time, time)
        return changed
    }
}
