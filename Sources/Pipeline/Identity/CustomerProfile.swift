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
    /// Attribute name → µs since the epoch of the record that set it.
    public private(set) var attributeUpdatedAt: [String: Int64]
    /// The most recent source timestamp seen for the customer.
    public private(set) var updatedAt: Int64?

    public init(customerID: String, attributes: ContactAttributes = ContactAttributes(),
                attributeUpdatedAt: [String: Int64] = [:], updatedAt: Int64? = nil) {
        self.customerID = customerID
        self.attributes = attributes
        self.attributeUpdatedAt = attributeUpdatedAt
        self.updatedAt = updatedAt
    }

    /// Applies one record; returns whether the golden record changed.
    @discardableResult
    public mutating func merge(_ incoming: ContactAttributes, at time: Int64) -> Bool {
        var changed = false
        for (name, value) in incoming.values {
            let current = attributes[name]
            let wins: Bool
            if current == nil {
                wins = true
            } else if name == "signup_date" {
                wins = value < current!
            } else if name == "acquisition_channel" {
                wins = time < (attributeUpdatedAt[name] ?? .max)
            } else {
                wins = time >= (attributeUpdatedAt[name] ?? .min)
            }
            guard wins else { continue }
            if current != value { changed = true }
            attributes[name] = value
            attributeUpdatedAt[name] = time
        }
        updatedAt = max(updatedAt ?? time, time)
        return changed
    }
}
