import Foundation
import Pipeline

/// Applies the pipeline's field rules to generated files the way a loader
/// does, without a database, so the manifest can be checked against them.
struct ReferenceValidator {
    struct Found: Hashable {
        var file: String
        var line: Int
        var field: String
        var rule: String
        var severity: String
    }

    let directory: String
    let validator = FieldValidator(options: FieldOptions(defaultCountry: CountryCode.parse("US").successValue!))
    var fx = FXRateTable(baseCurrency: .usd)
    var found: [Found] = []
    /// Per file: rows whose issues include a reject.
    var rejectedRows: [String: Set<Int>] = [:]

    init(directory: String) { self.directory = directory }

    func load(_ file: String) throws -> CSVFile {
        directory == GeneratedFeeds.directory ? GeneratedFeeds.csv(file) : try CSVFile(path: directory + "/" + file)
    }

    /// Runs `check` for every row of `file`, collecting issues.
    mutating func validate(_ file: String, _ check: (inout ReferenceValidator, CSVFile, [String], inout [FieldIssue]) -> Void) throws {
        let csv = try load(file)
        for row in csv.rows {
            var issues: [FieldIssue] = []
            check(&self, csv, row.fields, &issues)
            for issue in issues {
                found.append(Found(file: file, line: row.line, field: issue.field, rule: issue.rule.rawValue,
                                   severity: issue.severity.rawValue))
            }
            if issues.contains(where: { $0.severity == .reject }) { rejectedRows[file, default: []].insert(row.line) }
        }
    }

    mutating func validateAll() throws {
        let v = validator
        try validate("fx_rates.csv") { me, csv, f, issues in
            let day = with(f[csv.column("rate_date")]) { v.date($0, field: "rate_date", required: true, issues: &issues) }
            let currency = with(f[csv.column("currency")]) { v.currency($0, field: "currency", required: true, issues: &issues) }
            let rate = with(f[csv.column("rate_to_base")]) { v.money($0, field: "rate_to_base", required: true, issues: &issues) }
            if let day, let currency, let rate, let failure = me.fx.setRate(rate, for: currency, on: day) {
                issues.append(FieldIssue(field: "rate_to_base", value: rate.description, rule: failure.rule,
                                         message: failure.message, severity: .reject))
            }
        }
        try validate("products.csv") { _, csv, f, issues in
            _ = with(f[csv.column("sku")]) { v.required($0, field: "sku", issues: &issues) }
            _ = with(f[csv.column("unit_cost")]) { v.money($0, field: "unit_cost", issues: &issues) }
        }
        try validate("campaigns.csv") { _, csv, f, issues in
            _ = with(f[csv.column("campaign_code")]) { v.required($0, field: "campaign_code", issues: &issues) }
            _ = with(f[csv.column("start_date")]) { v.date($0, field: "start_date", issues: &issues) }
            _ = with(f[csv.column("end_date")]) { v.date($0, field: "end_date", issues: &issues) }
            _ = with(f[csv.column("cost")]) { v.money($0, field: "cost", issues: &issues) }
        }
        try validate("contacts.csv") { _, csv, f, issues in
            _ = with(f[csv.column("customer_id")]) { v.required($0, field: "customer_id", issues: &issues) }
            _ = with(f[csv.column("email")]) { v.email($0, field: "email", issues: &issues) }
            let country = with(f[csv.column("country")]) { v.country($0, field: "country", issues: &issues) }
            _ = with(f[csv.column("phone")]) { v.phone($0, field: "phone", country: country, issues: &issues) }
            _ = with(f[csv.column("signup_date")]) { v.date($0, field: "signup_date", issues: &issues) }
            _ = with(f[csv.column("opt_in")]) { v.boolean($0, field: "opt_in", issues: &issues) }
            _ = with(f[csv.column("updated_at")]) { v.timestamp($0, field: "updated_at", issues: &issues) }
        }
        try validate("transactions.csv") { me, csv, f, issues in
            _ = with(f[csv.column("order_id")]) { v.required($0, field: "order_id", issues: &issues) }
            _ = with(f[csv.column("line_no")]) { v.integer($0, field: "line_no", issues: &issues) }
            _ = with(f[csv.column("customer_id")]) { v.required($0, field: "customer_id", issues: &issues) }
            _ = with(f[csv.column("quantity")]) { v.quantity($0, field: "quantity", issues: &issues) }
            _ = with(f[csv.column("unit_price")]) { v.money($0, field: "unit_price", required: true, issues: &issues) }
            _ = with(f[csv.column("discount")]) { v.money($0, field: "discount", issues: &issues) }
            _ = with(f[csv.column("amount")]) { v.money($0, field: "amount", issues: &issues) }
            let currency = with(f[csv.column("currency")]) { v.currency($0, field: "currency", issues: &issues) }
            let at = with(f[csv.column("ordered_at")]) { v.timestamp($0, field: "ordered_at", required: true, issues: &issues) }
            if let currency, let at {
                let day = Int32((at >= 0 ? at : at - 86_399_999_999) / 86_400_000_000)
                if case .failure(let failure) = me.fx.rate(for: currency, on: day) {
                    issues.append(FieldIssue(field: "currency", value: f[csv.column("currency")], rule: failure.rule,
                                             message: failure.message, severity: .reject))
                }
            }
        }
        try validate("interactions.csv") { _, csv, f, issues in
            _ = with(f[csv.column("interaction_id")]) { v.required($0, field: "interaction_id", issues: &issues) }
            _ = with(f[csv.column("customer_id")]) { v.required($0, field: "customer_id", issues: &issues) }
            _ = with(f[csv.column("occurred_at")]) { v.timestamp($0, field: "occurred_at", required: true, issues: &issues) }
            _ = with(f[csv.column("type")]) { v.interactionType($0, field: "type", issues: &issues) }
            _ = with(f[csv.column("group")]) { v.interactionGroup($0, field: "group", issues: &issues) }
        }
    }
}

/// Runs `body` on the UTF-8 bytes of a field.
func with<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
    var s = text
    return s.withUTF8 { body(UnsafeRawBufferPointer($0)) }
}

extension Result {
    var successValue: Success? { if case .success(let v) = self { return v } else { return nil } }
}
