"""Drives Outcrop's CloudFormation query API with boto3: python3 cloudformation_api.py ENDPOINT MODE TEMPLATE.

Modes: change-set (create a stack through a CREATE change set, print what describe answers as JSON),
missing (print the error of describing a stack that does not exist), delete (create, delete, list).
"""
import json
import sys

import boto3
import botocore.exceptions

endpoint, mode, template_path = sys.argv[1], sys.argv[2], sys.argv[3]
cfn = boto3.client("cloudformation", endpoint_url=endpoint, region_name="us-east-1")
with open(template_path, encoding="utf-8") as f:
    template = f.read()

if mode == "change-set":
    created = cfn.create_change_set(StackName="cs", ChangeSetName="first", ChangeSetType="CREATE",
                                    TemplateBody=template, Parameters=[{"ParameterKey": "Team", "ParameterValue": "ads"}])
    cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=created["Id"], StackName="cs",
                                                        WaiterConfig={"Delay": 1})
    cfn.execute_change_set(ChangeSetName=created["Id"], StackName="cs")
    cfn.get_waiter("stack_create_complete").wait(StackName="cs", WaiterConfig={"Delay": 1})
    stack = cfn.describe_stacks(StackName="cs")["Stacks"][0]
    resources = cfn.describe_stack_resources(StackName="cs")["StackResources"]
    events = cfn.describe_stack_events(StackName="cs")["StackEvents"]
    print(json.dumps({"status": stack["StackStatus"], "parameters": stack["Parameters"],
                      "outputs": [o["OutputKey"] for o in stack["Outputs"]],
                      "resources": [[r["LogicalResourceId"], r["ResourceType"], r["ResourceStatus"]] for r in resources],
                      "lastEvent": events[0]["ResourceStatus"]}))
elif mode == "missing":
    try:
        cfn.describe_stacks(StackName="nowhere")
        print("no error")
    except botocore.exceptions.ClientError as e:
        print(json.dumps({"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
                          "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}))
elif mode == "delete":
    cfn.create_stack(StackName="gone", TemplateBody=template)
    cfn.delete_stack(StackName="gone")
    cfn.get_waiter("stack_delete_complete").wait(StackName="gone", WaiterConfig={"Delay": 1})
    summaries = cfn.list_stacks(StackStatusFilter=["DELETE_COMPLETE"])["StackSummaries"]
    print(json.dumps([s["StackName"] for s in summaries]))
