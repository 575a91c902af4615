"""BasicSR's architecture registry, reduced to a decorator that registers nothing."""


class _Registry:
    def register(self, obj=None):
        return obj if obj is not None else (lambda o: o)


ARCH_REGISTRY = _Registry()
