// Module Feeds.
