# Values for the GitHub repository's Actions variables (docs/OPERATIONS.md#first-deploy).

output "workload_identity_provider" {
  description = "GCP_WORKLOAD_IDENTITY_PROVIDER"
  value       = google_iam_workload_identity_pool_provider.github.name
}

output "deployer" {
  description = "GCP_DEPLOYER"
  value       = google_service_account.deployer.email
}

output "image_repository" {
  value = "${var.region}-docker.pkg.dev/${var.project}/${google_artifact_registry_repository.images.repository_id}"
}
