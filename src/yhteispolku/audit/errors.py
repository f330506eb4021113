"""What can go wrong when writing the access log."""


class AppendOnlyError(Exception):
    """Code tried to change or remove an access event, or to write one outside `record_access`."""


class ChainHeadMissing(Exception):
    """The log has entries but no chain head: someone removed it, so new entries would fork the chain."""
