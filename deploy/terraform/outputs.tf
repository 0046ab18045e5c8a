output "service_name" {
  value = google_cloud_run_v2_service.service.name
}

output "service_url" {
  description = "The URL to call, also the audience callers ask their ID tokens for"
  value       = local.service_url
}

output "service_url_hashed" {
  description = "The service's other URL (.a.run.app): it reaches the service too, but tokens must still name service_url"
  value       = google_cloud_run_v2_service.service.uri
}

output "token_audience" {
  description = "The audience callers ask their ID tokens for"
  value       = local.service_url
}

output "models_bucket" {
  value = google_storage_bucket.models.name
}

output "image_repository" {
  value = "${var.region}-docker.pkg.dev/${var.project}/latam"
}

output "flight_events_topic" {
  description = "The topic schedule systems publish flights and departures to (docs/OPERATIONS.md#live-flights-feed-pubsub)"
  value       = google_pubsub_topic.flight_events.name
}

output "flight_events_dead_letter_subscription" {
  description = "Where messages the service refused 5 times wait, 7 days, for inspection"
  value       = google_pubsub_subscription.flight_events_dead_letter.name
}

output "operator" {
  description = "The on-call's admin account of the service: operators get ID tokens for it (docs/OPERATIONS.md#roll-back)"
  value       = google_service_account.operator.email
}
