import Foundation
import Runtime

/// Where the demo's nightly run wrote the management pack, if it did.
enum DemoPack {
    static func path(_ config: CRMWHConfig) -> String? {
        guard let export = config.exports.first(where: { $0.kind == .report && $0.report == "pack" }) else { return nil }
        let url = export.url(in: config.directories.output, period: "latest").standardizedFileURL
        return FileManager.default.fileExists(atPath: url.path) ? url.path : nil
    }
}
