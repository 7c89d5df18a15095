import Foundation

/// Writes the data dictionary into a directory: `index.html` and
/// `data-dictionary.md`. It holds no customer data, so the files are
/// readable by all (0644); each is replaced atomically.
public enum DataDictionaryFiles {
    public static let html = "index.html"
    public static let markdown = "data-dictionary.md"

    /// Creates `directory` if needed and returns the paths written.
    public static func write(_ dictionary: DataDictionary, to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let files = [
            (html, DataDictionaryHTML.render(dictionary)),
            (markdown, DataDictionaryMarkdown.render(dictionary)),
        ]
        return try files.map { name, text in
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            try AtomicFile.write(text, to: path, mode: 0o644)
            return path
        }
    }
}
