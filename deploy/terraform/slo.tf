# The service's SLOs in Cloud Monitoring, the same as deploy/prometheus/slo-rules.yml:
#   availability: 99.5 % of requests over 30 days answered neither 5xx (503 shedding included)
#                 nor 429 (Cloud Run out of instances), probes and scrapes left out;
#   latency: 50 % under 250 ms, 99 % under 3 s, over 30 days.
# Availability and p99 latency each have the same multiwindow, multi-burn-rate alerts as the
# Prometheus rules: pages at 14.4x over 1 h and 5 min, or 6x over 6 h and 30 min; tickets at 3x
# over 1 d and 2 h, or 1x over 3 d and 6 h.

resource "google_monitoring_custom_service" "service" {
  service_id   = local.name
  display_name = "latam-ml-infra (${var.environment})"
}

# Every request Cloud Run answered for this service, by status, from its request log. Cloud Run's
# own answers (429 when no instance is free in time, 500 or 503 when none could take the request)
# are in this log but not in run.googleapis.com/request_count, which counts only requests that
# reached an instance; the availability SLI is built on this metric so that they count.
resource "google_logging_metric" "requests" {
  name = "${local.name}-requests"
  filter = join(" AND ", [
    "resource.type=\"cloud_run_revision\"",
    "resource.labels.service_name=\"${local.name}\"",
    "logName=\"projects/${var.project}/logs/run.googleapis.com%2Frequests\"",
    # Probes and scrapes are not callers' requests: a version polled until the rollout serves it
    # answers 503 until then, and spends no budget for it (the same routes slo-rules.yml leaves out).
    "NOT httpRequest.requestUrl=~\"${local.probe_urls}\"",
  ])
  description = "Requests Cloud Run answered for ${local.name}, by HTTP status"
  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
    labels {
      key         = "status"
      value_type  = "STRING"
      description = "HTTP status of the answer"
    }
  }
  label_extractors = {
    status = "EXTRACT(httpRequest.status)"
  }
}

locals {
  # The probes' and the scrape's paths in a request's whole URL: /metrics, /health (the
  # challenge's), /q/health/*, /v2/health/*, and the inference protocol's
  # /v2/models/{name}[/versions/{version}]/ready. The
  # latency SLOs read Cloud Run's request latencies, which have no path: probes count there, and
  # only make them look better.
  probe_urls   = "^[a-z]+://[^/]+(/(metrics|health|q/health|v2/health)(/[^?]*)?|/v2/models/[^/?]+(/versions/[^/?]+)?/ready/?)([?]|$)"
  run_requests = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.requests.name}\" AND resource.type=\"cloud_run_revision\""
  run_latency  = "metric.type=\"run.googleapis.com/request_latencies\" AND resource.type=\"cloud_run_revision\" AND resource.label.\"service_name\"=\"${local.name}\""
}

resource "google_monitoring_slo" "availability" {
  service             = google_monitoring_custom_service.service.service_id
  slo_id              = "availability"
  display_name        = "99.5 % of requests answered without a 5xx or 429, 30 days"
  goal                = 0.995
  rolling_period_days = 30
  request_based_sli {
    good_total_ratio {
      bad_service_filter   = "${local.run_requests} AND metric.label.\"status\"=monitoring.regex.full_match(\"5[0-9][0-9]|429\")"
      total_service_filter = local.run_requests
    }
  }
}

resource "google_monitoring_slo" "latency_p50" {
  service             = google_monitoring_custom_service.service.service_id
  slo_id              = "latency-p50"
  display_name        = "50 % of requests under 250 ms, 30 days"
  goal                = 0.5
  rolling_period_days = 30
  request_based_sli {
    distribution_cut {
      distribution_filter = local.run_latency
      range {
        max = 250
      }
    }
  }
}

resource "google_monitoring_slo" "latency_p99" {
  service             = google_monitoring_custom_service.service.service_id
  slo_id              = "latency-p99"
  display_name        = "99 % of requests under 3 s, 30 days"
  goal                = 0.99
  rolling_period_days = 30
  request_based_sli {
    distribution_cut {
      distribution_filter = local.run_latency
      range {
        max = 3000
      }
    }
  }
}

resource "google_monitoring_notification_channel" "email" {
  display_name = "latam-ml-infra ${var.environment} SLO alerts"
  type         = "email"
  labels = {
    email_address = var.alert_email
  }
}

