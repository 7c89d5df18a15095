/// A fitted BG/NBD model: the maximum-likelihood parameters and how the fit went.
/// Predictions: P(alive) (note 021), E[Y(t) | x, tₓ, T] (eq. 10), E[X(t)] (eq. 9).
public typealias BGNBDFit = PurchaseModelFit<BGNBDParameters>
