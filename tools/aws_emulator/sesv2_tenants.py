"""SES v2 tenants, their resource associations, and tenants as reputation entities.

A tenant lives in one account and region.  It may use (be associated with) email identities,
configuration sets and email templates of that account and region.  As a reputation entity it has
a reputation management policy (SES-managed ``none``/``standard``/``strict``, ``standard`` from
creation), a customer-managed status (``UpdateReputationEntityCustomerManagedStatus``) and an
SES-managed status; the control API (``POST /mailops-sandbox/reputation``) plays SES's side: it
raises a reputation finding (``LOW``/``HIGH`` impact) or sets the SES-managed status.

``SendEmail(TenantName=...)`` is refused unless the tenant exists, the identity that authorizes
the sender, the configuration set (named, or the identity's default; one is required) and the
template (if any) are associated with the tenant, and the tenant's aggregate status allows sending.
"""

import re
import secrets

from moto.utilities.utils import get_partition

from .errors import SandboxError, already_exists, bad_request, limit_exceeded, not_found
from .sesv2 import _tags, handler, now
from .sesv2_multiregion import page

TENANT_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
RESOURCE_ARN = re.compile(r"^arn:([^:]+):ses:([^:]*):([^:]*):(identity|configuration-set|template)/(.+)$")
RESOURCE_TYPES = {"identity": "EMAIL_IDENTITY", "configuration-set": "CONFIGURATION_SET", "template": "EMAIL_TEMPLATE"}
POLICY_ARN = re.compile(r"^arn:([a-z-]+):ses:([a-z0-9-]+):aws:reputation-policy/(none|standard|strict)$")
SENDING_STATUSES = ("ENABLED", "REINSTATED", "DISABLED")
IMPACTS = ("LOW", "HIGH")
MAX_TENANTS = 10000  # the default quota


def policy_arn(region, level):
    return f"arn:{get_partition(region)}:ses:{region}:aws:reputation-policy/{level}"


def policy_problem(region, arn):
    """Why ``arn`` is not an SES-managed reputation policy of ``region``, or None."""
    match = POLICY_ARN.match(arn)
    if match and match.group(1) == get_partition(region) and match.group(2) == region:
        return None
    return f"Invalid reputation policy <{arn}>: use an Amazon SES-managed policy, {policy_arn(region, '(none|standard|strict)')}."


def _suppression(value):
    # "If you don't specify a suppression scope, the tenant defaults to ACCOUNT scope."
    return {"SuppressedReasons": list(value.get("SuppressedReasons") or []), "SuppressionScope": value.get("SuppressionScope") or "ACCOUNT"}


class Tenant:
    def __init__(self, state, params):
        self.name = params["TenantName"]
        self.id = "tn-" + secrets.token_hex(15)[:29]
        self.arn = f"arn:{get_partition(state.region)}:ses:{state.region}:{state.account}:tenant/{self.name}/{self.id}"
        self.created = now()
        self.tags = _tags(params.get("Tags"))
        self.suppression = _suppression(params.get("SuppressionAttributes") or {})
        self.resources = {}  # (kind, name) -> time of association
        self.policy = policy_arn(state.region, "standard")  # SES assigns Standard to a new tenant
        self.customer = {"Status": "ENABLED", "LastUpdatedTimestamp": self.created}
        self.aws_managed = {"Status": "ENABLED", "LastUpdatedTimestamp": self.created}
        self.finding = None  # impact of the worst active reputation finding (control API)

    def policy_pauses(self):
        level = self.policy.rsplit("/", 1)[1]
        return bool(self.finding) and (level == "strict" or (level == "standard" and self.finding == "HIGH"))

    def sending_status(self):
        statuses = (self.customer["Status"], self.aws_managed["Status"])
        if "DISABLED" in statuses:
            return "DISABLED"
        if "REINSTATED" in statuses:
            return "REINSTATED"  # sending goes on despite active findings
        return "DISABLED" if self.policy_pauses() else "ENABLED"

    def info(self):
        return {"TenantName": self.name, "TenantId": self.id, "TenantArn": self.arn, "CreatedTimestamp": self.created, "SendingStatus": self.sending_status()}

    def view(self):
        return dict(self.info(), Tags=self.tags, SuppressionAttributes=self.suppression)

    def entity(self):
        result = {
            "ReputationEntityReference": self.arn,
            "ReputationEntityType": "RESOURCE",
            "ReputationManagementPolicy": self.policy,
            "CustomerManagedStatus": dict(self.customer),
            "AwsSesManagedStatus": dict(self.aws_managed),
            "SendingStatusAggregate": self.sending_status(),
        }
        if self.finding:
            result["ReputationImpact"] = self.finding
        return result


def _check_name(name):
    if not TENANT_NAME.match(name):
        raise bad_request(f"Invalid tenant name <{name}>: up to 64 letters, digits, hyphens (-) and underscores (_) only.")


def _tenant(state, name):
    _check_name(name)
    tenant = state.tenants.get(name)
    if tenant is None:
        raise not_found(f"Tenant {name} does not exist.")
    return tenant


