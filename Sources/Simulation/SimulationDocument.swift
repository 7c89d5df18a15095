import Analytics
import Foundation
import Reports

/// A simulation or a backtest as a report document, so `crmwh simulate
/// campaign` prints it in every report format (table, csv, json, html).
extension CampaignSimulation {
    public var document: ReportDocument {
        ReportDocument(
            name: "campaign_simulation", title: "Campaign simulation" + (plan.name.map { ": \($0)" } ?? ""),
            sections: [planSection, predictionSection, cellSection])
    }

    var planSection: ReportSection {
        var columns: [(String, ReportTable.Kind, String?)] = [
            ("plan", .text, plan.name ?? "command line"),
            ("as_of", .text, asOf),
            ("targeting", .text, plan.targeting.kind),
            ("targets", .text, plan.targeting.targets.joined(separator: ", ")),
        ]
        if case .propensity(let threshold) = plan.targeting {
            columns.append(("propensity_threshold", .number, SimulationNumber.text(threshold, places: 4)))
            columns.append(("propensity_as_of", .text, propensityAsOf))
        }
        columns += [
            ("channel", .text, plan.channel),
            ("campaign_type", .text, plan.campaignType),
            ("window_days", .number, String(windowDays)),
            ("customers", .number, String(customers)),
            ("cost_per_contact", .number, plan.costPerContact.description),
            ("cost", .number, cost.description),
            ("past_campaigns", .number, String(pastCampaigns)),
            ("past_control_campaigns", .number, String(pastControlCampaigns)),
        ]
        return ReportSection(
            title: "Plan",
            table: ReportTable(columns: columns.map { .init($0.0, $0.1) }, rows: [columns.map(\.2)]))
    }

    var predictionSection: ReportSection {
        func row(_ figure: String, _ interval: PredictionInterval?, places: Int) -> [String?] {
            [figure, interval.flatMap { SimulationNumber.text($0.estimate, places: places) },
             interval.flatMap { SimulationNumber.text($0.low, places: places) },
             interval.flatMap { SimulationNumber.text($0.high, places: places) }]
        }
        let n = Double(max(customers, 1))
        let responders = forecast.responders
        var rate = responders
        rate.estimate /= n
        rate.low /= n
        rate.high /= n
        let roc = returnOnCost
        return ReportSection(
            title: "Prediction (95 % intervals)",
            table: ReportTable(
                columns: [.init("figure", .text), .init("estimate", .number), .init("low", .number), .init("high", .number)],
                rows: [
                    row("responders", responders, places: 1),
                    row("response_rate", rate, places: 4),
                    row("incremental_orders", forecast.incrementalOrders, places: 1),
                    row("incremental_revenue", forecast.incrementalRevenue, places: 2),
                    ["return_on_cost", roc.flatMap { SimulationNumber.text($0.estimate, places: 4) },
                     roc.flatMap { SimulationNumber.text($0.low, places: 4) },
                     roc.flatMap { SimulationNumber.text($0.high, places: 4) }],
                ]))
    }

    var cellSection: ReportSection {
        let z = PredictionInterval.z
        let rows: [[String?]] = forecast.cells.map { cell in
            let rate = cell.responseRate
            let sd = rate.variance.squareRoot()
            return [
                cell.cell,
                SimulationNumber.text(cell.customers, places: 1),
                SimulationNumber.text(rate.mean, places: 4),
                SimulationNumber.text(max(0, rate.mean - z * sd), places: 4),
                SimulationNumber.text(min(1, rate.mean + z * sd), places: 4),
                SimulationNumber.text(rate.priorFactor, places: 3),
                cell.ordersUplift.flatMap { SimulationNumber.text($0.mean, places: 4) },
                cell.revenueUplift.flatMap { SimulationNumber.text($0.mean, places: 2) },
                SimulationNumber.text(cell.pastContacted, places: 0),
                String(cell.pastCampaigns),
                String(cell.pastControlCampaigns),
                basis(of: cell),
            ]
        }
        return ReportSection(
            title: "Cells: \(plan.targeting.profile == "segment" ? "segment" : "value tier") × \(plan.channel) × \(plan.campaignType)",
            table: ReportTable(
                columns: [
                    .init(plan.targeting.profile, .text), .init("customers", .number), .init("response_rate", .number),
                    .init("response_low_rate", .number), .init("response_high_rate", .number),
                    .init("response_factor", .number),
                    .init("incremental_orders_per_customer", .number), .init("incremental_revenue_per_customer", .number),
                    .init("past_contacted", .number), .init("past_campaigns", .number),
                    .init("past_control_campaigns", .number), .init("basis", .text),
                ],
                rows: rows))
    }
}

