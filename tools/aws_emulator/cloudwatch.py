"""CloudWatch scoped as AWS scopes it: dashboards are global per account, alarms and metrics regional.

AWS: "All dashboards in your account are global, not region-specific", and a dashboard
ARN has no region (``arn:aws:cloudwatch::<account>:dashboard/<name>``).  moto 5.2.5 keeps
dashboards on its per-region ``CloudWatchBackend``; here every region's backend of one
account (and partition) reads and writes one shared dictionary, so ``PutDashboard`` in
us-east-1 and ``PutDashboard`` of the same name in eu-west-1 are one dashboard.

The patch is on the class (it survives ``/moto-api/reset``); the data is not: moto's
reset re-initialises every backend through ``reset()``, which also drops the account's
shared dashboards.  Alarms, metrics, insight rules and tags stay on the regional backend.
"""

import threading

from moto.cloudwatch.models import CloudWatchBackend

_SHARED = {}  # (partition, account id) -> {dashboard name: moto Dashboard}
_LOCK = threading.Lock()


def _key(backend):
    return (backend.partition, backend.account_id)


def _account_dashboards(self):
    with _LOCK:
        return _SHARED.setdefault(_key(self), {})


def _keep_account_dashboards(self, _value):
    # moto's __init__ assigns a fresh ``{}`` to every new regional backend; the account's
    # dashboards must survive a first call in another region, so the assignment is ignored.
    return None


def _list_dashboards(self, prefix=""):
    # one listing for the whole account, by name (moto yields insertion order, which across regions is arbitrary)
    return iter([d for name, d in sorted(self.dashboards.items()) if name.startswith(prefix)])


def _reset(self):
    with _LOCK:
        _SHARED.pop(_key(self), None)
    _ORIGINAL_RESET(self)


_ORIGINAL_RESET = CloudWatchBackend.reset


def install():
    if getattr(CloudWatchBackend, "_mailops_global_dashboards", False):
        return
    CloudWatchBackend.dashboards = property(_account_dashboards, _keep_account_dashboards)
    CloudWatchBackend.reset = _reset
    CloudWatchBackend.list_dashboards = _list_dashboards
    CloudWatchBackend._mailops_global_dashboards = True


def clear():
    """Drop every account's dashboards (``/moto-api/reset`` also does this through ``reset()``)."""
    with _LOCK:
        _SHARED.clear()
