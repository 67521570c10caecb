"""Runs the reference validators on a shared document and prints the findings as JSON.

  python validators.py stix FILE   OASIS stix2-validator (default options): errors and warnings
  python validators.py misp FILE   PyMISP: MISPEvent().load, then MISPObject(name, strict=True) per object
"""
import json
import sys


def stix(path):
    from stix2validator import ValidationOptions, validate_file

    result = validate_file(path, ValidationOptions())
    errors, warnings = [], []
    for obj in result.object_results:
        errors += [f"{obj.object_id}: {e}" for e in obj.errors]
        warnings += [f"{obj.object_id}: {w}" for w in obj.warnings]
    return {"valid": result.is_valid, "errors": errors, "warnings": warnings}


def misp(path):
    from pymisp import MISPEvent, MISPObject

    errors = []
    event = MISPEvent()
    try:
        with open(path, encoding="utf-8") as f:
            event.load(f)
    except Exception as e:  # noqa: BLE001 - every failure is a finding
        return {"valid": False, "errors": [f"load: {e}"], "warnings": []}
    objects = []
    for obj in event.objects:
        try:
            strict = MISPObject(obj.name, strict=True)
            for attr in obj.attributes:
                strict.add_attribute(attr.object_relation, value=attr.value, type=attr.type)
            strict.to_json()
            objects.append(obj.name)
        except Exception as e:  # noqa: BLE001
            errors.append(f"object {obj.name} {obj.uuid}: {e}")
    return {
        "valid": not errors,
        "errors": errors,
        "warnings": [],
        "attributes": [a.type for a in event.attributes],
        "objects": objects,
        "tags": [t.name for t in event.tags],
    }


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    print(json.dumps(stix(path) if kind == "stix" else misp(path)))
