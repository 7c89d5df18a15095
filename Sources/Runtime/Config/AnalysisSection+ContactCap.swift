import Yams

extension AnalysisSection {
    /// The frequency cap the contact_patterns report suggests per channel:
    /// the highest contacts per customer-month up to which every level with
    /// enough customer-months keeps its opt-out rate below `optOutRate`.
    public struct ContactCap: Equatable {
        public var optOutRate = 0.01
        public var minCustomerMonths = 30
    }

    static let contactCapKeys = ["opt_out_rate", "min_customer_months"]

    mutating func readContactCap(_ node: Node, _ reader: ConfigReader) throws {
        let values = try reader.mapping("analysis.contact_cap", node, known: Self.contactCapKeys)
        if let node = values["opt_out_rate"] {
            contactCap.optOutRate = try reader.double("analysis.contact_cap.opt_out_rate", node, in: 0...1)
        }
        if let node = values["min_customer_months"] {
            contactCap.minCustomerMonths = try reader.int("analysis.contact_cap.min_customer_months", node, minimum: 1)
        }
    }
}
