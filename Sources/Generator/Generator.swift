// Synthetic feeds.
