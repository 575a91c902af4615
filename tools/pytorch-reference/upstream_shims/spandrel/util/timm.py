from timm.models.layers import DropPath, to_2tuple, trunc_normal_  # noqa: F401
