output "service_url" {
  value = google_cloud_run_v2_service.service.uri
}

output "models_bucket" {
  value = google_storage_bucket.models.name
}

output "image_repository" {
  value = "${var.region}-docker.pkg.dev/${var.project}/${google_artifact_registry_repository.images.repository_id}"
}
