/// The customer attributes a contact record can carry, normalized.
/// Names match the columns of `dw.dim_customer`.
public struct ContactAttributes: Sendable, Equatable {
    public static let names = [
        "first_name", "last_name", "email", "phone", "city", "country", "signup_date", "acquisition_channel", "opt_in",
    ]
    public static let signupDate = names.firstIndex(of: "signup_date")!
    public static let acquisitionChannel = names.firstIndex(of: "acquisition_channel")!

    /// Values in `names` order, nil where absent. A fixed array rather than
    /// a dictionary: a contact file is held in memory while its identities
    /// are resolved, one of these per record.
    private var slots: [String?] = Array(repeating: nil, count: ContactAttributes.names.count)

    /// Attributes from name → value; empty values and names not in `names`
    /// are left out.
    public init(values: [String: String] = [:]) {
        for (name, value) in values { self[name] = value }
    }

    /// Attribute name → value as text (dates as YYYY-MM-DD, booleans as t/f).
    public var values: [String: String] {
        var values: [String: String] = [:]
        for (position, value) in slots.enumerated() { if let value { values[Self.names[position]] = value } }
        return values
    }

    public subscript(name: String) -> String? {
        get { Self.names.firstIndex(of: name).flatMap { slots[$0] } }
        set {
            guard let position = Self.names.firstIndex(of: name) else { return }
            self[position] = newValue
        }
    }

    /// The attribute at `position` in `names`; setting "" clears it.
    public subscript(position: Int) -> String? {
        get { slots[position] }
        set { slots[position] = newValue.flatMap { $0.isEmpty ? nil : $0 } }
    }
}

/// One contact record after validation, ready for identity resolution.
public struct ContactInput: Sendable {
    public var recordNumber: Int
    public var sourceSystem: String
    public var sourceCustomerID: String
    public var attributes: ContactAttributes
    /// When the source says the record was last changed (µs since the
    /// epoch, UTC); the survivorship clock.
    public var updatedAt: Int64

    public init(recordNumber: Int, sourceSystem: String, sourceCustomerID: String, attributes: ContactAttributes, updatedAt: Int64) {
        self.recordNumber = recordNumber
        self.sourceSystem = sourceSystem
        self.sourceCustomerID = sourceCustomerID
        self.attributes = attributes
        self.updatedAt = updatedAt
    }
}
