import PostgresClient

/// One report of the catalog: its name on the command line, what it shows,
/// and how to produce it from the marts.
public struct ReportDefinition {
    public var name: String
    public var title: String
    public var summary: String
    /// Whether --as-of means something to it.
    public var takesAsOf: Bool
    /// Whether it has a window or horizon that --months sets.
    public var takesMonths: Bool
    let produce: (Connection, ReportParameters) throws -> [ReportSection]
    /// Says why the report came out empty (a threshold, a window), for the
    /// reports whose empty answer needs one.
    var explainEmpty: ((Connection, ReportParameters) throws -> String)?

    init(
        name: String, title: String, summary: String, takesAsOf: Bool = true, takesMonths: Bool = true,
        produce: @escaping (Connection, ReportParameters) throws -> [ReportSection]
    ) {
        self.name = name
        self.title = title
        self.summary = summary
        self.takesAsOf = takesAsOf
        self.takesMonths = takesMonths
        self.produce = produce
    }

    /// A report that is one SQL query; `$1` is the as-of date (or null) and
    /// `$2` the months parameter (or null): it takes --months when it binds `$2`.
    init(
        name: String, title: String, summary: String, takesAsOf: Bool = true, sql: String,
        explainEmpty: ((Connection, ReportParameters) throws -> String)? = nil
    ) {
        self.init(name: name, title: title, summary: summary, takesAsOf: takesAsOf, takesMonths: sql.contains("$2")) {
            connection, parameters in
            [ReportSection(title: title, table: try ReportQuery.table(connection, sql, parameters))]
        }
        self.explainEmpty = explainEmpty
    }

    /// Runs the report.
    public func run(_ connection: Connection, _ parameters: ReportParameters = ReportParameters()) throws
        -> ReportDocument
    {
        try parameters.validate()
        if parameters.asOf != nil && !takesAsOf {
            throw ReportError.usage("report \(name) covers all months and takes no --as-of")
        }
        if let months = parameters.months, !takesMonths {
            throw ReportError.usage("report \(name) has no window or horizon and takes no --months (asked for \(months))")
        }
        if let asOf = parameters.asOf, try ReportQuery.martsInstalled(connection),
           let latest = try connection.query(
               "select mart.default_as_of()::text where $1::date > mart.default_as_of()", [asOf]).rows.first?.first ?? nil
        {
            throw ReportError.usage("--as-of \(asOf) is after the latest data (\(latest)); the warehouse knows nothing of that day yet")
        }
        // Report queries are short; JIT compilation would cost more than it saves.
        try connection.execute("set jit = off")
        var sections = try produce(connection, parameters)
        if let explainEmpty, sections.allSatisfy({ $0.table.rows.isEmpty }) {
            let reason = try explainEmpty(connection, parameters)
            for index in sections.indices { sections[index].table.emptyReason = reason }
        }
        return ReportDocument(name: name, title: title, sections: sections)
    }
}

/// Runs catalog SQL with the parameters bound as `$1`, `$2`.
enum ReportQuery {
    static func table(_ connection: Connection, _ sql: String, _ parameters: ReportParameters) throws -> ReportTable {
        let binds: [(any PostgresBindable)?] = [parameters.asOf, parameters.months]
        let used = sql.contains("$2") ? binds : sql.contains("$1") ? [binds[0]] : []
        return try table(connection, sql, binds: used)
    }

    static func table(_ connection: Connection, _ sql: String, binds: [(any PostgresBindable)?]) throws -> ReportTable {
        do {
            return ReportTable(try connection.query(sql, binds))
        } catch let error as PostgresError
            where error.sqlState == SQLState.undefinedFunction || error.sqlState == SQLState.undefinedTable
        {
            // A missing object is a missing mart while the marts are not installed; else a real error.
            guard try !martsInstalled(connection) else { throw error }
            throw ReportError.notRefreshed(error)
        }
    }

    static func martsInstalled(_ connection: Connection) throws -> Bool {
        try connection.query("select to_regprocedure('mart.refresh_stored_reports()') is not null").bool(0, 0) == true
    }
}
