import ArgumentParser

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score every customer with a predictive model and store the scores.",
        discussion: """
            `crmwh score propensity` fits the propensity models (buy within 30 and 90 days, \
            respond to a contact per channel), checks each out of time and writes every \
            customer's probabilities (docs/marts.md, "Propensity"). CLV scores: crmwh clv score.
            """,
        subcommands: [Propensity.self]
    )
}