def resource_arn(state, kind, name):
    return f"arn:{get_partition(state.region)}:ses:{state.region}:{state.account}:{kind}/{name}"


def resolve_resource(state, arn):
    """(kind, name) of an identity, configuration set or template ARN of this account and region."""
    match = RESOURCE_ARN.match(arn)
    if not match:
        raise bad_request(f"Invalid resource ARN <{arn}>: a tenant can be associated with email identities, configuration sets and email templates.")
    partition, region, account, kind, name = match.groups()
    if kind == "identity" and "@" not in name:
        name = name.lower()
    table = {"identity": state.identities, "configuration-set": state.configuration_sets, "template": state.templates}[kind]
    if (partition, region, account) != (get_partition(state.region), state.region, state.account) or name not in table:
        raise not_found(f"Resource {arn} does not exist.")
    return kind, name


def check_not_associated(state, kind, name):
    """AWS: deleting a resource that is associated with a tenant fails until the associations are removed."""
    tenants = sorted(t.name for t in state.tenants.values() if (kind, name) in t.resources)
    if tenants:
        raise bad_request(
            f"{resource_arn(state, kind, name)} is associated with tenant(s) {', '.join(tenants)}: delete those tenant resource associations first."
        )


# -- tenants -------------------------------------------------------------------


@handler("CreateTenant")
def create_tenant(state, params, ctx):
    name = params["TenantName"]
    _check_name(name)
    if name in state.tenants:
        raise already_exists(f"Tenant {name} already exists.")
    if len(state.tenants) >= MAX_TENANTS:
        raise limit_exceeded(f"An account can have at most {MAX_TENANTS} tenants in a region.")
    tenant = state.tenants[name] = Tenant(state, params)
    return tenant.view()


@handler("GetTenant")
def get_tenant(state, params, ctx):
    return {"Tenant": _tenant(state, params["TenantName"]).view()}


@handler("ListTenants")
def list_tenants(state, params, ctx):
    tenants = [state.tenants[name] for name in sorted(state.tenants)]
    filters = params.get("Filter") or {}
    if "TENANT_NAME_CONTAINS" in filters:
        tenants = [t for t in tenants if filters["TENANT_NAME_CONTAINS"] in t.name]
    if "SENDING_STATUS" in filters:
        if filters["SENDING_STATUS"] not in SENDING_STATUSES:
            raise bad_request(f"Invalid SENDING_STATUS filter <{filters['SENDING_STATUS']}>: one of {', '.join(SENDING_STATUSES)}.")
        tenants = [t for t in tenants if t.sending_status() == filters["SENDING_STATUS"]]
    chunk, token = page(tenants, params)
    result = {"Tenants": [t.info() for t in chunk]}
    if token:
        result["NextToken"] = token
    return result


@handler("DeleteTenant")
def delete_tenant(state, params, ctx):
    # its resource associations go with it; the resources stay
    del state.tenants[_tenant(state, params["TenantName"]).name]
    return {}


@handler("PutTenantSuppressionAttributes")
def put_tenant_suppression(state, params, ctx):
    _tenant(state, params["TenantName"]).suppression = _suppression(params)
    return {}


# -- resource associations -----------------------------------------------------


@handler("CreateTenantResourceAssociation")
def create_association(state, params, ctx):
    tenant = _tenant(state, params["TenantName"])
    key = resolve_resource(state, params["ResourceArn"])
    if key in tenant.resources:
        raise already_exists(f"{resource_arn(state, *key)} is already associated with tenant {tenant.name}.")
    tenant.resources[key] = now()
    return {}


@handler("DeleteTenantResourceAssociation")
def delete_association(state, params, ctx):
    tenant = _tenant(state, params["TenantName"])
    key = resolve_resource(state, params["ResourceArn"])
    if key not in tenant.resources:
        raise not_found(f"{resource_arn(state, *key)} is not associated with tenant {tenant.name}.")
    del tenant.resources[key]
    return {}


@handler("ListTenantResources")
def list_tenant_resources(state, params, ctx):
    tenant = _tenant(state, params["TenantName"])
    wanted = (params.get("Filter") or {}).get("RESOURCE_TYPE")
    if wanted is not None and wanted not in RESOURCE_TYPES.values():
        raise bad_request(f"Invalid RESOURCE_TYPE filter <{wanted}>: one of {', '.join(RESOURCE_TYPES.values())}.")
    resources = [
        {"ResourceType": RESOURCE_TYPES[kind], "ResourceArn": resource_arn(state, kind, name)}
        for kind, name in sorted(tenant.resources)
        if wanted is None or RESOURCE_TYPES[kind] == wanted
    ]
    chunk, token = page(resources, params)
    result = {"TenantResources": chunk}
    if token:
        result["NextToken"] = token
    return result


