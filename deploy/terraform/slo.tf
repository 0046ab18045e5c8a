# The service's SLOs in Cloud Monitoring, the same as deploy/prometheus/slo-rules.yml:
#   availability: 99.5 % of requests not answered 5xx (503 shedding included) over 30 days;
#   latency: 50 % under 250 ms, 99 % under 3 s, over 30 days.
# Each with multiwindow burn-rate alerts: fast (14.4x over 1 h, checked on 5 min) pages, slow (6x
# over 6 h, checked on 30 min) opens a ticket.

resource "google_monitoring_custom_service" "service" {
  service_id   = local.name
  display_name = "latam-ml-infra (${var.environment})"
}

locals {
  run_requests = "metric.type=\"run.googleapis.com/request_count\" resource.type=\"cloud_run_revision\" resource.label.\"service_name\"=\"${local.name}\""
  run_latency  = "metric.type=\"run.googleapis.com/request_latencies\" resource.type=\"cloud_run_revision\" resource.label.\"service_name\"=\"${local.name}\""
}

resource "google_monitoring_slo" "availability" {
  service             = google_monitoring_custom_service.service.service_id
  slo_id              = "availability"
  display_name        = "99.5 % of requests answered without a 5xx, 30 days"
  goal                = 0.995
  rolling_period_days = 30
  request_based_sli {
    good_total_ratio {
      bad_service_filter   = "${local.run_requests} metric.label.\"response_code_class\"=\"5xx\""
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
  # The p50 SLO's budget is half the requests, so its burn rate cannot pass 2: it gets a
  # policy of its own below, not the 14.4x and 6x burn alerts.
  slos = {
    availability = google_monitoring_slo.availability.id
    latency-p99  = google_monitoring_slo.latency_p99.id
  }
  burns = {
    fast = { long = "3600s", short = "300s", rate = 14.4, severity = "page" }
    slow = { long = "21600s", short = "1800s", rate = 6, severity = "ticket" }
  }
  alerts = merge([
    for slo, id in local.slos : {
      for burn, b in local.burns : "${slo}-${burn}" => merge(b, { slo = slo, id = id, burn = burn })
    }
  ]...)
}

resource "google_monitoring_alert_policy" "burn_rate" {
  for_each     = local.alerts
  display_name = "latam-ml-infra ${var.environment}: ${each.value.slo} ${each.value.burn} burn"
  combiner     = "AND"
  severity     = each.value.severity == "page" ? "CRITICAL" : "WARNING"
  conditions {
    display_name = "burn rate over ${each.value.long}"
    condition_threshold {
      filter          = "select_slo_burn_rate(\"${each.value.id}\", \"${each.value.long}\")"
      comparison      = "COMPARISON_GT"
      threshold_value = each.value.rate
      duration        = "0s"
    }
  }
  conditions {
    display_name = "burn rate over ${each.value.short}"
    condition_threshold {
      filter          = "select_slo_burn_rate(\"${each.value.id}\", \"${each.value.short}\")"
      comparison      = "COMPARISON_GT"
      threshold_value = each.value.rate
      duration        = "0s"
    }
  }
  notification_channels = [google_monitoring_notification_channel.email.id]
  documentation {
    content   = "Runbook: docs/OPERATIONS.md, section for ${each.value.slo} ${each.value.burn} burn."
    mime_type = "text/markdown"
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
  notification_channels = [google_monitoring_notification_channel.email.id]
  documentation {
    content   = "Runbook: docs/OPERATIONS.md#latamlatencymedianbreached"
    mime_type = "text/markdown"
  }
}
