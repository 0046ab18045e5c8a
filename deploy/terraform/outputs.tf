output "service_name" {
  value = google_cloud_run_v2_service.service.name
}

output "service_url" {
  value = google_cloud_run_v2_service.service.uri
}

output "token_audience" {
  description = "The audience callers ask their ID tokens for"
  value       = "https://${local.name}-${data.google_project.this.number}.${var.region}.run.app"
}

output "models_bucket" {
  value = google_storage_bucket.models.name
}

output "image_repository" {
  value = "${var.region}-docker.pkg.dev/${var.project}/latam"
}
