extension Manifest {
    /// The planted international addresses (InternationalEmails): how many
    /// contact records carry one, the same people registered twice with the
    /// address spelled another way (which identity resolution must merge),
    /// and lookalike pairs of different people (which it must not).
    public struct InternationalIdentities: Codable, Sendable {
        /// Contact records of the international people (first, second and
        /// address-change rows) that carry their address; lookalikes not counted.
        public var internationalEmailRecords: Int
        public var duplicates: [IdentityPair]
        public var lookalikes: [IdentityPair]
    }

    /// Two source records and the addresses as written (`form` says how the
    /// second differs: nfd, a-label domain, domain in capitals, all
    /// capitals, or lookalike).
    public struct IdentityPair: Codable, Sendable, Hashable {
        public var sourceSystem: String
        public var sourceCustomerId: String
        public var email: String
        public var otherSourceSystem: String
        public var otherSourceCustomerId: String
        public var otherEmail: String
        public var form: String
    }
}
