# Shardscope's test-only addition to moto's server, loaded by scripts/lib/moto-server.ts (the demo,
# the tests and the benchmarks start moto only through it; the app never loads this).
#
# What it fixes: AWS Lambda sets an event source mapping's LastProcessingResult after it invokes
# the function ("OK", "PROBLEM: Function call failed", ...). moto invokes nothing for Kinesis
# sources and hard-codes the field to None, and its API has no call that sets it. So the harness,
# playing AWS's part, sets it through one explicit call of moto's own control API:
#
#   POST /moto-api/shardscope/event-source-mapping-result
#   {"uuid": "<mapping UUID>", "result": "PROBLEM: Function call failed",
#    "account_id": "000000000000", "region": "us-east-1"}      -> 200 {"uuid", "result"}
#   (account_id and region default to moto's account and us-east-1; an unknown UUID is a 404;
#    "result": null forgets it again)
#
# and every later GetEventSourceMapping / ListEventSourceMappings answers it, as AWS would.
# Nothing else of moto changes: a mapping nobody set still answers no LastProcessingResult.
import json
import os

from moto.awslambda import models as lambda_models
from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_api._internal import urls as moto_api_urls

RESULT_PATH = "{0}/moto-api/shardscope/event-source-mapping-result"

_original_get_configuration = lambda_models.EventSourceMapping.get_configuration


def _get_configuration(self):
    config = _original_get_configuration(self)
    result = getattr(self, "shardscope_last_processing_result", None)
    if result is not None:
        config["LastProcessingResult"] = result
    return config


lambda_models.EventSourceMapping.get_configuration = _get_configuration


def _reply(status, body):
    return status, {"Content-Type": "application/json"}, json.dumps(body)


def set_event_source_mapping_result(request, full_url, headers):
    if request.method != "POST":
        return _reply(405, {"message": "POST a JSON body: uuid, result, account_id?, region?"})
    try:
        body = json.loads(request.get_data(as_text=True) or "{}")
    except ValueError:
        return _reply(400, {"message": "the body must be JSON"})
    uuid = body.get("uuid")
    result = body.get("result")
    if not isinstance(uuid, str) or not (result is None or isinstance(result, str)):
        return _reply(400, {"message": "uuid must be a string and result a string or null"})
    account_id = body.get("account_id") or os.environ.get("MOTO_ACCOUNT_ID") or DEFAULT_ACCOUNT_ID
    region = body.get("region") or "us-east-1"
    mapping = lambda_models.lambda_backends[account_id][region].get_event_source_mapping(uuid)
    if mapping is None:
        return _reply(404, {"message": f"no event source mapping {uuid} in account {account_id}, region {region}"})
    mapping.shardscope_last_processing_result = result
    return _reply(200, {"uuid": uuid, "result": result})


moto_api_urls.url_paths[RESULT_PATH] = set_event_source_mapping_result


# What it adds: moto's Glue plays the Schema Registry (CreateRegistry, CreateSchema,
# RegisterSchemaVersion, GetSchemaVersion, GetSchema…) but has no ListSchemas or
# ListSchemaVersions, which the put form uses to offer schemas and versions. Both are answered
# here from moto's own registry state, in AWS's shapes (SchemaListItem, SchemaVersionListItem),
# one page each (no NextToken): a test registry is small. A registry moto does not have is
# EntityNotFoundException, as AWS answers.
from moto.glue import responses as glue_responses  # noqa: E402
from moto.glue.exceptions import EntityNotFoundException  # noqa: E402
from moto.core.responses import ActionResult  # noqa: E402


def _registry(backend, registry_id):
    name = (registry_id or {}).get("RegistryName") or "default-registry"
    arn = (registry_id or {}).get("RegistryArn")
    if arn:
        name = arn.split("/")[-1]
    registry = backend.registries.get(name)
    if registry is None:
        raise EntityNotFoundException(f"Registry is not found. RegistryName: {name}")
    return registry


def _list_schemas(self):
    registry = _registry(self.glue_backend, self._get_param("RegistryId"))
    items = [
        {
            "RegistryName": s.registry_name,
            "SchemaName": s.schema_name,
            "SchemaArn": s.schema_arn,
            "Description": s.description,
            "SchemaStatus": s.schema_status,
            "CreatedTime": str(s.created_time),
            "UpdatedTime": str(s.updated_time),
        }
        for s in registry.schemas.values()
    ]
    return ActionResult({"Schemas": items})


def _list_schema_versions(self):
    schema_id = self._get_param("SchemaId") or {}
    registry_name = schema_id.get("RegistryName") or "default-registry"
    schema_name = schema_id.get("SchemaName")
    arn = schema_id.get("SchemaArn")
    if arn:
        registry_name, schema_name = arn.split("/")[-2:]
    registry = _registry(self.glue_backend, {"RegistryName": registry_name})
    schema = registry.schemas.get(schema_name)
    if schema is None:
        raise EntityNotFoundException(f"Schema is not found. RegistryName: {registry_name}, SchemaName: {schema_name}")
    items = [
        {
            "SchemaArn": v.schema_arn,
            "SchemaVersionId": v.schema_version_id,
            "VersionNumber": v.version_number,
            "Status": v.schema_version_status,
            "CreatedTime": str(v.created_time),
        }
        for v in schema.schema_versions.values()
    ]
    return ActionResult({"Schemas": items})


glue_responses.GlueResponse.list_schemas = _list_schemas
glue_responses.GlueResponse.list_schema_versions = _list_schema_versions
