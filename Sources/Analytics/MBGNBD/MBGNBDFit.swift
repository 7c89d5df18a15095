/// A fitted MBG/NBD model: the maximum-likelihood parameters and how the fit went.
public typealias MBGNBDFit = PurchaseModelFit<MBGNBDParameters>
