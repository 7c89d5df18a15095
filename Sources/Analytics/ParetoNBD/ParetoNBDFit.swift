/// A fitted Pareto/NBD model: the maximum-likelihood parameters and how the fit went.
public typealias ParetoNBDFit = PurchaseModelFit<ParetoNBDParameters>
