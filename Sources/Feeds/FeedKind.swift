/// The kinds of feed crmwh loads, each with its canonical fields: the names a
/// feed mapping renames source columns to, and the names a file may already
/// use so it needs no mapping at all.
public enum FeedKind: String, CaseIterable, Sendable {
    case contacts
    case transactions
    case products
    case campaigns
    case interactions
    case fxRates = "fx_rates"

    /// Every canonical field, in the order records of this kind present them
    /// once mapped (``FeedDefinition/columnSelection()`` follows it).
    public var canonicalFields: [String] {
        switch self {
        case .contacts:
            return ["customer_id", "source_system", "first_name", "last_name", "email", "phone",
                    "city", "country", "signup_date", "channel", "opt_in", "updated_at"]
        case .transactions:
            return ["order_id", "line_no", "customer_id", "sku", "category", "quantity", "unit_price",
                    "discount", "amount", "currency", "ordered_at", "channel", "campaign_code",
                    "status", "source_system"]
        case .products:
            return ["sku", "name", "category", "subcategory", "unit_cost"]
        case .campaigns:
            return ["campaign_code", "name", "channel", "start_date", "end_date", "cost", "campaign_type"]
        case .interactions:
            return ["interaction_id", "customer_id", "occurred_at", "type", "channel",
                    "campaign_code", "outcome", "source_system", "group"]
        case .fxRates:
            return ["rate_date", "currency", "rate_to_base"]
        }
    }

    /// The fields a record cannot do without; a file lacking one is refused.
    public var requiredFields: [String] {
        switch self {
        case .contacts: return ["customer_id"]
        case .transactions: return ["order_id", "customer_id", "unit_price", "ordered_at"]
        case .products: return ["sku"]
        case .campaigns: return ["campaign_code"]
        case .interactions: return ["interaction_id", "customer_id", "occurred_at", "type"]
        case .fxRates: return ["rate_date", "currency", "rate_to_base"]
        }
    }

    /// Values used when a record leaves an optional field NULL (`line_no`
    /// and `quantity` default to 1; `amount` is derived downstream).
    public var fieldDefaults: [String: String] {
        self == .transactions ? ["line_no": "1", "quantity": "1"] : [:]
    }

    /// The index of `field` in ``canonicalFields``.
    public func index(of field: String) -> Int? {
        canonicalFields.firstIndex(of: field)
    }

    /// Accepts `fx_rates`, `fx-rates` and `fxRates`.
    public init?(name: String) {
        let key = name.lowercased().replacingUnderscoresAndDashes()
        guard let kind = FeedKind.allCases.first(where: { $0.rawValue.replacingUnderscoresAndDashes() == key }) else { return nil }
        self = kind
    }
}

private extension String {
    func replacingUnderscoresAndDashes() -> String {
        filter { $0 != "_" && $0 != "-" }
    }
}
