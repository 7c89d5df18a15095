/// An error of the warehouse layer that is not the server's: a cluster that
/// will not start, a migration file that changed, a missing directory.
/// `message` says what went wrong and how to fix it.
public struct WarehouseError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case cluster
        case migration
        case configuration
        case load
        case locked
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