@handler("ListResourceTenants")
def list_resource_tenants(state, params, ctx):
    key = resolve_resource(state, params["ResourceArn"])
    tenants = [
        {"TenantName": t.name, "TenantId": t.id, "ResourceArn": resource_arn(state, *key), "AssociatedTimestamp": t.resources[key]}
        for name, t in sorted(state.tenants.items())
        if key in t.resources
    ]
    chunk, token = page(tenants, params)
    result = {"ResourceTenants": chunk}
    if token:
        result["NextToken"] = token
    return result


# -- reputation entities -------------------------------------------------------


def _entity(state, params, missing):
    reference = params["ReputationEntityReference"]
    for tenant in state.tenants.values():
        if tenant.arn == reference:
            return tenant
    raise missing(f"Reputation entity {reference} does not exist in {state.region}.")


@handler("GetReputationEntity")
def get_reputation_entity(state, params, ctx):
    return {"ReputationEntity": _entity(state, params, not_found).entity()}


@handler("UpdateReputationEntityPolicy")
def update_reputation_policy(state, params, ctx):
    # the operation's errors have no NotFoundException: an unknown entity is a BadRequest
    tenant = _entity(state, params, bad_request)
    problem = policy_problem(state.region, params["ReputationEntityPolicy"])
    if problem:
        raise bad_request(problem)
    tenant.policy = params["ReputationEntityPolicy"]
    return {}


@handler("UpdateReputationEntityCustomerManagedStatus")
def update_customer_status(state, params, ctx):
    tenant = _entity(state, params, bad_request)
    tenant.customer = {"Status": params["SendingStatus"], "Cause": "Status manually updated.", "LastUpdatedTimestamp": now()}
    return {}


@handler("ListReputationEntities")
def list_reputation_entities(state, params, ctx):
    entities = [state.tenants[name].entity() for name in sorted(state.tenants)]
    for key, value in (params.get("Filter") or {}).items():
        allowed = {"ENTITY_TYPE": ("RESOURCE",), "REPUTATION_IMPACT": IMPACTS, "SENDING_STATUS": SENDING_STATUSES}.get(key)
        if allowed is not None and value not in allowed:
            raise bad_request(f"Invalid {key} filter <{value}>: one of {', '.join(allowed)}.")
        field = {"ENTITY_TYPE": "ReputationEntityType", "REPUTATION_IMPACT": "ReputationImpact", "SENDING_STATUS": "SendingStatusAggregate"}.get(key)
        if field:
            entities = [e for e in entities if e.get(field) == value]
        else:  # ENTITY_REFERENCE_PREFIX
            entities = [e for e in entities if e["ReputationEntityReference"].startswith(value)]
    chunk, token = page(entities, params)
    result = {"ReputationEntities": chunk}
    if token:
        result["NextToken"] = token
    return result


def reputation(state, tenant_name, impact=False, aws_managed_status=None, cause=None):
    """Control-API hook: SES's side of a tenant's reputation (a finding, or the SES-managed status)."""
    tenant = _tenant(state, tenant_name)
    if impact is not False:
        if impact not in (None,) + IMPACTS:
            raise bad_request(f"impact must be null, LOW or HIGH, not {impact}")
        tenant.finding = impact
    if aws_managed_status is not None:
        if aws_managed_status not in SENDING_STATUSES:
            raise bad_request(f"aws_managed_status must be one of {', '.join(SENDING_STATUSES)}")
        tenant.aws_managed = {"Status": aws_managed_status, "LastUpdatedTimestamp": now()}
        if cause:
            tenant.aws_managed["Cause"] = cause
    return tenant.entity()


# -- sending -------------------------------------------------------------------


def check_send(state, params, sender, config_name):
    """SendEmail(TenantName=...): every resource of the send must be associated with the tenant."""
    tenant = _tenant(state, params["TenantName"])
    domain = sender.rpartition("@")[2].lower()
    labels = domain.split(".")
    candidates = [sender] + [".".join(labels[start:]) for start in range(len(labels) - 1)]
    authorizing = [key for key in candidates if key in state.identities and state.identities[key].verification_status() == "SUCCESS"]
    if not any(("identity", key) in tenant.resources for key in authorizing):
        raise bad_request(f"The identity {authorizing[0] if authorizing else sender} is not associated with tenant {tenant.name}.")
    if not config_name:
        raise bad_request(
            f"Sending through tenant {tenant.name} needs a configuration set associated with it: name one in "
            "ConfigurationSetName or use an identity whose default configuration set is associated."
        )
    if ("configuration-set", config_name) not in tenant.resources:
        raise bad_request(f"Configuration set {config_name} is not associated with tenant {tenant.name}.")
    template = (params.get("Content") or {}).get("Template") or {}
    template_name = template.get("TemplateName") or (template.get("TemplateArn") or "").rpartition("/")[2]
    if template_name:
        if template_name not in state.templates:
            raise not_found(f"Template {template_name} does not exist.")
        if ("template", template_name) not in tenant.resources:
            raise bad_request(f"Template {template_name} is not associated with tenant {tenant.name}.")
    if tenant.sending_status() == "DISABLED":
        raise SandboxError("SendingPausedException", f"Sending is paused for tenant {tenant.name}.")