locals {
  # The p50 SLO's budget is half the requests, so its burn rate cannot pass 2: it gets a policy of
  # its own below, not the burn-rate tiers.
  slos = {
    availability = {
      id      = google_monitoring_slo.availability.id
      page    = "docs/OPERATIONS.md#latamavailabilityfastburn"
      ticket  = "docs/OPERATIONS.md#latamavailabilityslowburn"
      summary = "requests failing"
    }
    latency-p99 = {
      id      = google_monitoring_slo.latency_p99.id
      page    = "docs/OPERATIONS.md#latamlatencyp99fastburn"
      ticket  = "docs/OPERATIONS.md#latamlatencyp99slowburn"
      summary = "requests over 3 s"
    }
  }
  # The Google SRE workbook's four tiers, as in deploy/prometheus/slo-rules.yml. Cloud Monitoring
  # combines a policy's conditions with one operator, so "(1 h and 5 min) or (6 h and 30 min)"
  # is two policies of the same severity; each fires when both its windows burn faster than rate.
  tiers = {
    page-1h   = { long = "3600s", short = "300s", rate = 14.4, severity = "page" }
    page-6h   = { long = "21600s", short = "1800s", rate = 6, severity = "page" }
    ticket-1d = { long = "86400s", short = "7200s", rate = 3, severity = "ticket" }
    ticket-3d = { long = "259200s", short = "21600s", rate = 1, severity = "ticket" }
  }
  alerts = merge([
    for slo, s in local.slos : {
      for tier, t in local.tiers : "${slo}-${tier}" => merge(t, {
        slo     = slo
        id      = s.id
        tier    = tier
        runbook = s[t.severity]
        summary = s.summary
      })
    }
  ]...)
}

resource "google_monitoring_alert_policy" "burn_rate" {
  for_each     = local.alerts
  display_name = "latam-ml-infra ${var.environment}: ${each.value.slo} burning ${each.value.rate}x over ${each.value.long} and ${each.value.short} (${each.value.severity})"
  combiner     = "AND"
  severity     = each.value.severity == "page" ? "CRITICAL" : "WARNING"
  conditions {
    display_name = "burn rate over ${each.value.long} above ${each.value.rate}"
    condition_threshold {
      filter          = "select_slo_burn_rate(\"${each.value.id}\", \"${each.value.long}\")"
      comparison      = "COMPARISON_GT"
      threshold_value = each.value.rate
      duration        = "0s"
    }
  }
  conditions {
    display_name = "burn rate over ${each.value.short} above ${each.value.rate}"
    condition_threshold {
      filter          = "select_slo_burn_rate(\"${each.value.id}\", \"${each.value.short}\")"
      comparison      = "COMPARISON_GT"
      threshold_value = each.value.rate
      duration        = "0s"
    }
  }
  notification_channels = concat(
    [google_monitoring_notification_channel.email.id],
    each.value.severity == "page" ? var.page_notification_channels : [],
  )
  documentation {
    content   = "${each.value.severity == "page" ? "Page" : "Ticket"}: ${each.value.summary} at ${each.value.rate}x the 30-day error budget. Runbook: ${each.value.runbook}"
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

resource "google_monitoring_alert_policy" "median_latency" {
  display_name = "latam-ml-infra ${var.environment}: latency-p50 breached"
  combiner     = "AND"
  severity     = "CRITICAL"
  conditions {
    display_name = "more than half the requests over 250 ms for an hour"
    condition_threshold {
      filter          = "select_slo_burn_rate(\"${google_monitoring_slo.latency_p50.id}\", \"3600s\")"
      comparison      = "COMPARISON_GT"
      threshold_value = 1
      duration        = "0s"
    }
  }
  conditions {
    display_name = "and over the last 5 minutes"
    condition_threshold {
      filter          = "select_slo_burn_rate(\"${google_monitoring_slo.latency_p50.id}\", \"300s\")"
      comparison      = "COMPARISON_GT"
      threshold_value = 1
      duration        = "0s"
    }
  }
  notification_channels = concat(
    [google_monitoring_notification_channel.email.id],
    var.page_notification_channels,
  )
  documentation {
    content   = "Runbook: docs/OPERATIONS.md#latamlatencymedianbreached"
    mime_type = "text/markdown"
    dynamic "links" {
      for_each = var.repository_url == "" ? [] : ["docs/OPERATIONS.md#latamlatencymedianbreached"]
      content {
        display_name = "Runbook"
        url          = "${var.repository_url}/blob/main/${links.value}"
      }
    }
  }
}
