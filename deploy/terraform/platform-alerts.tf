# Alerts on what the service's own metrics cannot see: tickets on the flights feed's messages
# dead-lettered or waiting and on the database's disk filling, and a page when production's metrics
# stop. Each goes to alert_email (the page to the paging channels too), with its runbook.

locals {
  platform_alerts = {
    LatamFeedDeadLetters = {
      runbook = "docs/OPERATIONS.md#latamfeeddeadletters"
      summary = "Flight events were dead-lettered: the service refused them five times; they are not in the store until replayed"
      filter  = "resource.type = \"pubsub_subscription\" AND resource.labels.subscription_id = \"${google_pubsub_subscription.flight_events_dead_letter.name}\" AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\""
      above   = 0
      for     = "300s"
    }
    LatamFeedBacklog = {
      runbook = "docs/OPERATIONS.md#latamfeedbacklog"
      summary = "The oldest flight event waiting for the service is over 10 minutes old: pushes fail or the service is down"
      filter  = "resource.type = \"pubsub_subscription\" AND resource.labels.subscription_id = \"${google_pubsub_subscription.flight_events.name}\" AND metric.type = \"pubsub.googleapis.com/subscription/oldest_unacked_message_age\""
      above   = 600
      for     = "600s"
    }
    LatamDatabaseBusy = {
      runbook = "docs/OPERATIONS.md#latamdatabasebusy"
      summary = "The flight store's Cloud SQL CPU is over 80 % for 15 minutes: imports, the feed and the prediction log's writes slow down"
      filter  = "resource.type = \"cloudsql_database\" AND resource.labels.database_id = \"${var.project}:${google_sql_database_instance.flights.name}\" AND metric.type = \"cloudsql.googleapis.com/database/cpu/utilization\""
      above   = 0.8
      for     = "900s"
    }
    LatamDatabaseDiskFilling = {
      runbook = "docs/OPERATIONS.md#latamdatabasediskfilling"
      summary = "The flight store's Cloud SQL disk is over 80 % full"
      filter  = "resource.type = \"cloudsql_database\" AND resource.labels.database_id = \"${var.project}:${google_sql_database_instance.flights.name}\" AND metric.type = \"cloudsql.googleapis.com/database/disk/utilization\""
      above   = 0.8
      for     = "1800s"
    }
  }
}

resource "google_monitoring_alert_policy" "platform" {
  for_each     = local.platform_alerts
  display_name = "latam-ml-infra ${var.environment}: ${each.key} (ticket)"
  combiner     = "OR"
  severity     = "WARNING"
  conditions {
    display_name = each.key
    condition_threshold {
      filter          = each.value.filter
      comparison      = "COMPARISON_GT"
      threshold_value = each.value.above
      duration        = each.value.for
      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }
  notification_channels = [google_monitoring_notification_channel.email.id]
  documentation {
    content   = "Ticket: ${each.value.summary}. Runbook: ${each.value.runbook}"
    mime_type = "text/markdown"
    dynamic "links" {
      for_each = var.repository_url == "" ? [] : [each.value.runbook]
      content {
        display_name = "Runbook"
        url          = "${var.repository_url}/blob/main/${links.value}"
      }
    }
  }
}

# Production keeps an instance up (min_instance_count 1), whose sidecar writes its series every
# 30 s whether or not requests come: none for 15 minutes means the metrics stopped (the sidecar,
# its configuration secret, or every instance down), and with them every Prometheus-based alert
# and the dashboard, which would otherwise go quiet rather than fire. Staging scales to zero, when
# silence is normal: no such alert there.
resource "google_monitoring_alert_policy" "metrics_absent" {
  count        = local.production ? 1 : 0
  display_name = "latam-ml-infra ${var.environment}: LatamMetricsAbsent (page)"
  combiner     = "OR"
  severity     = "CRITICAL"
  conditions {
    display_name = "LatamMetricsAbsent"
    condition_prometheus_query_language {
      query                     = "absent(process_uptime_seconds{job=\"latam-ml-infra\",namespace=\"${google_cloud_run_v2_service.service.name}\"})"
      duration                  = "900s"
      evaluation_interval       = "60s"
      disable_metric_validation = true
    }
  }
  notification_channels = concat([google_monitoring_notification_channel.email.id], var.page_notification_channels)
  documentation {
    # The runbook as a link in the text (markdown), where the repository is known.
    content   = "Page: no metrics from ${google_cloud_run_v2_service.service.name} for 15 minutes; every Prometheus-based alert is blind. Runbook: ${var.repository_url == "" ? "" : "${var.repository_url}/blob/main/"}docs/OPERATIONS.md#latammetricsabsent"
    mime_type = "text/markdown"
  }
}
