import Foundation

@testable import Analytics

/// Reference values written by scripts/clv-reference/make_paretonbd_fixtures.py
/// (lifetimes 0.11.3 `ParetoNBDFitter`, and mpmath at 50 digits).
struct ParetoNBDFixture: Decodable {
    struct Params: Decodable { var r, alpha, s, beta: Double }
    struct Probability: Decodable {
        var n: Int
        var t: Double
        var value: Double
    }
    var name: String
    var penalizer: Double
    var lifetimesPenalizerCoef: Double
    var customers: Int
    var frequency: [Int]?
    var recency: [Double]?
    var T: [Double]?
    var params: Params
    var logLikelihood: Double
    var horizon: Double
    var probabilityAlive: [Double]
    var expectedPurchases: [Double]
    var populationT: [Double]
    var populationExpectedPurchases: [Double]
    var purchaseProbabilities: [Probability]

    var model: ParetoNBDParameters {
        ParetoNBDParameters(r: params.r, alpha: params.alpha, s: params.s, beta: params.beta, unit: .week)
    }

    var summary: RFMSummary {
        Fixtures.summary(frequency: frequency ?? [], recency: recency ?? [], T: T ?? [])
    }
}

/// 50-digit values of the note 009 likelihood and P(alive), and of the closed form of P(X(t) = n).
struct ParetoNBDReference: Decodable {
    struct Customer: Decodable {
        var frequency: Int
        var recency, T: Double
        var logLikelihood, probabilityAlive: String
    }
    struct Probability: Decodable {
        var n: Int
        var t: Double
        var value: String
    }
    var name: String
    var params: ParetoNBDFixture.Params
    var customers: [Customer]
    var purchaseProbabilities: [Probability]

    var model: ParetoNBDParameters {
        ParetoNBDParameters(r: params.r, alpha: params.alpha, s: params.s, beta: params.beta, unit: .week)
    }
}

/// lifetimes' conditional pmf P(Y(t) = n | x, tₓ, T) (paretonbd_conditional.json).
struct ParetoNBDConditionalFixture: Decodable {
    struct Case: Decodable {
        var n: Int
        var t: Double
        var frequency: Int
        var recency, T, value: Double
    }
    var params: ParetoNBDFixture.Params
    var cases: [Case]
}
