import ArgumentParser
import Reports
import Runtime

/// `crmwh docs --out DIR`: the data dictionary from the database's comments.
struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the data dictionary (HTML and Markdown) from the warehouse's own catalog.",
        discussion: """
            Every table, view and function of the dw, mart, etl and staging schemas, with the \
            comments the migrations put on them, column types, nullability and defaults, primary, \
            unique and foreign keys, partitions, and what each one is derived from (a view's query; \
            for a table, what the functions that write it read). Writes DIR/index.html and \
            DIR/data-dictionary.md. Read-only; needs a migrated warehouse.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The directory to write into (created if missing).")
    var out: String

    func run() throws {
        for path in try global.runtime().writeDataDictionary(to: out) { print(path) }
    }
}
