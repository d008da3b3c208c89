# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The monitoring role's SNS topic: whether it exists and whether the collection made it (its marker tag)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailops.ses.plugins.module_utils._deliverability.alarms import TOPIC_MARKER


def find_topic(run, name):
    """(ARN, exists, carries the collection's marker tag) of topic ``name`` in the account and region of ``run``
    (a ModuleRun): ListTopics pages until the ARN shows up, then its tags."""
    sns, token = run.client("sns"), None
    arn = run.caller().arn("sns", run.module.region, name)
    while True:
        page = sns("list_topics", **({"NextToken": token} if token else {}))
        if any(topic["TopicArn"] == arn for topic in page.get("Topics", [])):
            tags = sns("list_tags_for_resource", ResourceArn=arn).get("Tags", [])
            return arn, True, any(tag["Key"] == TOPIC_MARKER for tag in tags)
        token = page.get("NextToken")
        if not token:
            return arn, False, False
