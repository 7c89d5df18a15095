/// Response rate and uplift per customer of past campaigns by cell ×
/// channel × campaign type, shrunk toward broader groups (empirical Bayes).
///
/// The cells form a tree: all campaigns → channel → channel × type →
/// channel × type × cell (the customers' segment or tier the day before the
/// start). Every node pools its campaigns' customers, one unit per campaign.
///
/// 1. Campaigns vary beyond chance: ρ_c, the intra-class correlation of
///    the campaigns' response rates within a leaf (BetaBinomialMoments over
///    each leaf's campaigns, pooled over the leaves), and τ²_c, the
///    between-campaign variance of their uplifts (NormalMoments likewise).
/// 2. A node's response data are n and r divided by the design effect
///    1 + ρ_c (Σ n_k² / n − 1) of its campaigns k; its uplift is the
///    Σ W_k d_k / Σ W_k of the campaigns with a control group (d_k the
///    treatment − control difference of means, W_k = n_t n_c / (n_t + n_c))
///    with variance Σ W_k² (v_k + τ²_c) / (Σ W_k)².
/// 3. Response rates differ by margin across parents: a campaign type's
///    factor on its channels' rates and a cell's factor on its channel ×
///    type rates (RateFactor, from the raw rates of the parents).
/// 4. A parent's children spread around it: ρ (prior strength κ = (1 − ρ)/ρ)
///    around the parent's raw rate times each child's factor, and τ² of the
///    uplifts around the parent's, by the same moments over its children,
///    or — when fewer than 3 children have data — pooled over every parent
///    of its depth.
/// 5. Top down, each node's posterior shrinks its data toward its prior:
///    the parent's posterior, for rates times the node's factor
///    (ShrunkEstimate.rate, ShrunkEstimate.normal); a node with no data
///    takes its prior with the children's spread added.
public struct CampaignResponseModel: Sendable {
    struct Node: Sendable {
        var units: [CampaignUnit]
        var customers = 0.0
        var responders = 0.0
        var effectiveCustomers = 0.0
        var effectiveResponders = 0.0
        var uplift: [UpliftMeasure: (estimate: Double, variance: Double)] = [:]
        var controlCampaigns = 0
    }

    /// ρ_c: how much a campaign's response rate varies beyond chance.
    public let campaignCorrelation: Double
    /// τ²_c per measure: variance of a campaign's uplift per customer around its cell's.
    public let campaignUpliftVariance: [UpliftMeasure: Double]
    public let campaigns: Int
    public let controlCampaigns: Int
    /// Each campaign type's factor on its channels' response rates.
    public let typeFactors: [String: RateFactor]
    /// Each cell's factor on its channel × type response rates.
    public let cellFactors: [String: RateFactor]
    let nodes: [[String]: Node]
    let strengths: [[String]: Double]
    let levelStrengths: [Double]
    let betweenVariances: [UpliftMeasure: [[String]: Double]]
    let levelBetweenVariances: [UpliftMeasure: [Double]]

    /// Parents need this many children with data for their own spread.
    public static let minimumChildren = 3

