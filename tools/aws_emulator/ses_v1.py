"""SES v1 calls that share state with SES v2: the legacy ``_amazonses`` TXT verification.

``VerifyDomainIdentity`` returns one stable token per identity, account and
region (moto returns the same constant everywhere), and
``GetIdentityVerificationAttributes`` reports whether that token is visible in DNS.
"""

from moto.core.responses import ActionResult
from moto.ses.responses import EmailResponse

from . import sesv2


class SandboxEmailResponse(EmailResponse):
    def _v2_identity(self, domain):
        state = sesv2.state_for(self.current_account, self.region)
        identity = state.identities.get(domain.lower())
        if identity is None:
            sesv2.create_email_identity(state, {"EmailIdentity": domain}, self)
            identity = state.identities[domain.lower()]
        return identity

    def verify_domain_identity(self):
        domain = self._get_param("Domain")
        with sesv2.LOCK:
            if sesv2.identity_kind(domain) != "DOMAIN":
                raise sesv2.SandboxError("InvalidParameterValue", f"Invalid domain name {domain}.")
            identity = self._v2_identity(domain)
            if identity.legacy_token is None:
                identity.legacy_token = sesv2.hash_token(self.current_account, self.region, identity.name)
                identity.legacy.reset()
            token = identity.legacy_token
        self.backend.verify_domain(domain)
        return ActionResult({"VerificationToken": token})

    def get_identity_verification_attributes(self):
        names = self._get_param("Identities") or []
        if len(names) > 100:  # "can only get verification attributes for up to 100 identities at a time"
            raise sesv2.SandboxError("InvalidParameterValue", f"At most 100 identities per request, got {len(names)}.")
        state = sesv2.state_for(self.current_account, self.region)
        attributes = {}
        with sesv2.LOCK:
            for name in names:
                identity = state.identities.get(name.lower() if "@" not in name else name)
                if identity is None:
                    continue
                identity.refresh()
                if identity.kind == "DOMAIN" and identity.legacy_token:
                    attributes[name] = {
                        "VerificationStatus": _v1_status(identity.legacy.status),
                        "VerificationToken": identity.legacy_token,
                    }
                else:
                    attributes[name] = {"VerificationStatus": _v1_status(identity.verification_status())}
        return ActionResult({"VerificationAttributes": attributes})


def _v1_status(status):
    return {"PENDING": "Pending", "SUCCESS": "Success", "FAILED": "Failed", "TEMPORARY_FAILURE": "TemporaryFailure", "NOT_STARTED": "NotStarted"}[status]
