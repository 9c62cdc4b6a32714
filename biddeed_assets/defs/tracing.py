"""OpenTelemetry: one tracer provider per process, an asset-step span per materialization, the run id on every span.

Portals (`portals/http.py`) and the store (`store/tracing.py`) create spans through the OpenTelemetry API;
this module configures the SDK once: with `OTEL_EXPORTER_OTLP_ENDPOINT` set, spans are exported over OTLP
(HTTP/protobuf, the standard OTEL_* variables apply); otherwise they go nowhere. `traced` wraps an asset's
body in a span named after the asset, with the run id, partition and asset key; every span started inside
it (requests, database writes) carries the run id as `dagster.run_id`.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import os
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider

_RUN_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("dagster_run_id", default=None)
tracer = trace.get_tracer("biddeed.defs")


class RunIdProcessor(SpanProcessor):
    """Stamps the current run's id on every span started while a step runs."""

    def on_start(self, span, parent_context=None) -> None:
        run_id = _RUN_ID.get()
        if run_id is not None:
            span.set_attribute("dagster.run_id", run_id)


def provider(*processors: SpanProcessor) -> TracerProvider:
    """A tracer provider with the run-id stamp, the given processors, and OTLP when the environment asks."""
    made = TracerProvider(resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "biddeed")}))
    made.add_span_processor(RunIdProcessor())
    for processor in processors:
        made.add_span_processor(processor)
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        made.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return made


def configure() -> None:
    """Install the provider unless one is installed already (OpenTelemetry allows one per process)."""
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        trace.set_tracer_provider(provider())


def _step_name(context) -> str:
    try:
        return context.asset_key.to_user_string()
    except Exception:  # a multi-asset has several keys: its step is its op
        return context.op_execution_context.op_def.name


@contextmanager
def _step(context):
    name = _step_name(context)
    attributes = {"dagster.run_id": context.run.run_id, "dagster.asset": name}
    if context.has_partition_key:
        attributes["dagster.partition"] = str(context.partition_key)
    token = _RUN_ID.set(context.run.run_id)
    try:
        with tracer.start_as_current_span(f"asset {name}", attributes=attributes):
            yield
    finally:
        _RUN_ID.reset(token)


def traced(fn):
    """Run an asset's body inside its step span (name: the asset key or the multi-asset's op; the run id,
    partition); a body that yields its results is traced until its last result."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def steps(context, *args, **kwargs):
            with _step(context):
                yield from fn(context, *args, **kwargs)

        return steps

    @functools.wraps(fn)
    def step(context, *args, **kwargs):
        with _step(context):
            return fn(context, *args, **kwargs)

    return step

configure()