    public init(history: [CampaignCellHistory]) throws {
        var grouped: [[String]: [String: CampaignUnit]] = [:]
        for row in history where row.treatment.customers > 0 || row.control.customers > 0 {
            let path = [row.channel, row.campaignType, row.cell]
            for depth in 0...3 {
                let key = Array(path.prefix(depth))
                var unit = grouped[key, default: [:]][row.campaignCode]
                    ?? CampaignUnit(campaignCode: row.campaignCode, treatment: .zero, control: .zero)
                unit.treatment = unit.treatment + row.treatment
                unit.control = unit.control + row.control
                grouped[key, default: [:]][row.campaignCode] = unit
            }
        }
        guard let root = grouped[[]], root.values.contains(where: { $0.treatment.customers > 0 }) else {
            throw AnalyticsError(.insufficientData, "no past campaign contacted anyone: there is nothing to learn from")
        }
        campaigns = root.values.filter { $0.treatment.customers > 0 }.count
        controlCampaigns = root.values.filter { $0.uplift(.revenue) != nil }.count
        let units = grouped.mapValues { $0.values.sorted { $0.campaignCode < $1.campaignCode } }
        let leaves = units.filter { $0.key.count == 3 }.sorted { $0.key.lexicographicallyPrecedes($1.key) }

        // 1. Campaign-to-campaign variation within the leaves.
        let rho = BetaBinomialMoments.correlation(.pooled(
            leaves.compactMap { leaf in
                BetaBinomialMoments.terms(leaf.value.map { ($0.treatment.customers, $0.treatment.responders) })
            }))
        campaignCorrelation = rho
        var tauC: [UpliftMeasure: Double] = [:]
        for measure in UpliftMeasure.allCases {
            tauC[measure] = NormalMoments.betweenVariance(.pooled(
                leaves.compactMap { leaf in
                    NormalMoments.terms(leaf.value.compactMap { $0.uplift(measure).map { ($0.difference, $0.variance) } })
                }))
        }
        campaignUpliftVariance = tauC

        // 2. Each node's data.
        var nodes: [[String]: Node] = [:]
        for (key, list) in units {
            var node = Node(units: list)
            node.customers = list.reduce(0) { $0 + $1.treatment.customers }
            node.responders = list.reduce(0) { $0 + $1.treatment.responders }
            if node.customers > 0 {
                let squares = list.reduce(0) { $0 + $1.treatment.customers * $1.treatment.customers }
                let designEffect = 1 + rho * (squares / node.customers - 1)
                node.effectiveCustomers = node.customers / designEffect
                node.effectiveResponders = node.responders / designEffect
            }
            node.controlCampaigns = list.filter { $0.uplift(.revenue) != nil }.count
            for measure in UpliftMeasure.allCases {
                let measured = list.compactMap { $0.uplift(measure) }
                let weight = measured.reduce(0) { $0 + $1.weight }
                guard weight > 0 else { continue }
                let estimate = measured.reduce(0) { $0 + $1.weight * $1.difference } / weight
                let variance = measured.reduce(0) { $0 + $1.weight * $1.weight * ($1.variance + tauC[measure]!) }
                    / (weight * weight)
                node.uplift[measure] = (estimate, variance)
            }
            nodes[key] = node
        }
        self.nodes = nodes

        // 3. Factors of the types and the cells on their parents' raw rates.
        func rawRate(_ path: [String]) -> Double {
            guard let node = nodes[path], node.customers > 0 else { return 0 }
            return node.responders / node.customers
        }
        var typeMargins: [String: (responders: Double, expected: Double)] = [:]
        var cellMargins: [String: (responders: Double, expected: Double)] = [:]
        for (key, node) in nodes.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) where key.count >= 2 {
            let expected = node.effectiveCustomers * rawRate(Array(key.dropLast()))
            if key.count == 2 {
                let margin = typeMargins[key[1]] ?? (0, 0)
                typeMargins[key[1]] = (margin.responders + node.effectiveResponders, margin.expected + expected)
            } else {
                let margin = cellMargins[key[2]] ?? (0, 0)
                cellMargins[key[2]] = (margin.responders + node.effectiveResponders, margin.expected + expected)
            }
        }
        let typeFactors = RateFactor.estimate(typeMargins)
        let cellFactors = RateFactor.estimate(cellMargins)
        self.typeFactors = typeFactors
        self.cellFactors = cellFactors
        func factor(_ path: [String]) -> RateFactor {
            switch path.count {
            case 2: return typeFactors[path[1]] ?? .none
            case 3: return cellFactors[path[2]] ?? .none
            default: return .none
            }
        }

