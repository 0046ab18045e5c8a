# The model alerts of deploy/prometheus/model-rules.yml (live ROC AUC, input drift, outcomes
# stopped, prediction log entries lost, the rollout not followed, the monitor failing, request log
# lines lost, an instance behind the store's changes), evaluated by Cloud Monitoring on the Managed Service for
# Prometheus data the sidecar writes: the rules file, which CI checks and unit-tests with
# promtool, is their one source. Each query is narrowed to this environment's service (the rules
# group by namespace, the service's name); staging's and production's alerts are apart.

locals {
  model_rules = {
    for rule in flatten([
      for group in yamldecode(file("${path.module}/../prometheus/model-rules.yml")).groups : group.rules
    ]) : rule.alert => rule
  }
}

resource "google_monitoring_alert_policy" "model" {
  for_each     = local.model_rules
  display_name = "latam-ml-infra ${var.environment}: ${each.key} (${each.value.labels.severity})"
  combiner     = "OR"
  severity     = each.value.labels.severity == "page" ? "CRITICAL" : "WARNING"
  conditions {
    display_name = each.key
    condition_prometheus_query_language {
      query = replace(
        each.value.expr,
        "job=\"latam-ml-infra\"",
        "job=\"latam-ml-infra\",namespace=\"${google_cloud_run_v2_service.service.name}\"",
      )
      # Prometheus's "for" (whole hours or minutes) in the seconds Cloud Monitoring takes.
      duration            = "${endswith(each.value.for, "h") ? tonumber(trimsuffix(each.value.for, "h")) * 3600 : tonumber(trimsuffix(each.value.for, "m")) * 60}s"
      evaluation_interval = "60s"
      rule_group          = "latam-model-alerts"
      # The service and its first gauges are made in the same apply: a query on a series not
      # written yet is otherwise refused.
      disable_metric_validation = true
      alert_rule                = each.key
      labels                    = each.value.labels
    }
  }
  notification_channels = concat(
    [google_monitoring_notification_channel.email.id],
    each.value.labels.severity == "page" ? var.page_notification_channels : [],
  )
  documentation {
    # The rules' {{ $labels.x }} name the series' labels, which the alert's incident shows.
    content   = "${replace(each.value.annotations.summary, "/\\{\\{ \\$labels\\.([a-z_]+) \\}\\}/", "`$1`")}. Runbook: ${each.value.annotations.runbook}"
    mime_type = "text/markdown"
    dynamic "links" {
      for_each = var.repository_url == "" ? [] : [each.value.annotations.runbook]
      content {
        display_name = "Runbook"
        url          = "${var.repository_url}/blob/main/${links.value}"
      }
    }
  }
}
