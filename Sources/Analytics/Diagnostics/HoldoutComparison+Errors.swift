import Foundation

extension HoldoutComparison {
    /// Expected minus actual repeat purchases over the whole holdout.
    public var totalError: Double { expectedPurchases - Double(actualPurchases) }

    /// `totalError` as a fraction of the actual purchases; nil when there were none.
    public var totalRelativeError: Double? {
        actualPurchases > 0 ? totalError / Double(actualPurchases) : nil
    }

    /// Mean over the frequency groups of |expected − actual| purchases in the group.
    public var groupMeanAbsoluteError: Double {
        groups.isEmpty ? 0 : groups.reduce(0) { $0 + abs($1.expectedPurchases - Double($1.actualPurchases)) }
            / Double(groups.count)
    }

    /// Root of the mean over the frequency groups of (expected − actual)² purchases.
    public var groupRootMeanSquareError: Double {
        guard !groups.isEmpty else { return 0 }
        let squares = groups.reduce(0) { $0 + pow($1.expectedPurchases - Double($1.actualPurchases), 2) }
        return (squares / Double(groups.count)).squareRoot()
    }
}
