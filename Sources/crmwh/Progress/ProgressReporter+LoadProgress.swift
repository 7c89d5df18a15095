import Warehouse

/// The loader reports through this; the reporter decides whether a
/// terminal is there to draw on.
extension ProgressReporter: LoadProgress {
    func started(file: String, totalBytes: Int64) {
        start(file: file, totalBytes: totalBytes > 0 ? totalBytes : nil)
    }

    func advanced(bytesRead: Int64, rows: Int) {
        update(bytesRead: bytesRead, rows: rows)
    }

    func finished() {
        finish()
    }
}
