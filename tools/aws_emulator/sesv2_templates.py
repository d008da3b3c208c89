"""SES v2 email templates, stored only (no rendering), so tenants can be associated with them."""

from .errors import already_exists, not_found
from .sesv2 import _tags, handler, now
from .sesv2_multiregion import page


class Template:
    def __init__(self, params):
        self.name = params["TemplateName"]
        self.content = dict(params["TemplateContent"])
        self.tags = _tags(params.get("Tags"))
        self.created = now()


def _template(state, name):
    found = state.templates.get(name)
    if found is None:
        raise not_found(f"Template {name} does not exist.")
    return found


@handler("CreateEmailTemplate")
def create_template(state, params, ctx):
    name = params["TemplateName"]
    if name in state.templates:
        raise already_exists(f"Template {name} already exists.")
    state.templates[name] = Template(params)
    return {}


@handler("GetEmailTemplate")
def get_template(state, params, ctx):
    found = _template(state, params["TemplateName"])
    return {"TemplateName": found.name, "TemplateContent": found.content, "Tags": found.tags}


@handler("UpdateEmailTemplate")
def update_template(state, params, ctx):
    _template(state, params["TemplateName"]).content = dict(params["TemplateContent"])
    return {}


@handler("DeleteEmailTemplate")
def delete_template(state, params, ctx):
    from .sesv2_tenants import check_not_associated

    found = _template(state, params["TemplateName"])
    check_not_associated(state, "template", found.name)
    del state.templates[found.name]
    return {}


@handler("ListEmailTemplates")
def list_templates(state, params, ctx):
    chunk, token = page([state.templates[name] for name in sorted(state.templates)], params, default=10)
    result = {"TemplatesMetadata": [{"TemplateName": t.name, "CreatedTimestamp": t.created} for t in chunk]}
    if token:
        result["NextToken"] = token
    return result
