# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Route 53 provider: paginated reads, few atomic batches, exact DELETEs for optimistic concurrency.

An update is a DELETE of the exact record set read plus a CREATE of the new one,
in the same batch.  If someone changed the set in between, Route 53 rejects the
whole batch (``InvalidChangeBatch``) and the pipeline re-reads and re-plans.
The client is a boto3 Route 53 client whose calls accept ``aws_retry=True``
(amazon.aws's retrying client), so throttling and ``PriorRequestNotComplete``
are retried with jittered backoff.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover - AnsibleAWSModule reports the missing library

    class BotoCoreError(Exception):
        pass

    class ClientError(Exception):
        pass


from ansible_collections.mailops.ses.plugins.module_utils._dns import txt as _txt
from ansible_collections.mailops.ses.plugins.module_utils._dns.publish import ConcurrentChange, ProviderError
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordSet, absolute, canonical_value

MAX_BATCH_RECORDS = 1000
MAX_BATCH_CHARS = 32000
RACE_MARKERS = ("do not match the current values", "but it already exists", "but it was not found")


def canonical_from_route53(rtype, value):
    if rtype == "TXT":
        return _txt.decode(value)
    try:
        return canonical_value(rtype, value)
    except ValueError:
        return value


class Route53Provider:
    name = "route53"

    def __init__(self, client, zone, hosted_zone_id=None, private_zone=False, wait=False, wait_timeout=300):
        self.client = client
        self.zone = absolute(zone)
        self.hosted_zone_id = hosted_zone_id
        self.private_zone = private_zone
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.reads = 0
        self.writes = 0

    def describe(self):
        return "Route 53 zone %s (%s)" % (self.zone, self.hosted_zone_id or "not looked up yet")

    def _call(self, method, **kwargs):
        try:
            return getattr(self.client, method)(aws_retry=True, **kwargs)
        except (BotoCoreError, ClientError) as exc:
            code = getattr(exc, "response", {}).get("Error", {}).get("Code", exc.__class__.__name__)
            message = getattr(exc, "response", {}).get("Error", {}).get("Message", str(exc))
            raise Route53Error(code, message, "%s %s: %s: %s" % (self.describe(), method, code, message))

    def zone_id(self):
        if self.hosted_zone_id:
            return self.hosted_zone_id
        self.reads += 1
        found = self._call("list_hosted_zones_by_name", DNSName=self.zone, MaxItems="100")
        matches = [
            z
            for z in found.get("HostedZones", [])
            if z["Name"].lower() == self.zone and bool(z.get("Config", {}).get("PrivateZone")) == bool(self.private_zone)
        ]
        kind = "private" if self.private_zone else "public"
        if not matches:
            raise ProviderError(
                "Route 53 has no %s hosted zone named %s in this account; create the zone, set hosted_zone_id, or "
                "use the credentials of the account that holds it (aws_role_arn/aws_profile on the zone)" % (kind, self.zone)
            )
        if len(matches) > 1:
            raise ProviderError(
                "Route 53 has %d %s hosted zones named %s (%s); set hosted_zone_id to choose one"
                % (len(matches), kind, self.zone, ", ".join(z["Id"] for z in matches))
            )
        self.hosted_zone_id = matches[0]["Id"].split("/")[-1]
        return self.hosted_zone_id

    def read(self, keys=None):
        zone_id = self.zone_id()
        current = {}
        kwargs = {"HostedZoneId": zone_id, "MaxItems": "300"}
        while True:
            self.reads += 1
            page = self._call("list_resource_record_sets", **kwargs)
            for rrset in page.get("ResourceRecordSets", []):
                if rrset.get("SetIdentifier") or rrset.get("AliasTarget"):
                    continue  # routing-policy and alias sets are never ours to touch
                rtype = rrset["Type"]
                raw = {}
                for record in rrset.get("ResourceRecords", []):
                    raw[canonical_from_route53(rtype, record["Value"])] = record["Value"]
                name = absolute(rrset["Name"].replace("\\052", "*"))
                current[(name, rtype)] = RecordSet(name, rtype, rrset.get("TTL", 300), list(raw), raw)
            if not page.get("IsTruncated"):
                break
            kwargs["StartRecordName"] = page["NextRecordName"]
            kwargs["StartRecordType"] = page["NextRecordType"]
            if page.get("NextRecordIdentifier"):
                kwargs["StartRecordIdentifier"] = page["NextRecordIdentifier"]
        return current

    @staticmethod
    def _rrset(record_set):
        return {
            "Name": record_set.name,
            "Type": record_set.type,
            "TTL": record_set.ttl,
            "ResourceRecords": [{"Value": record_set.raw_value(v)} for v in record_set.values],
        }

    def batches(self, plan):
        """Route 53 change batches within the API limits; an update's DELETE and CREATE stay together."""
        groups = []
        for change in plan.changes:
            group = []
            if change.before is not None:
                group.append({"Action": "DELETE", "ResourceRecordSet": self._rrset(change.before)})
            if change.after is not None:
                group.append({"Action": "CREATE", "ResourceRecordSet": self._rrset(change.after)})
            groups.append(group)
        batches, current, records, chars = [], [], 0, 0
        for group in groups:
            g_records = sum(len(c["ResourceRecordSet"]["ResourceRecords"]) for c in group)
            g_chars = sum(len(r["Value"]) for c in group for r in c["ResourceRecordSet"]["ResourceRecords"])
            if current and (records + g_records > MAX_BATCH_RECORDS or chars + g_chars > MAX_BATCH_CHARS):
                batches.append(current)
                current, records, chars = [], 0, 0
            current.extend(group)
            records += g_records
            chars += g_chars
        if current:
            batches.append(current)
        return batches

    def apply(self, plan):
        zone_id = self.zone_id()
        writes = 0
        for batch in self.batches(plan):
            try:
                self.writes += 1
                writes += 1
                result = self._call("change_resource_record_sets", HostedZoneId=zone_id, ChangeBatch={"Comment": "mailops.ses", "Changes": batch})
            except Route53Error as exc:
                if exc.code == "InvalidChangeBatch" and any(marker in exc.aws_message for marker in RACE_MARKERS):
                    raise ConcurrentChange(exc.aws_message)
                raise ProviderError(str(exc))
            if self.wait:
                self._wait(result["ChangeInfo"]["Id"])
        return writes

    def _wait(self, change_id):
        delay = 5 if self.wait_timeout >= 30 else 1
        try:
            waiter = self.client.get_waiter("resource_record_sets_changed")
            waiter.wait(Id=change_id, WaiterConfig={"Delay": delay, "MaxAttempts": max(1, self.wait_timeout // delay)})
        except Exception as exc:  # noqa: BLE001 - a waiter failure is reported, the change itself succeeded
            raise ProviderError("%s: change %s did not reach INSYNC within %d s: %s" % (self.describe(), change_id, self.wait_timeout, exc))


class Route53Error(ProviderError):
    def __init__(self, code, aws_message, message):
        super(Route53Error, self).__init__(message)
        self.code = code
        self.aws_message = aws_message
