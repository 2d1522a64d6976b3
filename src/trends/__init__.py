"""trends: recorded crime by district — trends, forecasts and the impact of staggered community-security rollouts."""

from trends.schema import TrendsDataError

__version__ = "0.1.0"
__all__ = ["TrendsDataError", "__version__"]
