#!/usr/bin/env python3
"""Regenerates outcrop-cdk's copy of the system inference profile catalog and its BedrockFoundationModel constants.

Usage: scripts/cdk-catalog.py PATH/TO/system-inference-profiles.json
Run it whenever the reference catalog changes; CatalogTest checks that every model in the copied catalog has a constant.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "outcrop-cdk" / "src" / "main"
RESOURCE = MODULE / "resources" / "dev" / "outcrop" / "cdk" / "system-inference-profiles.json"
JAVA = MODULE / "java" / "dev" / "outcrop" / "cdk" / "BedrockFoundationModel.java"

# The names the seeds (and the AWS CDK's bedrock-alpha module) use for the Claude 3 models, kept beside the generated ones.
ALIASES = {
    "anthropic.claude-3-sonnet-20240229-v1:0": "ANTHROPIC_CLAUDE_SONNET_V1_0",
    "anthropic.claude-3-haiku-20240307-v1:0": "ANTHROPIC_CLAUDE_HAIKU_V1_0",
    "anthropic.claude-3-opus-20240229-v1:0": "ANTHROPIC_CLAUDE_OPUS_V1_0",
}


def constant_name(model_id):
    without_date = re.sub(r"-\d{8}(?=-)", "", model_id)
    return re.sub(r"[^A-Z0-9]+", "_", without_date.upper()).strip("_")


def main(source):
    catalog = json.loads(Path(source).read_text())
    profiles = [
        {
            "inferenceProfileId": p["inferenceProfileId"],
            "geo": p["geo"],
            "modelId": p["modelId"],
            "routesBySourceRegion": p["routesBySourceRegion"],
        }
        for p in catalog["inferenceProfiles"]
    ]
    RESOURCE.write_text(json.dumps({"inferenceProfiles": profiles}, indent=1, sort_keys=True) + "\n")

    names = {}
    for model_id in sorted({p["modelId"] for p in profiles}):
        names[constant_name(model_id)] = model_id
        if model_id in ALIASES:
            names[ALIASES[model_id]] = model_id
    constants = "\n".join(
        f'    /** {model_id} */\n    public static final BedrockFoundationModel {name} = new BedrockFoundationModel("{model_id}");'
        for name, model_id in sorted(names.items())
    )
    template = (Path(__file__).resolve().parent / "cdk-foundation-model.java.template").read_text()
    JAVA.write_text(template.replace("    // CONSTANTS\n", constants + "\n"))


if __name__ == "__main__":
    main(sys.argv[1])