        // 4. Spread of each parent's children.
        let parents = nodes.keys.filter { $0.count < 3 }.sorted { $0.lexicographicallyPrecedes($1) }
        func children(of parent: [String]) -> [(path: [String], node: Node)] {
            nodes.filter { $0.key.count == parent.count + 1 && Array($0.key.prefix(parent.count)) == parent }
                .sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { ($0.key, $0.value) }
        }
        var rateTerms: [[String]: BetaBinomialMoments.Terms] = [:]
        var upliftTerms: [UpliftMeasure: [[String]: BetaBinomialMoments.Terms]] = [:]
        for parent in parents {
            let kids = children(of: parent)
            let parentRate = rawRate(parent)
            rateTerms[parent] = BetaBinomialMoments.terms(
                kids.map { ($0.node.effectiveCustomers, $0.node.effectiveResponders, parentRate * factor($0.path).mean) })
            for measure in UpliftMeasure.allCases {
                upliftTerms[measure, default: [:]][parent] = NormalMoments.terms(
                    kids.compactMap { $0.node.uplift[measure].map { ($0.estimate, $0.variance) } })
            }
        }
        func pooled(_ terms: [[String]: BetaBinomialMoments.Terms], depth: Int) -> BetaBinomialMoments.Terms? {
            .pooled(terms.filter { $0.key.count == depth }.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map(\.value))
        }
        levelStrengths = (0..<3).map {
            BetaBinomialMoments.strength(correlation: BetaBinomialMoments.correlation(pooled(rateTerms, depth: $0)))
        }
        var strengths: [[String]: Double] = [:]
        for (parent, terms) in rateTerms where terms.groups >= Self.minimumChildren {
            strengths[parent] = BetaBinomialMoments.strength(correlation: BetaBinomialMoments.correlation(terms))
        }
        self.strengths = strengths
        var between: [UpliftMeasure: [[String]: Double]] = [:]
        var levelBetween: [UpliftMeasure: [Double]] = [:]
        for measure in UpliftMeasure.allCases {
            let terms = upliftTerms[measure] ?? [:]
            levelBetween[measure] = (0..<3).map { NormalMoments.betweenVariance(pooled(terms, depth: $0)) }
            for (parent, own) in terms where own.groups >= Self.minimumChildren {
                between[measure, default: [:]][parent] = NormalMoments.betweenVariance(own)
            }
        }
        betweenVariances = between
        levelBetweenVariances = levelBetween
    }

    /// κ for the children of `parent`: its own, else its depth's pooled one.
    public func strength(under parent: [String]) -> Double {
        strengths[parent] ?? levelStrengths[parent.count]
    }

    /// τ² of a measure for the children of `parent`: its own, else pooled.
    public func betweenVariance(_ measure: UpliftMeasure, under parent: [String]) -> Double {
        betweenVariances[measure]?[parent] ?? levelBetweenVariances[measure]![parent.count]
    }

    /// The posterior response rate of a node ([], [channel], [channel, type]
    /// or [channel, type, cell]); nodes the history lacks take their parent's.
    public func responseRate(_ path: [String]) -> ShrunkEstimate {
        let node = nodes[path]
        guard let parentPath = path.isEmpty ? nil : Array(path.dropLast()) else {
            let n = node!.effectiveCustomers
            let p = node!.effectiveResponders / n
            return ShrunkEstimate(mean: p, ownVariance: p * (1 - p) / n, parentWeight: 0, variance: p * (1 - p) / n)
        }
        return ShrunkEstimate.rate(
            n: node?.effectiveCustomers ?? 0, r: node?.effectiveResponders ?? 0, parent: responseRate(parentPath),
            factor: factor(path), strength: strength(under: parentPath))
    }

    /// The factor of a node's margin on its parent's rate: a type's at depth
    /// 2, a cell's at depth 3 (1 where the history has none).
    public func factor(_ path: [String]) -> RateFactor {
        switch path.count {
        case 2: return typeFactors[path[1]] ?? .none
        case 3: return cellFactors[path[2]] ?? .none
        default: return .none
        }
    }

    /// The posterior uplift per contacted customer of a node; nil when no
    /// past campaign had a control group.
    public func uplift(_ measure: UpliftMeasure, _ path: [String]) -> ShrunkEstimate? {
        guard let parentPath = path.isEmpty ? nil : Array(path.dropLast()) else {
            guard let root = nodes[[]]?.uplift[measure] else { return nil }
            return ShrunkEstimate(mean: root.estimate, ownVariance: root.variance, parentWeight: 0, variance: root.variance)
        }
        guard let parent = uplift(measure, parentPath) else { return nil }
        let data = nodes[path]?.uplift[measure]
        return ShrunkEstimate.normal(
            estimate: data?.estimate ?? 0, variance: data?.variance ?? .infinity, parent: parent,
            betweenVariance: betweenVariance(measure, under: parentPath))
    }

    /// What the history holds for a node: contacted customers, campaigns, campaigns with a control group.
    public func evidence(_ path: [String]) -> (contacted: Double, campaigns: Int, controlCampaigns: Int) {
        guard let node = nodes[path] else { return (0, 0, 0) }
        return (node.customers, node.units.filter { $0.treatment.customers > 0 }.count, node.controlCampaigns)
    }

    /// The channels and campaign types the history knows (for plan checks).
    public var channels: [String] { nodes.keys.filter { $0.count == 1 }.map { $0[0] }.sorted() }
    public var campaignTypes: [String] { Set(nodes.keys.filter { $0.count == 2 }.map { $0[1] }).sorted() }
    public func campaignTypes(on channel: String) -> [String] {
        nodes.keys.filter { $0.count == 2 && $0[0] == channel }.map { $0[1] }.sorted()
    }
}
