"""spandrel.util's decorator, reduced to doing nothing (it only records constructor arguments)."""


def store_hyperparameters(*args, **kwargs):
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return args[0]
    return lambda cls: cls
