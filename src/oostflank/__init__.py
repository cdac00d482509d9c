"""oostflank: the Netherlands' deployments on NATO's eastern flank and their mandates."""

__version__ = "0.1.0"
