/// Predicts every past campaign from the campaigns whose response window had
/// ended by the day before it started, as a plan of its own contacted
/// customers per cell, and compares with what it did.
public enum CampaignBacktest {
    public struct Campaign: Sendable, Equatable {
        public var campaignCode: String
        public var startDate: String
        public var channel: String
        public var campaignType: String
        public var contacted: Double
        /// Campaigns the prediction learnt from.
        public var pastCampaigns: Int
        public var predictedResponders: PredictionInterval
        public var actualResponders: Double
        /// The pooled response rate of all earlier campaigns × contacted.
        public var baselineResponders: Double
        public var predictedRevenue: PredictionInterval?
        /// contacted × (treatment − control revenue per customer); nil without a control group.
        public var actualRevenue: Double?
        /// The sampling standard error of actualRevenue.
        public var actualRevenueError: Double?
    }

    public struct Summary: Sendable, Equatable {
        public var campaigns: Int
        public var meanActualResponders: Double
        public var respondersMAE: Double
        public var respondersBias: Double
        public var baselineRespondersMAE: Double
        /// Share of actual responder counts inside the 95 % interval.
        public var respondersCoverage: Double
        public var controlCampaigns: Int
        public var revenueMAE: Double?
        public var revenueBias: Double?
        /// The MAE of predicting no incremental revenue at all.
        public var zeroRevenueMAE: Double?
        /// Share of measured incremental revenues inside the 95 % interval
        /// widened by their own sampling error (√(se_pred² + se_measured²)).
        public var revenueCoverage: Double?
    }

    public static func run(history: [CampaignCellHistory], asOf: String) -> (campaigns: [Campaign], summary: Summary) {
        let known = history.filter { $0.windowEndDate <= asOf }
        var byCampaign: [String: [CampaignCellHistory]] = [:]
        for row in known { byCampaign[row.campaignCode, default: []].append(row) }
        let order = byCampaign.map { ($0.key, $0.value[0].startDate) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        var results: [Campaign] = []
        for (code, start) in order {
            let rows = byCampaign[code]!.sorted { $0.cell < $1.cell }
            let training = known.filter { $0.windowEndDate < start }
            guard let model = try? CampaignResponseModel(history: training) else { continue }
            let first = rows[0]
            let contacted = rows.reduce(0) { $0 + $1.treatment.customers }
            guard contacted > 0 else { continue }
            let plan = rows.filter { $0.treatment.customers > 0 }.map { PlanCell(cell: $0.cell, customers: $0.treatment.customers) }
            let forecast = model.forecast(channel: first.channel, campaignType: first.campaignType, cells: plan)
            let pooled = training.reduce(GroupSums.zero) { $0 + $1.treatment }
            let whole = CampaignUnit(
                campaignCode: code, treatment: rows.reduce(GroupSums.zero) { $0 + $1.treatment },
                control: rows.reduce(GroupSums.zero) { $0 + $1.control })
            let measured = whole.uplift(.revenue)
            results.append(Campaign(
                campaignCode: code, startDate: start, channel: first.channel, campaignType: first.campaignType,
                contacted: contacted, pastCampaigns: model.campaigns, predictedResponders: forecast.responders,
                actualResponders: whole.treatment.responders,
                baselineResponders: contacted * pooled.responders / pooled.customers,
                predictedRevenue: forecast.incrementalRevenue,
                actualRevenue: measured.map { contacted * $0.difference },
                actualRevenueError: measured.map { contacted * $0.variance.squareRoot() }))
        }
        return (results, summarize(results))
    }

    static func summarize(_ campaigns: [Campaign]) -> Summary {
        let n = Double(max(campaigns.count, 1))
        let errors = campaigns.map { $0.predictedResponders.estimate - $0.actualResponders }
        let withRevenue = campaigns.filter { $0.actualRevenue != nil && $0.predictedRevenue != nil }
        let m = Double(withRevenue.count)
        let revenueErrors = withRevenue.map { $0.predictedRevenue!.estimate - $0.actualRevenue! }
        let covered = withRevenue.filter { c in
            let se = (pow2(c.predictedRevenue!.standardError) + pow2(c.actualRevenueError!)).squareRoot()
            return abs(c.predictedRevenue!.estimate - c.actualRevenue!) <= PredictionInterval.z * se
        }
        return Summary(
            campaigns: campaigns.count,
            meanActualResponders: campaigns.reduce(0) { $0 + $1.actualResponders } / n,
            respondersMAE: errors.reduce(0) { $0 + abs($1) } / n,
            respondersBias: errors.reduce(0, +) / n,
            baselineRespondersMAE: campaigns.reduce(0) { $0 + abs($1.baselineResponders - $1.actualResponders) } / n,
            respondersCoverage: Double(campaigns.filter { $0.predictedResponders.contains($0.actualResponders) }.count) / n,
            controlCampaigns: withRevenue.count,
            revenueMAE: m > 0 ? revenueErrors.reduce(0) { $0 + abs($1) } / m : nil,
            revenueBias: m > 0 ? revenueErrors.reduce(0, +) / m : nil,
            zeroRevenueMAE: m > 0 ? withRevenue.reduce(0) { $0 + abs($1.actualRevenue!) } / m : nil,
            revenueCoverage: m > 0 ? Double(covered.count) / m : nil)
    }

    private static func pow2(_ x: Double) -> Double { x * x }
}
