"""The BasicSR helpers that upstream architectures import (to_2tuple, trunc_normal_)."""
from timm.models.layers import to_2tuple, trunc_normal_  # noqa: F401
