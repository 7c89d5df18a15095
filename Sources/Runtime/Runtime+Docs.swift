import Foundation
import Reports

extension Runtime {
    /// `crmwh docs`: reads the data dictionary from the configured
    /// warehouse's catalog and writes it into `directory` (HTML and
    /// Markdown). Read-only; no lock. Returns the paths written.
    public func writeDataDictionary(to directory: String) throws -> [String] {
        let connection = try connect()
        try requireMigrated(connection)
        let dictionary = try DataDictionaryReader(connection: connection).read()
        return try DataDictionaryFiles.write(dictionary, to: directory)
    }
}
