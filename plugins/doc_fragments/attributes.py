# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Use with ansible.builtin.action_common_attributes, which describes check_mode, diff_mode and platform.
    DOCUMENTATION = r"""
options: {}
attributes:
  idempotent:
    description: When run twice in a row with the same arguments, the second run reports no change and makes no write call.
"""

    # Modules that change something.
    WRITES = r"""
options: {}
attributes:
  check_mode:
    support: full
    details: Check mode makes no write call; the result predicts the real run.
  diff_mode:
    support: full
  platform:
    platforms: posix
  idempotent:
    support: full
"""

    # Modules that only read.
    READ_ONLY = r"""
options: {}
attributes:
  check_mode:
    support: full
    details: The module only reads; it runs the same in check mode.
  diff_mode:
    support: none
  platform:
    platforms: posix
  idempotent:
    support: full
    details: The module does not change anything.
"""

    # Modules that send mail but change no configuration.
    SENDS = r"""
options: {}
attributes:
  check_mode:
    support: full
    details: In check mode nothing is sent.
  diff_mode:
    support: none
  platform:
    platforms: posix
  idempotent:
    support: none
    details: Every run sends new messages.
"""

    # Action plugins that run on the controller and read the inventory themselves.
    CONTROLLER = r"""
options: {}
attributes:
  action:
    support: full
    description: Runs on the controller as an action plugin; no module is sent anywhere.
  check_mode:
    support: full
    details: Nothing is written; the plugin runs the same in check mode.
  diff_mode:
    support: none
  platform:
    platforms: all
  idempotent:
    support: full
    details: The plugin does not change anything.
"""
