/// The customer attributes a contact record can carry, normalized.
/// Names match the columns of `dw.dim_customer`.
public struct ContactAttributes: Sendable, Equatable {
    public static let names = [
        "first_name", "last_name", "email", "phone", "city", "country", "signup_date", "acquisition_channel", "opt_in",
    ]

    /// Attribute name → value as text (dates as YYYY-MM-DD, booleans as t/f).
    public var values: [String: String]

    public init(values: [String: String] = [:]) {
        self.values = values.filter { !$0.value.isEmpty }
    }

    public subscript(name: String) -> String? {
        get { values[name] }
        set { values[name] = newValue.flatMap { $0.isEmpty ? nil : $0 } }
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
