"""interchange has no models of its own yet."""
