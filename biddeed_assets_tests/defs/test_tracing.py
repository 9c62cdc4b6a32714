"""OpenTelemetry: a materialization is one trace: the asset's step span, its portal requests and database writes."""

from __future__ import annotations

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from biddeed_assets.defs import tracing
from biddeed_assets_tests.defs.helpers import metadata, partition, scraped_cases
from biddeed_assets_tests.defs.test_ingest_assets import BEFORE_PAST, PAST, portals_as_of, run


@pytest.fixture
def spans():
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)  # defs/tracing.py installed the SDK's provider
    exporter = InMemorySpanExporter()
    processor = SimpleSpanProcessor(exporter)
    provider.add_span_processor(processor)
    yield exporter
    processor.shutdown()


def test_a_materialization_is_one_trace_of_its_step_requests_and_writes(db_url, simulator, spans):
    with portals_as_of(simulator, BEFORE_PAST):
        result = run([scraped_cases], partition(PAST), db_url, simulator.url)
    finished = [s for s in spans.get_finished_spans() if s.attributes.get("dagster.run_id") == result.run_id]
    [step] = [s for s in finished if s.name == "asset scraped_cases"]
    assert step.attributes["dagster.partition"] == str(partition(PAST))
    in_trace = [s for s in finished if s.context.trace_id == step.context.trace_id]
    assert len(in_trace) == len(finished)  # every span of the run hangs off its step
    requests = [s for s in in_trace if s.attributes.get("biddeed.portal")]
    assert requests and all(s.parent.span_id == step.context.span_id for s in requests)
    first = requests[0]
    assert first.attributes["http.response.status_code"] == 200 and first.attributes["biddeed.attempts"] >= 1
    assert first.attributes["biddeed.stale"] is False and first.attributes["server.address"] == "127.0.0.1"
    attempts = [s for s in in_trace if s.name == "attempt" and s.parent.span_id == first.context.span_id]
    assert [a.attributes["biddeed.attempt"] for a in attempts] == list(range(1, first.attributes["biddeed.attempts"] + 1))
    writes = [s for s in in_trace if s.attributes.get("db.system.name") == "postgresql"]
    tables = {s.attributes["db.collection.name"] for s in writes}
    assert "cases" in tables and all(s.attributes["db.operation.name"] in ("INSERT", "UPDATE", "DELETE", "COPY")
                                     for s in writes)
    copy = next(s for s in writes if s.attributes["db.operation.name"] == "COPY" and s.attributes["db.collection.name"] == "cases")
    assert copy.attributes["db.response.affected_rows"] == step_rows(result)


def step_rows(result) -> int:
    return metadata(result, "scraped_cases")["dagster/row_count"]


def test_without_an_endpoint_nothing_is_exported_and_with_one_otlp_is_configured(monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    bare = tracing.provider()
    assert [type(p).__name__ for p in bare._active_span_processor._span_processors] == ["RunIdProcessor"]
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
    otlp = tracing.provider()
    assert [type(p).__name__ for p in otlp._active_span_processor._span_processors] == ["RunIdProcessor",
                                                                                        "BatchSpanProcessor"]
    otlp.shutdown()
