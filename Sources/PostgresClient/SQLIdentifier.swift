/// Quotes an identifier (schema, table, column) for the rare SQL that has to
/// name one dynamically. Values never go this way: they travel as `$n`.
public func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// Quotes `schema.table` as two identifiers.
public func quoteQualified(_ schema: String, _ name: String) -> String {
    quoteIdentifier(schema) + "." + quoteIdentifier(name)
}
