import Foundation
import Generator

/// One generated data set shared by the tests of a process (generation is
/// deterministic, so sharing it cannot couple tests).
enum GeneratedFeeds {
    static let options = GeneratorOptions(customers: 3000, transactions: 30000, outputDirectory: temporaryDirectory("feeds"),
                                          seed: 7, badRatio: 0.002)

    static let manifest: Manifest = {
        do {
            return try FeedGenerator(options: options).run()
        } catch {
            fatalError("generation failed: \(error)")
        }
    }()

    static var directory: String { options.outputDirectory }

    /// The pipeline's verdict on every generated row, computed once.
    static let validation: ReferenceValidator = {
        _ = manifest
        var validator = ReferenceValidator(directory: directory)
        do { try validator.validateAll() } catch { fatalError("validation failed: \(error)") }
        return validator
    }()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var files: [String: CSVFile] = [:]

    /// A generated file, parsed once.
    static func csv(_ name: String) -> CSVFile {
        _ = manifest
        lock.lock()
        defer { lock.unlock() }
        if let file = files[name] { return file }
        guard let file = try? CSVFile(path: directory + "/" + name) else { fatalError("cannot read \(name)") }
        files[name] = file
        return file
    }

    static func temporaryDirectory(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "crmwh-generator-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: dir)
        return dir
    }
}
