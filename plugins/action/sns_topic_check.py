# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs module mailops.ses.sns_topic_check in Ansible's worker process when it can (see plugin_utils/direct.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailops.ses.plugins.modules import sns_topic_check as _module
from ansible_collections.mailops.ses.plugins.plugin_utils.direct import DirectModuleAction


class ActionModule(DirectModuleAction):
    MODULE = _module
    SERVICES = ("sns",)
