import Analytics

/// The fitted purchase model of a CLV fit: BG/NBD, MBG/NBD or Pareto/NBD, as
/// `analysis.clv.model` or `--model` chose.
public enum CLVPurchaseFit: Sendable, Hashable {
    case bgnbd(BGNBDFit)
    case mbgnbd(MBGNBDFit)
    case paretonbd(ParetoNBDFit)

    /// Fits the model of `kind` to `summary`.
    public static func fit(_ kind: PurchaseModelKind, _ summary: RFMSummary, penalizer: Double) throws -> CLVPurchaseFit {
        switch kind {
        case .bgnbd: return .bgnbd(try BGNBDModel.fit(summary, penalizer: penalizer))
        case .mbgnbd: return .mbgnbd(try MBGNBDModel.fit(summary, penalizer: penalizer))
        case .paretonbd: return .paretonbd(try ParetoNBDModel.fit(summary, penalizer: penalizer))
        }
    }

    public var kind: PurchaseModelKind { parameters.kind }
    /// The fitted parameters, which also make the predictions.
    public var parameters: any PurchaseModel { fit.anyParameters }
    public var logLikelihood: Double { fit.logLikelihood }
    public var converged: Bool { fit.converged }
    public var iterations: Int { fit.iterations }
    public var gradientNorm: Double { fit.gradientNorm }
    /// Customers in the summary the model was fitted on.
    public var customers: Int { fit.customers }
    public var distinctRows: Int { fit.distinctRows }

    public var bgnbd: BGNBDFit? {
        if case .bgnbd(let fit) = self { return fit }
        return nil
    }

    public var mbgnbd: MBGNBDFit? {
        if case .mbgnbd(let fit) = self { return fit }
        return nil
    }

    public var paretonbd: ParetoNBDFit? {
        if case .paretonbd(let fit) = self { return fit }
        return nil
    }

    private var fit: any FittedPurchaseModel {
        switch self {
        case .bgnbd(let fit): return fit
        case .mbgnbd(let fit): return fit
        case .paretonbd(let fit): return fit
        }
    }
}

/// What every ``PurchaseModelFit`` reports, whatever its parameters' type.
private protocol FittedPurchaseModel {
    var anyParameters: any PurchaseModel { get }
    var logLikelihood: Double { get }
    var converged: Bool { get }
    var iterations: Int { get }
    var gradientNorm: Double { get }
    var customers: Int { get }
    var distinctRows: Int { get }
}

extension PurchaseModelFit: FittedPurchaseModel {
    fileprivate var anyParameters: any PurchaseModel { parameters }
}
