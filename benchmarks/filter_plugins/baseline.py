"""Filters for the benchmark's baseline playbook only (not part of the collection)."""


def baseline_records(infos, identity_results):
    """Every record the baseline publishes, in amazon.aws.route53's terms (TXT values quoted)."""
    records = []
    for info in infos:
        for record in info["dns_records"]:
            values = ['"%s"' % v if record["type"] == "TXT" else v for v in record["values"]]
            records.append({"name": record["name"], "type": record["type"], "values": values})
        domain = info["identity"]["identity"]
        records.append({"name": "_dmarc.%s." % domain, "type": "TXT", "values": ['"v=DMARC1; p=none; rua=mailto:dmarc@%s"' % domain]})
    for result in identity_results:
        token = result.get("verification_attributes", {}).get("verification_token")
        if token:
            records.append({"name": "_amazonses.%s." % result["identity"], "type": "TXT", "values": ['"%s"' % token]})
    return records


class FilterModule(object):
    def filters(self):
        return {"baseline_records": baseline_records}
