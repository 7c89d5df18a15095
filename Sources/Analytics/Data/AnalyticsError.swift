/// An error from fitting or scoring a customer value model.
///
/// `code` is the broad class a caller can switch on; `message` says what went wrong
/// and what to do about it.
public struct AnalyticsError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// No customers to fit or score.
        case emptyInput
        /// A summary row breaks the RFM conventions (negative counts, recency > T, ...).
        case invalidRow
        /// The data cannot identify the model (no repeat buyers, one distinct row, ...).
        case insufficientData
        /// Model parameters with which a requested quantity does not exist.
        case invalidModel
        /// A computed value was not a finite number.
        case nonFiniteResult
        /// Inputs that do not fit together (different units, lengths, ...).
        case mismatchedInput
    }

    /// The broad class of the failure.
    public var code: Code
    /// What went wrong, naming the customer where there is one, and what to do.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
