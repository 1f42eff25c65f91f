"""django-simple-history's ``HistoricalRecords``, whose history manager class is built
once per model. The library's descriptor builds a new manager class (``from_queryset``,
which walks the queryset's members) at every ``instance.history``, and every history row
it writes goes through it: a report's submission spent a twentieth of its time there."""

from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords as LibraryHistoricalRecords


class _KeptHistoryDescriptor(HistoryDescriptor):
    def __init__(self, descriptor: HistoryDescriptor):
        super().__init__(
            descriptor.model, manager=descriptor.manager_class, queryset=descriptor.queryset_class
        )
        self._manager = descriptor.manager_class.from_queryset(descriptor.queryset_class)

    def __get__(self, instance, owner):
        return self._manager(self.model, instance)


class HistoricalRecords(LibraryHistoricalRecords):
    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name)
        if type(descriptor) is HistoryDescriptor:
            setattr(sender, self.manager_name, _KeptHistoryDescriptor(descriptor))
