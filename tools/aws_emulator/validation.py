"""Validate a parsed request against botocore's service model.

botocore's ``ParamValidator`` checks types, required members and minimums only.
AWS also enforces enums, maximum lengths and patterns, so the shape is walked
for those too.  Problems are reported together, as AWS does.
"""

import re

from botocore.validate import ParamValidator


def _walk(shape, value, path, problems):
    if value is None:
        return
    type_name = shape.type_name
    if type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                _walk(member, value[name], f"{path}.{name}" if path else name, problems)
        return
    if type_name == "list" and isinstance(value, list):
        maximum = shape.metadata.get("max")
        if maximum is not None and len(value) > maximum:
            problems.append(f"{path}: at most {maximum} items allowed, got {len(value)}")
        for index, item in enumerate(value):
            _walk(shape.member, item, f"{path}[{index}]", problems)
        return
    if type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            _walk(shape.key, key, f"{path} key", problems)
            _walk(shape.value, item, f"{path}.{key}", problems)
        return
    if type_name == "string" and isinstance(value, str):
        enum = getattr(shape, "enum", None)
        if enum and value not in enum:
            problems.append(f"{path}: '{value}' is not one of {', '.join(enum)}")
        maximum = shape.metadata.get("max")
        if maximum is not None and len(value) > maximum:
            problems.append(f"{path}: length {len(value)} is greater than the maximum {maximum}")
        pattern = shape.metadata.get("pattern")
        if pattern:
            try:
                matched = re.search(pattern, value, re.DOTALL)
            except re.error:
                matched = True
            if not matched:
                problems.append(f"{path}: '{value}' does not match the pattern {pattern}")
        return
    if type_name in ("integer", "long", "double", "float") and isinstance(value, (int, float)):
        maximum = shape.metadata.get("max")
        if maximum is not None and value > maximum:
            problems.append(f"{path}: {value} is greater than the maximum {maximum}")


def request_problems(operation_model, params):
    """Return every way ``params`` break ``operation_model``'s input shape."""
    shape = operation_model.input_shape
    if shape is None:
        return []
    problems = []
    report = ParamValidator().validate(params, shape)
    if report.has_errors():
        problems.extend(line.strip("- ").strip() for line in report.generate_report().splitlines() if line.strip())
    _walk(shape, params, "", problems)
    return problems
