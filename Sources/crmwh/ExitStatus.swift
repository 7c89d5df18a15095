import Analytics
import ArgumentParser
import Feeds
import Foundation
import PostgresClient
import Warehouse

/// The exit codes cron and scripts rely on (docs/operations.md).
enum ExitStatus {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2
    static let rejectsAboveWarning: Int32 = 3
    static let locked: Int32 = 75

    /// Maps an error that ended a command to its exit code and message.
    static func of(_ error: Error) -> (code: Int32, message: String?) {
        switch error {
        case let error as WarehouseError:
            switch error.code {
            case .locked: return (locked, error.message)
            case .configuration: return (usage, error.message)
            default: return (failure, error.message)
            }
        case let error as PostgresError:
            return (failure, error.description)
        case let error as FeedDefinitionError:
            // A feed definition is configuration, for every command that reads one.
            return (usage, error.description)
        case let error as Interrupted:
            return (failure, error.description)
        case let error as FeedReadError:
            return (error.code == .invalidOptions ? usage : failure, error.description)
        case let error as AnalyticsError:
            // No customers, no repeat buyer, a model without a mean: the data, not the usage.
            return (failure, error.message)
        case let exit as ExitCode:
            return (exit.rawValue, nil)
        default:
            let code = CRMWH.exitCode(for: error).rawValue
            let message = CRMWH.fullMessage(for: error)
            // argument-parser's usage errors exit 64; our contract says 2.
            return (code == ExitCode.validationFailure.rawValue ? usage : code, message.isEmpty ? nil : message)
        }
    }
}

extension CRMWH {
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let (code, message) = ExitStatus.of(error)
            if let message {
                // argument-parser's own messages (help, usage) come formatted.
                let own = error is WarehouseError || error is PostgresError || error is AnalyticsError
                    || error is FeedDefinitionError || error is FeedReadError || error is Interrupted
                var text = own ? "crmwh: error: " + message + "\n" : message + "\n"
                // A cron log in JSON holds nothing but JSON lines, the last error included.
                if own && LoggingBootstrap.format == .json {
                    text = StderrLogHandler.jsonLine(level: .error, message: message, metadata: ["exit_code": "\(code)"]) + "\n"
                }
                (code == 0 ? FileHandle.standardOutput : FileHandle.standardError).write(Data(text.utf8))
            }
            Foundation.exit(code)
        }
    }
}
