import ArgumentParser
import Foundation
import Reports
import Runtime

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scheduled exports for other systems.",
        subcommands: [Kpi.self])

    struct Kpi: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the monthly KPIs of a period, with a manifest.",
            discussion: """
                Writes the mart.kpi_monthly rows of the period (one month, or the three of a \
                quarter). With --out, the file is written atomically and PATH.manifest.json \
                beside it holds the run id, as-of date, period, row count and SHA-256 of the file.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("YYYY-MM, YYYY-Qn or last-month.", valueName: "period"))
        var period: String = "last-month"

        @Option(name: .long, help: "csv or json.")
        var format: String = "csv"

        @Option(name: .long, help: ArgumentHelp("Write to this file (and its manifest).", valueName: "path"))
        var out: String?

        @Option(name: .long, help: "Run id to record in the manifest.")
        var runId: Int64?

        func validate() throws {
            guard KPIExporter.Format(rawValue: format) != nil else {
                throw ValidationError("--format must be csv or json, not '\(format)'")
            }
            do {
                _ = try KPIPeriod(parsing: period)
            } catch {
                throw ValidationError("\(error)")
            }
        }

        func run() throws {
            let runtime = try global.runtime()
            let logger = runtime.logger
            let connection = try runtime.connect()
            var request = KPIExporter.Request(
                period: try KPIPeriod(parsing: period), format: KPIExporter.Format(rawValue: format)!,
                path: out, runID: runId)
            request.fileMode = runtime.config.warehouse.fileModeBits
            let result = try KPIExporter(connection: connection).export(request)
            if let warning = result.warning { logger.warning("\(warning)", metadata: ["export.period": "\(request.period.label)"]) }
            if let manifest = result.manifest, let out {
                logger.info(
                    "exported KPIs",
                    metadata: [
                        "export.path": "\(out)", "export.period": "\(manifest.period)", "export.rows": "\(manifest.rows)",
                    ])
            } else {
                FileHandle.standardOutput.write(Data(result.text.utf8))
            }
        }
    }
}
