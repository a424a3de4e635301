"""Every place name → `ResolvedPlace`: see `resolve.Resolver`."""

from etl.geocode.resolve import Resolver

__all__ = ["Resolver"]