extension CampaignBacktestReport {
    public var document: ReportDocument {
        let s = summary
        func text(_ value: Double?, _ places: Int) -> String? { value.flatMap { SimulationNumber.text($0, places: places) } }
        let summaryRows: [[String?]] = [
            ["campaigns predicted", String(s.campaigns)],
            ["mean actual responders", text(s.meanActualResponders, 1)],
            ["responders MAE", text(s.respondersMAE, 2)],
            ["responders MAE, one pooled rate", text(s.baselineRespondersMAE, 2)],
            ["responders bias (predicted − actual)", text(s.respondersBias, 2)],
            ["responders inside the 95 % interval", text(s.respondersCoverage, 4)],
            ["campaigns with a control group", String(s.controlCampaigns)],
            ["incremental revenue MAE", text(s.revenueMAE, 2)],
            ["incremental revenue MAE, predicting 0", text(s.zeroRevenueMAE, 2)],
            ["incremental revenue bias", text(s.revenueBias, 2)],
            ["measured incremental revenue inside the interval (with its own error)", text(s.revenueCoverage, 4)],
        ]
        let campaignRows: [[String?]] = campaigns.map { c in
            [c.campaignCode, c.startDate, c.channel, c.campaignType, text(c.contacted, 0), String(c.pastCampaigns),
             text(c.predictedResponders.estimate, 1), text(c.predictedResponders.low, 1),
             text(c.predictedResponders.high, 1), text(c.actualResponders, 0), text(c.baselineResponders, 1),
             text(c.predictedRevenue?.estimate, 2), text(c.predictedRevenue?.low, 2), text(c.predictedRevenue?.high, 2),
             text(c.actualRevenue, 2), text(c.actualRevenueError, 2)]
        }
        return ReportDocument(
            name: "campaign_simulation_backtest",
            title: "Campaign simulation backtest (by \(profile), \(windowDays)-day window, as of \(asOf))",
            sections: [
                ReportSection(
                    title: "Summary",
                    table: ReportTable(columns: [.init("measure", .text), .init("value", .number)], rows: summaryRows)),
                ReportSection(
                    title: "Each campaign predicted from the campaigns whose window ended before it started",
                    table: ReportTable(
                        columns: [
                            .init("campaign_code", .text), .init("start_date", .text), .init("channel", .text),
                            .init("campaign_type", .text), .init("contacted", .number), .init("past_campaigns", .number),
                            .init("predicted_responders", .number), .init("predicted_responders_low", .number),
                            .init("predicted_responders_high", .number), .init("actual_responders", .number),
                            .init("pooled_rate_responders", .number), .init("predicted_incremental_revenue", .number),
                            .init("predicted_incremental_revenue_low", .number),
                            .init("predicted_incremental_revenue_high", .number),
                            .init("measured_incremental_revenue", .number),
                            .init("measured_incremental_revenue_error", .number),
                        ],
                        rows: campaignRows)),
            ])
    }
}

/// Fixed-point text of a model figure (a JSON number; never NaN or ∞).
enum SimulationNumber {
    static func text(_ value: Double, places: Int) -> String? {
        guard value.isFinite else { return nil }
        let text = String(format: "%.\(places)f", value)
        // "-0.00" reads as a negative amount.
        return text.allSatisfy { "-0.".contains($0) } ? String(format: "%.\(places)f", 0.0) : text
    }
}
