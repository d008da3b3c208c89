# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Partition-aware ARNs: ``aws``, ``aws-cn`` and ``aws-us-gov`` resources are named alike, with their own partition.

The partition comes from what STS reports for the caller (``GetCallerIdentity`` returns an ARN that
carries it), so nothing here guesses from the region unless told to.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

ARN_RE = re.compile(r"^arn:(aws[a-z-]*):([a-z0-9-]*):([a-z0-9-]*):(\d{12}|aws|):(.+)$")
REGION_RE = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$")
REGION_PARTITIONS = (("cn-", "aws-cn"), ("us-gov-", "aws-us-gov"), ("us-iso-", "aws-iso"), ("us-isob-", "aws-iso-b"))


def parse(arn):
    """``(partition, service, region, account, resource)`` of an ARN, or None when it is not one."""
    match = ARN_RE.match(arn or "")
    return match.groups() if match else None


def partition_of(arn):
    parsed = parse(arn)
    return parsed[0] if parsed else None


def is_region(name):
    """Whether ``name`` looks like an AWS region name (us-east-1, us-gov-west-1, cn-north-1)."""
    return bool(REGION_RE.match(str(name or "")))


def partition_for_region(region):
    """The partition a region belongs to (for ARNs of AWS-managed resources, which have no caller)."""
    for prefix, partition in REGION_PARTITIONS:
        if (region or "").startswith(prefix):
            return partition
    return "aws"


def arn(partition, service, region, account, resource):
    return "arn:%s:%s:%s:%s:%s" % (partition, service, region or "", account or "", resource)


class Caller:
    """Account id and partition of the credentials in use, from one ``sts:GetCallerIdentity`` call."""

    def __init__(self, identity):
        self.account = identity["Account"]
        self.partition = partition_of(identity.get("Arn")) or "aws"

    def arn(self, service, region, resource):
        return arn(self.partition, service, region, self.account, resource)

    def ses_arn(self, region, resource):
        """``arn:<partition>:ses:<region>:<account>:<resource>``, e.g. resource ``identity/example.com``."""
        return arn(self.partition, "ses", region, self.account, resource)
