# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS clients made from botocore data that is parsed once per playbook run, not once per module run.

Making a client parses botocore's JSON data: the service model, its endpoint rule set, the partitions, the
retry and default settings (about 50 ms of CPU for SES v2, more on a busy machine), in every module run and for
every service it uses. When the collection's modules run inside Ansible's worker (``plugin_utils/direct.py``),
``prepare()`` parses that data once in the controller, when Ansible imports the action plugin, which the
linear strategy does before it forks the workers; a client made in a worker then reads the parsed data from
the shared loader. A module that runs as its own process (AnsiballZ) has no prepared loader and makes its
clients as amazon.aws does (``AnsibleAWSModule.client``).

A client made here is the one ``AnsibleAWSModule.client`` makes: the same connection options
(``get_aws_connection_info``: region, endpoint, credentials or profile, ``aws_config``), wrapped in the same
retrying wrapper; only the botocore session it comes from (one per profile, with the shared loader) is shared.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import threading

try:
    import botocore.loaders
    import botocore.session
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, NoRegionError

    HAS_BOTOCORE = True
except ImportError:
    HAS_BOTOCORE = False

from ansible_collections.amazon.aws.plugins.module_utils.botocore import get_aws_connection_info
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

USER_AGENT = "APN/1.0 Ansible mailops.ses/0.2.0"
_loader = None  # the shared botocore loader, once prepare() ran in this process (or the process it was forked from)
_running_direct = False  # a module runs inside Ansible's worker (direct.py), not in a test or its own process
_sessions = {}  # profile -> botocore session with the shared loader
_lock = threading.Lock()  # modules make clients from threads


def prepare(services):
    """Parse the botocore data of ``services`` now, for every client this process and its forks make later."""
    global _loader
    if not HAS_BOTOCORE:
        return
    if _loader is None:
        _loader = botocore.loaders.create_loader(botocore.session.Session().get_config_variable("data_path"))
        _sessions.clear()
    for service in services:
        # a client parses everything it needs when it is made; it makes no request
        _session().create_client(service, region_name="us-east-1", aws_access_key_id="prepare", aws_secret_access_key="prepare")


@contextlib.contextmanager
def direct_run():
    """While a module runs inside Ansible's worker: its clients use the shared data (when it was prepared)."""
    global _running_direct
    before, _running_direct = _running_direct, True
    try:
        yield
    finally:
        _running_direct = before


def _session(profile=None):
    """One botocore session per profile and process (a new session registers botocore's ~150 event handlers again:
    as much CPU as parsing a service model), made with the shared loader; a fork inherits the controller's."""
    with _lock:
        if profile not in _sessions:
            session = botocore.session.Session(profile=profile)
            session.register_component("data_loader", _loader)
            _sessions[profile] = session
        return _sessions[profile]


def session_client(service, profile=None, **kwargs):
    """A plain botocore client (no retry wrapper), for code that is not a module (the controller's STS calls)."""
    session = _session(profile) if _loader is not None else botocore.session.Session(profile=profile)
    return session.create_client(service, **kwargs)


def client(module, service, retry_decorator=None):
    """A client of ``service`` for an ``AnsibleAWSModule``, with the shared data when it was prepared."""
    if _loader is None or not _running_direct:
        return module.client(service, retry_decorator=retry_decorator)
    region, endpoint_url, params = get_aws_connection_info(module)
    profile = params.pop("profile_name", None)
    config = Config(user_agent=USER_AGENT)
    for name in ("config", "aws_config"):
        extra = params.pop(name, None)
        if extra:
            config = config.merge(extra if isinstance(extra, Config) else Config(**extra))
    try:
        made = _session(profile).create_client(service, region_name=region, endpoint_url=endpoint_url, config=config, **params)
    except NoRegionError:
        module.fail_json(msg="The %s module requires a region and none was found in configuration, environment variables or module parameters" % module._name)
    except (ValueError, BotoCoreError) as exc:
        module.fail_json_aws(exc, msg="Couldn't connect to AWS")
    return made if retry_decorator is None else RetryingBotoClientWrapper(made, retry_decorator)
