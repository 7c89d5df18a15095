/// Weighted Pearson correlation; `nil` when either variable has no spread.
func pearsonCorrelation(_ x: [Double], _ y: [Double], weights: [Double]) -> Double? {
    var sw = 0.0
    var sx = 0.0
    var sy = 0.0
    for i in x.indices {
        sw += weights[i]
        sx += weights[i] * x[i]
        sy += weights[i] * y[i]
    }
    guard sw > 0 else { return nil }
    let mx = sx / sw
    let my = sy / sw
    var cxx = 0.0
    var cyy = 0.0
    var cxy = 0.0
    for i in x.indices {
        let dx = x[i] - mx
        let dy = y[i] - my
        cxx += weights[i] * dx * dx
        cyy += weights[i] * dy * dy
        cxy += weights[i] * dx * dy
    }
    guard cxx > 0, cyy > 0 else { return nil }
    return cxy / (cxx * cyy).squareRoot()
}
