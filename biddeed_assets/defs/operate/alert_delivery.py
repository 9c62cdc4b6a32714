"""The alert delivery sensor: every minute, each new raise goes to every configured channel; failures wait and retry."""

import dagster as dg

from biddeed_assets.defs.resources import AlertChannelsResource, DatabaseResource
from biddeed_assets.operate import delivery


@dg.sensor(minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def deliver_alerts(context: dg.SensorEvaluationContext, database: DatabaseResource,
                   alert_channels: AlertChannelsResource):
    """Deliver pending alerts by webhook, email and (critical ones) GitHub issue; a failed delivery is retried later."""
    with database.connection() as conn:
        report = delivery.deliver_pending(conn, alert_channels.settings())
    for error in report.errors:
        context.log.warning(f"alert delivery failed, will retry: {error}")
    return dg.SkipReason(report.summary())
