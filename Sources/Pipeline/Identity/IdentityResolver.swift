/// Decides which master customer a contact record belongs to:
/// a source id already mapped keeps its customer; otherwise an exact match
/// on normalized email, else on normalized phone, joins an existing
/// customer; otherwise the record starts a new customer whose id is its own
/// `source_system:source_id`. Records are resolved in the order given, so
/// two new source ids with one email in the same file become one customer.
public struct IdentityResolver: Sendable {
    public enum MatchRule: String, Sendable {
        case source, email, phone, new
    }

    public struct SourceKey: Hashable, Sendable {
        public var system: String
        public var id: String
        public init(system: String, id: String) {
            self.system = system
            self.id = id
        }
    }

    private var sourceKeys: [SourceKey: String]
    private var byEmail: [String: String]
    private var byPhone: [String: String]

    /// `sourceKeys` maps known source ids to master ids; `emails` and
    /// `phones` map normalized values of current customers to master ids.
    public init(sourceKeys: [SourceKey: String] = [:], emails: [String: String] = [:], phones: [String: String] = [:]) {
        self.sourceKeys = sourceKeys
        self.byEmail = emails
        self.byPhone = phones
    }

    /// The master customer for a record and how it was found. New mappings
    /// and the record's email and phone are remembered for later records.
    public mutating func resolve(_ key: SourceKey, email: String?, phone: String?) -> (customerID: String, rule: MatchRule) {
        let result: (String, MatchRule)
        if let known = sourceKeys[key] {
            result = (known, .source)
        } else if let email, let match = byEmail[email] {
            result = (match, .email)
        } else if let phone, let match = byPhone[phone] {
            result = (match, .phone)
        } else {
            result = ("\(key.system):\(key.id)", .new)
        }
        sourceKeys[key] = result.0
        if let email, byEmail[email] == nil { byEmail[email] = result.0 }
        if let phone, byPhone[phone] == nil { byPhone[phone] = result.0 }
        return result
    }
}
