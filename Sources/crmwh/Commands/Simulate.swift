import ArgumentParser

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict what a campaign would do, from past campaigns.",
        discussion: """
            `simulate campaign` predicts responders, incremental orders, incremental revenue and \
            return on cost of a campaign plan, with 95 % intervals, from the response and the \
            treatment − control uplift of past campaigns by segment (or tier) × channel × type. \
            See docs/marts.md, "Campaign simulation".
            """,
        subcommands: [Campaign.self]
    )
}
